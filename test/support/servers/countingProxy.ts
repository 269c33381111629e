/**
 * A pass-through HTTP proxy on 127.0.0.1 that records every request it forwards, to prove
 * what reached the server (or that nothing did), and that can inject faults: 503 SlowDown,
 * 500 InternalError, connections reset in the middle of a body, and long delays, each at a
 * configurable rate from a seeded random sequence (so a run can be repeated). The Host header
 * is forwarded unchanged, so SigV4 signatures made for the proxy's address stay valid.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  path: string;
  /** The query-protocol Action of a form POST (STS, SNS), if any. */
  action?: string;
  /** The Range header, if any. */
  range?: string;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
}

export type FaultKind = "slowDown" | "internalError" | "resetResponse" | "resetRequest" | "delay";

export interface FaultRates {
  /** Probability (0 to 1) per request of each fault. */
  slowDown?: number;
  internalError?: number;
  /** Reset the connection after half of the response body was sent. */
  resetResponse?: number;
  /** Reset the connection after half of the request body arrived (requests with a body). */
  resetRequest?: number;
  delay?: number;
  /** How long a delayed request waits before it is forwarded. */
  delayMs?: number;
  seed?: number;
}

export interface CountingProxy {
  endpoint: string;
  seen: SeenRequest[];
  /** Faults injected so far, by kind. */
  faults: Record<FaultKind, number>;
  /** Change the fault rates of later requests (e.g. none while a test sets up). */
  setFaults(rates: FaultRates): void;
  close(): Promise<void>;
}

/** A small deterministic PRNG (mulberry32), so fault sequences repeat for a given seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>proxy-${Date.now()}</RequestId></Error>`;
}

/**
 * `beforeForward` runs (and is awaited) before each request goes on to the server, e.g. to change
 * the server's state "during" a request. `answer` may answer a request itself (status and
 * headers, no body) instead of forwarding it, e.g. with a redirect.
 */
export interface ProxyHooks {
  beforeForward?: (request: SeenRequest) => Promise<void>;
  answer?: (request: SeenRequest) => { status: number; headers: Record<string, string> } | undefined;
}

export async function startCountingProxy(
  targetEndpoint: string,
  initialFaults: FaultRates = {},
  hooks: ProxyHooks = {},
): Promise<CountingProxy> {
  const target = new URL(targetEndpoint);
  const seen: SeenRequest[] = [];
  const faults: Record<FaultKind, number> = {
    slowDown: 0,
    internalError: 0,
    resetResponse: 0,
    resetRequest: 0,
    delay: 0,
  };
  let rates = initialFaults;
  let next = random(initialFaults.seed ?? 1);

  const pickFault = (hasBody: boolean): FaultKind | undefined => {
    const roll = next();
    let edge = 0;
    const candidates: [FaultKind, number | undefined][] = [
      ["slowDown", rates.slowDown],
      ["internalError", rates.internalError],
      ["resetResponse", rates.resetResponse],
      ["resetRequest", hasBody ? rates.resetRequest : 0],
      ["delay", rates.delay],
    ];
    for (const [kind, rate] of candidates) {
      edge += rate ?? 0;
      if (roll < edge) return kind;
    }
    return undefined;
  };

  const server = http.createServer((request, response) => {
    const hasBody =
      Number(request.headers["content-length"] ?? 0) > 0 || request.headers["transfer-encoding"] !== undefined;
    const fault = pickFault(hasBody);
    if (fault) faults[fault] += 1;
    const chunks: Buffer[] = [];
    let received = 0;
    const expected = Number(request.headers["content-length"] ?? 0);
    request.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (fault === "resetRequest" && received >= expected / 2) request.socket.destroy();
    });
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const form = request.headers["content-type"]?.includes("x-www-form-urlencoded")
        ? new URLSearchParams(body.toString())
        : undefined;
      const entry: SeenRequest = {
        method: request.method ?? "GET",
        path: request.url ?? "/",
        action: form?.get("Action") ?? undefined,
        range: request.headers.range,
        fault,
      };
      seen.push(entry);
      const answer = hooks.answer?.(entry);
      if (answer) {
        response.writeHead(answer.status, { "content-length": 0, ...answer.headers });
        response.end();
        return;
      }
      if (fault === "slowDown" || fault === "internalError") {
        const [status, code] = fault === "slowDown" ? [503, "SlowDown"] : [500, "InternalError"];
        response.writeHead(status, { "content-type": "application/xml" });
        response.end(errorXml(code, "injected by the test proxy"));
        return;
      }
      const forward = () => {
        const upstream = http.request(
          {
            host: target.hostname,
            port: target.port,
            method: request.method,
            path: request.url,
            headers: request.headers,
          },
          (upstreamResponse) => {
            response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
            if (fault !== "resetResponse") {
              upstreamResponse.pipe(response);
              return;
            }
            const length = Number(upstreamResponse.headers["content-length"] ?? 0);
            let sent = 0;
            upstreamResponse.on("data", (chunk: Buffer) => {
              if (sent >= length / 2) {
                upstreamResponse.destroy();
                response.socket?.destroy();
                return;
              }
              sent += chunk.length;
              response.write(chunk);
            });
            upstreamResponse.on("end", () => response.socket?.destroy());
          },
        );
        upstream.on("error", () => response.destroy());
        upstream.end(body);
      };
      const go = () => (fault === "delay" ? setTimeout(forward, rates.delayMs ?? 2000) : forward());
      if (hooks.beforeForward) hooks.beforeForward(entry).then(go, () => response.destroy());
      else go();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy did not get a port");
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    seen,
    faults,
    setFaults(newRates: FaultRates) {
      rates = newRates;
      if (newRates.seed !== undefined) next = random(newRates.seed);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
