/**
 * GETs an http(s) URL whose body is to be streamed (uploadFromUrl's source), following redirects.
 *
 * Why node:http and not fetch: the SDK has node:http loaded already, while fetch loads undici
 * and hands every chunk through web-stream promises; measured on a 1 GiB transfer
 * (npm run bench) fetch raised the process's peak RSS by about 15 MiB.
 */
import http from "node:http";
import https from "node:https";

export const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers a redirect to another origin must not carry, as browsers and fetch drop them. */
const ORIGIN_BOUND_HEADERS = ["authorization", "cookie", "proxy-authorization"];

export interface SourceResponse {
  /** Where the body comes from, after redirects. */
  url: URL;
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

/** The source could not be reached or broke off; the message says why, without the URL's query. */
export class SourceFailure extends Error {}

/**
 * Resolves once the final response's headers arrive, failing when they take longer than
 * `timeoutMs` in all. Afterwards a body that stays silent for `timeoutMs` fails with a SourceFailure.
 */
export async function requestSource(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<SourceResponse> {
  let sent: Record<string, string> = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  let current = url;
  const deadline = Date.now() + timeoutMs;
  for (let redirects = 0; ; redirects += 1) {
    const response = await get(current, sent, deadline - Date.now(), timeoutMs);
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.statusCode ?? 0) || location === undefined) {
      return { url: current, status: response.statusCode ?? 0, statusText: response.statusMessage ?? "", headers: response.headers, body: response };
    }
    response.destroy();
    if (redirects === MAX_REDIRECTS) throw new SourceFailure(`more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, current);
    if (next.protocol !== "http:" && next.protocol !== "https:") throw new SourceFailure(`redirected to a ${next.protocol.replace(/:$/, "")} URL, which cannot be fetched`);
    if (next.origin !== current.origin) sent = Object.fromEntries(Object.entries(sent).filter(([name]) => !ORIGIN_BOUND_HEADERS.includes(name)));
    current = next;
  }
}

function get(url: URL, headers: Record<string, string>, headersTimeoutMs: number, idleTimeoutMs: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const seconds = Math.round(idleTimeoutMs / 1000);
    let request: http.ClientRequest;
    try {
      request = (url.protocol === "https:" ? https : http).get(url, { headers });
    } catch (error) {
      // Header names and values node:http refuses (control characters, for instance) throw here.
      return reject(new SourceFailure(error instanceof Error ? error.message : String(error)));
    }
    const timer = setTimeout(() => request.destroy(new SourceFailure(`no answer within ${seconds} s`)), Math.max(headersTimeoutMs, 0));
    // `on`, not `once`: an error after the response (which the body's reader then sees) must not go unhandled.
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error instanceof SourceFailure ? error : new SourceFailure(error.message));
    });
    request.once("response", (response) => {
      clearTimeout(timer);
      // From here a silent source fails the body (its reader sees the error) instead of hanging until the flow's time limit.
      request.setTimeout(idleTimeoutMs, () => response.destroy(new SourceFailure(`the source sent nothing for ${seconds} s`)));
      resolve(response);
    });
  });
}
