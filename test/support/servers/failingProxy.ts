/**
 * A pass-through HTTP proxy on 127.0.0.1 to the test S3 that answers the requests a test
 * chooses with an S3 error (HTTP 400, InvalidArgument unless the test names another; the SDK
 * does not retry it)
 * instead of forwarding them: a part that fails, every time, at a known place. Everything else
 * is forwarded unchanged (the Host header too, so SigV4 signatures stay valid).
 */
import http from "node:http";

export interface ProxiedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
}

/** An error S3 would send, e.g. AWS's answer to a CopyObject of more than 5 GiB (HTTP 400 unless `status` says otherwise). */
export interface S3ErrorReply {
  code: string;
  message: string;
  status?: number;
}

export interface FailingProxy {
  endpoint: string;
  /** Every request seen, and whether it was failed. */
  seen: (ProxiedRequest & { failed: boolean })[];
  close(): Promise<void>;
}

const REJECTED: S3ErrorReply = { code: "InvalidArgument", message: "Rejected by the test proxy." };
const errorXml = ({ code, message }: S3ErrorReply): string =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>failing-proxy</RequestId></Error>`;

/** `fails` may be async: the request waits for it (so a test can change the server's state first). */
export async function startFailingProxy(
  targetEndpoint: string,
  fails: (request: ProxiedRequest) => boolean | S3ErrorReply | Promise<boolean | S3ErrorReply>,
): Promise<FailingProxy> {
  const target = new URL(targetEndpoint);
  const seen: FailingProxy["seen"] = [];
  const answer = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://proxy");
    const proxied = {
      method: request.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
    };
    const verdict = await fails(proxied);
    const failed = verdict !== false;
    seen.push({ ...proxied, failed });
    if (failed) {
      // Read the whole body first: answering mid-upload would look like a network error.
      request.resume();
      request.on("end", () =>
        response
          .writeHead((verdict === true ? undefined : verdict.status) ?? 400, { "content-type": "application/xml" })
          .end(errorXml(verdict === true ? REJECTED : verdict)),
      );
      return;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
      },
    );
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  };
  const server = http.createServer((request, response) => {
    answer(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
