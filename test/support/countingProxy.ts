/**
 * A pass-through HTTP proxy on 127.0.0.1 that records every request it forwards, to prove
 * what reached the server (or that nothing did). The Host header is forwarded unchanged, so
 * SigV4 signatures made for the proxy's address stay valid.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  path: string;
  /** The query-protocol Action of a form POST (STS, SNS), if any. */
  action?: string;
}

export interface CountingProxy {
  endpoint: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startCountingProxy(targetEndpoint: string): Promise<CountingProxy> {
  const target = new URL(targetEndpoint);
  const seen: SeenRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const form = request.headers["content-type"]?.includes("x-www-form-urlencoded") ? new URLSearchParams(body.toString()) : undefined;
      seen.push({ method: request.method ?? "GET", path: request.url ?? "/", action: form?.get("Action") ?? undefined });
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
        (upstreamResponse) => {
          response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
          upstreamResponse.pipe(response);
        },
      );
      upstream.on("error", () => response.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy did not get a port");
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
