/** Reading the raw HTTP request: query string, headers, body, and the aws-chunked framing S3 uploads use. */
import type { IncomingMessage } from "node:http";

/** Raw query string -> decoded pairs; `k` without `=` gives value null (as the SDK signs it). */
export function parseRawQuery(raw: string): [string, string | null][] {
  const out: [string, string | null][] = [];
  if (raw === "") return out;
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0) out.push([decodeURIComponent(part), null]);
    else out.push([decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1))]);
  }
  return out;
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(",") : v;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Decode an `aws-chunked` body; returns the payload and any trailing headers. Chunk signatures are not verified. */
export function decodeAwsChunked(body: Buffer): { payload: Buffer; trailers: Record<string, string> } | undefined {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let pos = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", pos);
    if (lineEnd < 0) return undefined;
    const sizeText = body.subarray(pos, lineEnd).toString("latin1").split(";")[0] ?? "";
    const size = parseInt(sizeText.trim(), 16);
    if (!Number.isFinite(size) || size < 0) return undefined;
    pos = lineEnd + 2;
    if (size === 0) break;
    parts.push(body.subarray(pos, pos + size));
    pos += size + 2;
  }
  const rest = body.subarray(pos).toString("utf8");
  for (const line of rest.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { payload: Buffer.concat(parts), trailers };
}
