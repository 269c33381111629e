/**
 * A safety net for tests about addresses the component must never reach: while it is on, every
 * socket this process opens through net.connect, tls.connect or an http(s) Agent to anything but
 * a loopback address (an IP literal, or a name once it resolved) fails before it connects, and is
 * recorded. So a test proves "nothing was attempted" by `attempted` (the component's own refusals
 * come before these), and even code that would wrongly connect sends no traffic off this machine.
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Duplex } from "node:stream";
import tls from "node:tls";

export interface LoopbackOnly {
  /** Hosts of connections refused by the net (non-loopback), in order. */
  readonly attempted: string[];
  off(): void;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;

const hostOf = (value: unknown): string => {
  if (typeof value !== "object" || value === null) return "localhost";
  const host: unknown = Reflect.get(value, "host") ?? Reflect.get(value, "hostname");
  return typeof host === "string" ? host : "localhost";
};

const isLoopback = (host: string): boolean => LOOPBACK.test(host) || (net.isIP(host) === 0 && host !== "");

export function loopbackOnly(): LoopbackOnly {
  const attempted: string[] = [];
  const refusal = (host: string): Error => {
    attempted.push(host);
    return new Error(`test network: ${host} is not a loopback address; not connected`);
  };
  /** A name passes to its lookup, whose answers must all be loopback. */
  const checkedLookup =
    (hostname: string, original: net.LookupFunction): net.LookupFunction =>
    (name, options, callback) =>
      original(name, options, (error, address, family) => {
        const addresses = Array.isArray(address) ? address.map((entry) => entry.address) : [address];
        const off = error ? undefined : addresses.find((one) => !LOOPBACK.test(one));
        if (off !== undefined) return callback(refusal(`${hostname} (${off})`), []);
        callback(error, address, family);
      });
  /** Throws for an IP literal off this machine; gives a name's options a checking lookup. */
  const netted = (options: unknown): void => {
    const host = hostOf(options);
    if (!isLoopback(host)) throw refusal(host);
    if (net.isIP(host) === 0 && typeof options === "object" && options !== null) {
      const given: unknown = Reflect.get(options, "lookup");
      const original: net.LookupFunction =
        typeof given === "function"
          ? (name, lookupOptions, callback) => void Reflect.apply(given, undefined, [name, lookupOptions, callback])
          : dns.lookup;
      Reflect.set(options, "lookup", checkedLookup(host, original));
    }
  };
  const netConnect = net.connect;
  const tlsConnect = tls.connect;

  jest.spyOn(net, "connect").mockImplementation((...args: Parameters<typeof net.connect>) => {
    netted(args[0]);
    return Reflect.apply(netConnect, net, args);
  });
  jest.spyOn(tls, "connect").mockImplementation((...args: Parameters<typeof tls.connect>) => {
    netted(args[0]);
    return Reflect.apply(tlsConnect, tls, args);
  });
  for (const prototype of [http.Agent.prototype, https.Agent.prototype]) {
    const original: unknown = Reflect.get(prototype, "createConnection");
    if (typeof original !== "function") throw new Error("http.Agent has no createConnection");
    jest.spyOn(prototype, "createConnection").mockImplementation(function (this: http.Agent, options, callback) {
      try {
        netted(options);
      } catch (error) {
        callback?.(error instanceof Error ? error : new Error(String(error)));
        return undefined;
      }
      const socket: unknown = Reflect.apply(original, this, [options, callback]);
      return socket instanceof Duplex ? socket : undefined;
    });
  }
  return {
    attempted,
    off: () => jest.restoreAllMocks(),
  };
}
