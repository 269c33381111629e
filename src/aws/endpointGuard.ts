/**
 * The one guard between the AWS SDK's clients (S3, SNS, the role connection's STS) and the
 * network: http(s) agents that refuse, when connecting, every address
 * refusedEndpointAddress refuses (link-local, cloud metadata services), however the endpoint
 * spells it. Host names are judged by every address DNS gives for them (the `lookup` the socket
 * connects with, so no later answer can slip in); IP literals, which Node connects to without
 * a lookup, are judged in createConnection (declared in httpAgent.d.ts). Nothing is sent to a
 * refused address.
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { Duplex } from "node:stream";
import type { Connection } from "@prismatic-io/spectral";
import { refusedEndpointAddress } from "../rules/networkAddresses";
import { fieldName } from "./connectionFields";
import { connectionError } from "./credentials";

/** Every address of a host name, as dns.lookup({ all: true }) gives them; tests inject their own. */
export type Resolve = (hostname: string, options: dns.LookupAllOptions) => Promise<dns.LookupAddress[]>;

const systemResolve: Resolve = (hostname, options) => dns.promises.lookup(hostname, options);

/** Turns a host and the reason it is refused into the step's error. */
export type Refusal = (host: string, reason: string) => Error;

/**
 * A `lookup` for sockets: resolves with `resolve`, and fails with `refuse`'s error when any
 * address the name has is refused, so the socket never connects.
 */
export function guardedLookup(refuse: Refusal, resolve: Resolve = systemResolve): net.LookupFunction {
  return (hostname, options, callback) => {
    const all: dns.LookupAllOptions = { ...options, all: true };
    resolve(hostname, all).then(
      (addresses) => {
        const reason = addresses.map((entry) => refusedEndpointAddress(entry.address)).find(Boolean);
        const first = addresses[0];
        if (reason !== undefined) return callback(refuse(hostname, reason), []);
        if (first === undefined) return callback(refuse(hostname, "it has no address"), []);
        if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}

/** Why connecting to `host` itself is refused, when it is an IP literal (possibly in brackets). */
function refusedLiteral(host: string | null | undefined): string | undefined {
  const bare = (host ?? "").replace(/^\[(.*)\]$/, "$1");
  return net.isIP(bare) ? refusedEndpointAddress(bare) : undefined;
}

export interface GuardOptions {
  refuse: Refusal;
  resolve?: Resolve;
}

/** Both agents keep sockets alive as the SDK's own do (keepAlive, 50 sockets per host). */
const POOLING = { keepAlive: true, maxSockets: 50 };

export class GuardedHttpAgent extends http.Agent {
  private readonly refuse: Refusal;
  constructor(guard: GuardOptions) {
    super({ ...POOLING, lookup: guardedLookup(guard.refuse, guard.resolve) });
    this.refuse = guard.refuse;
  }
  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (error: Error | null, socket?: Duplex) => void,
  ): Duplex | undefined {
    const reason = refusedLiteral(options.host);
    if (reason === undefined) return super.createConnection(options, callback);
    callback?.(this.refuse(options.host ?? "", reason));
    return undefined;
  }
}

export class GuardedHttpsAgent extends https.Agent {
  private readonly refuse: Refusal;
  constructor(guard: GuardOptions) {
    super({ ...POOLING, lookup: guardedLookup(guard.refuse, guard.resolve) });
    this.refuse = guard.refuse;
  }
  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (error: Error | null, socket?: Duplex) => void,
  ): Duplex | undefined {
    const reason = refusedLiteral(options.host);
    if (reason === undefined) return super.createConnection(options, callback);
    callback?.(this.refuse(options.host ?? "", reason));
    return undefined;
  }
}

/**
 * How a refused endpoint fails the step: naming the connection's Custom Endpoint field (a
 * ConnectionError, so the platform flags the connection), also when AWS's own host name was
 * what resolved there.
 */
export function endpointRefusal(connection: Connection, endpoint: string | undefined): Refusal {
  return (host, reason) => {
    const shownHost = net.isIPv6(host) ? `[${host}]` : host;
    const where = endpoint
      ? `The connection's ${fieldName("endpoint")} ${endpoint} leads to ${shownHost}`
      : `The connection has no ${fieldName("endpoint")}, yet AWS's host name ${shownHost} resolved to an address it must not reach`;
    return connectionError(
      connection,
      `${where} (${reason}); nothing was sent. Requests never go to link-local or cloud metadata addresses: give the S3 service's own address in ${fieldName("endpoint")} (loopback and private network addresses are fine), or leave it empty for AWS.`,
    );
  };
}

/** The agents every SDK client of a connection sends through. */
export function guardedAgents(guard: GuardOptions): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  return { httpAgent: new GuardedHttpAgent(guard), httpsAgent: new GuardedHttpsAgent(guard) };
}
