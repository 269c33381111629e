/**
 * Sends every HTTPS request of this test process to a server on 127.0.0.1 that answers for
 * `hostName` with a certificate of that name, so code that fetches from an AWS host can be
 * tested without any connection leaving the machine. Undo with `restore`.
 */

import type http from "node:http";
import https from "node:https";
import tls from "node:tls";
import { outbound } from "../../../src/sns/boundedGet";
import { selfSignedCertificate } from "./selfSignedCertificate";

export interface LoopbackHttps {
  /** Requests the stand-in received. */
  readonly requests: string[];
  restore(): Promise<void>;
}

export async function routeHttpsToLoopback(
  hostName: string,
  handler: (request: http.IncomingMessage, response: http.ServerResponse) => void,
): Promise<LoopbackHttps> {
  const { keyPem, certificatePem } = selfSignedCertificate(hostName, `DNS:${hostName}`);
  const requests: string[] = [];
  const standIn = https.createServer({ key: keyPem, cert: certificatePem }, (request, response) => {
    requests.push(request.url ?? "");
    handler(request, response);
  });
  await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", resolve));
  const address = standIn.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const saved = { global: https.globalAgent, outbound: outbound.agent };
  const routed = Object.assign(new https.Agent({ keepAlive: false }), {
    createConnection: (options: tls.ConnectionOptions) =>
      tls.connect({ ...options, host: "127.0.0.1", port, servername: hostName, ca: certificatePem }),
  });
  // Both: the triggers' own GETs (sns/boundedGet.ts) and any other https request of the process.
  https.globalAgent = routed;
  outbound.agent = routed;
  return {
    requests,
    restore: async () => {
      https.globalAgent = saved.global;
      outbound.agent = saved.outbound;
      standIn.closeAllConnections();
      await new Promise((resolve) => standIn.close(resolve));
    },
  };
}
