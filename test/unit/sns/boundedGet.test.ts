/**
 * The triggers' only outbound GET (signing certificates, subscription confirmations) against
 * a local HTTPS server: it reads a 200 answer and refuses redirects, errors, oversized bodies
 * and servers that stall. The certificate store never points it here (SNS hosts only), so the
 * test calls it directly, trusting the local server's throwaway certificate through an agent.
 */
import https from "node:https";
import type { AddressInfo } from "node:net";
import { boundedGet, GetFailure, outboundGets } from "../../../src/sns/boundedGet";
import { loopbackOnly } from "../../support/loopbackOnly";
import { match } from "../../support/matchers";
import { selfSignedCertificate } from "../../support/servers/selfSignedCertificate";

const LIMITS = { timeoutMs: 500, maxBytes: 10 * 1024 };
const { keyPem, certificatePem } = selfSignedCertificate("127.0.0.1", "IP:127.0.0.1");
const agent = new https.Agent({ ca: certificatePem });
let server: https.Server;
let base: string;

beforeAll(async () => {
  server = https.createServer({ key: keyPem, cert: certificatePem }, (request, response) => {
    switch (request.url) {
      case "/ok":
        response.writeHead(200, { "content-type": "application/x-pem-file" }).end("-----BEGIN CERTIFICATE-----\n");
        return;
      case "/redirect":
        response.writeHead(301, { location: `${base}/ok` }).end();
        return;
      case "/missing":
        response.writeHead(404).end("not here");
        return;
      case "/unavailable":
        response.writeHead(503).end();
        return;
      case "/declared-too-big":
        response.writeHead(200, { "content-length": String(LIMITS.maxBytes + 1) }).end("x".repeat(LIMITS.maxBytes + 1));
        return;
      case "/streamed-too-big":
        // No length announced: the cap has to hold while reading.
        response.writeHead(200);
        for (let i = 0; i < 11; i += 1) response.write("x".repeat(1024));
        response.end();
        return;
      case "/stalls-before-answering":
        return;
      case "/stalls-mid-body":
        response.writeHead(200, { "content-length": "100" });
        response.write("partial");
        return;
      default:
        response.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  base = `https://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  agent.destroy();
});

async function failure(path: string): Promise<GetFailure> {
  try {
    await boundedGet(new URL(`${base}${path}`), LIMITS, agent);
  } catch (error) {
    if (error instanceof GetFailure) return error;
    throw error;
  }
  throw new Error(`GET ${path} succeeded`);
}

it("reads a 200 answer", async () => {
  const body = await boundedGet(new URL(`${base}/ok`), LIMITS, agent);
  expect(body.toString()).toBe("-----BEGIN CERTIFICATE-----\n");
});

it("follows no redirect and refuses other answers", async () => {
  expect(await failure("/redirect")).toMatchObject({ message: "the server answered HTTP 301", transient: false });
  expect(await failure("/missing")).toMatchObject({ message: "the server answered HTTP 404", transient: false });
  expect(await failure("/unavailable")).toMatchObject({ message: "the server answered HTTP 503", transient: true });
});

it("stops at the size cap, announced or not", async () => {
  expect((await failure("/declared-too-big")).message).toBe(
    "the response has 10241 bytes, more than the 10240 allowed",
  );
  expect((await failure("/streamed-too-big")).message).toBe("the response is larger than the 10240 bytes allowed");
});

it("gives up on a server that stalls, before or during the answer", async () => {
  expect(await failure("/stalls-before-answering")).toMatchObject({
    message: "no complete answer within 500 ms",
    transient: true,
  });
  expect(await failure("/stalls-mid-body")).toMatchObject({
    message: "no complete answer within 500 ms",
    transient: true,
  });
});

it("speaks only https, and does not even start another request", async () => {
  const before = outboundGets.started;
  await expect(boundedGet(new URL("http://127.0.0.1:9/ok"), LIMITS)).rejects.toThrow("http: is not https:");
  expect(outboundGets.started).toBe(before);
});

it("does not trust a certificate no one vouched for", async () => {
  await expect(boundedGet(new URL(`${base}/ok`), LIMITS)).rejects.toMatchObject({
    transient: true,
    message: match.stringMatching(/self.signed certificate/),
  });
});

describe("without an agent of the caller's", () => {
  it("never connects to a link-local or cloud metadata address, failing before it connects", async () => {
    const net = loopbackOnly();
    try {
      for (const host of ["169.254.169.254", "[fd00:ec2::254]", "0xa9fea9fe"]) {
        await expect(boundedGet(new URL(`https://${host}/SimpleNotificationService-0.pem`), LIMITS)).rejects.toThrow(
          /was not contacted/,
        );
      }
      expect(net.attempted).toEqual([]);
    } finally {
      net.off();
    }
  });
});
