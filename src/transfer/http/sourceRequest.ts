/**
 * GETs an http(s) URL, following redirects unless told not to (at most 10; never from https to
 * http; a builder's headers never follow to another origin), and connecting only to addresses
 * the caller allows:
 * uploadFromUrl's source on its way into S3, and getObject's large bodies (download.ts) on
 * their way into the result. The GET itself is sourceConnection.ts: not node:http or fetch,
 * which allocate a fresh buffer for every read from the socket and leave V8 some 64 MiB of them
 * to collect (docs/guide/performance.md).
 */
import { lookup } from "node:dns/promises";
import net from "node:net";
import {
  AddressRefusal,
  type SourceBody,
  SourceConnection,
  SourceFailure,
  type SourceOptions,
  TOKEN,
} from "./sourceConnection";

const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/**
 * The only header a redirect to another origin keeps: any other one may be a credential (an
 * Authorization, a cookie, an X-Api-Key) meant for the first origin only.
 */
const CROSS_ORIGIN_HEADERS = ["accept-encoding"];
/** Headers the request itself writes: given by a caller they would corrupt or smuggle the request. */
export const REQUEST_OWNED_HEADERS = ["host", "content-length", "transfer-encoding", "connection"];

export interface SourceResponse {
  /** Where the body comes from, after redirects. */
  url: URL;
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: SourceBody;
}

/** Resolves once the final response's head arrives (redirects followed). */
export async function requestSource(
  url: URL,
  headers: Record<string, string>,
  options: SourceOptions,
): Promise<SourceResponse> {
  let sent = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  for (const [name, value] of Object.entries(sent)) {
    if (!TOKEN.test(name)) throw new SourceFailure(`"${name}" is not a valid header name`);
    if (REQUEST_OWNED_HEADERS.includes(name)) throw new SourceFailure(`the request sets the "${name}" header itself`);
    if (/[\r\n\0]/.test(value)) throw new SourceFailure(`the value of header "${name}" contains a line break`);
  }
  let current = url;
  const deadline = Date.now() + options.timeoutMs;
  for (let redirects = 0; ; redirects += 1) {
    const address = options.refuseAddress ? await checkedAddress(current, options.refuseAddress) : undefined;
    const connection = new SourceConnection(current, sent, options, deadline, address);
    const head = await connection.head;
    const location = head.headers.location;
    if (!REDIRECT_STATUSES.has(head.status) || location === undefined || options.followRedirects === false)
      return { url: current, ...head, body: connection };
    connection.cancel();
    if (redirects === MAX_REDIRECTS) throw new SourceFailure(`more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, current);
    if (next.protocol !== "http:" && next.protocol !== "https:")
      throw new SourceFailure(`redirected to a ${next.protocol.replace(/:$/, "")} URL, which cannot be fetched`);
    if (current.protocol === "https:" && next.protocol === "http:")
      throw new SourceFailure("redirected from https to plain http, which would send the request unencrypted");
    if (next.origin !== current.origin)
      sent = Object.fromEntries(Object.entries(sent).filter(([name]) => CROSS_ORIGIN_HEADERS.includes(name)));
    current = next;
  }
}

/** The address to connect to for `url`: every address its host has must pass `refuse`. */
async function checkedAddress(url: URL, refuse: (address: string) => string | undefined): Promise<string> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: string[];
  try {
    addresses = net.isIP(host)
      ? [host]
      : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch (error) {
    throw new SourceFailure(
      `the host name ${url.hostname} could not be resolved (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const refusals = addresses.flatMap((address) => refuse(address) ?? []);
  const first = addresses[0];
  if (refusals.length > 0 || first === undefined)
    throw new AddressRefusal(`${url.hostname} was not contacted: ${refusals[0] ?? "it has no address"}`);
  return first;
}
