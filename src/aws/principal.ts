/**
 * Who a connection acts as, and on which service: whether two connections can share one
 * client (S3 then copies server-side), whether a bucket name on both sides is the same bucket,
 * and what a job's seals and cursors are bound to.
 */
import { createHmac } from "node:crypto";
import type { Connection } from "@prismatic-io/spectral";
import { readConnection } from "./credentials";

export interface Principal {
  /** The service, however its endpoint is spelled (see serviceOf). */
  service: string;
  /** The access key and role acted as; no secret. */
  id: string;
  /** Derived from the secret key, never the key itself: what seals are keyed with. */
  secret: Buffer;
}

const LOOPBACK_HOST = /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|\[::1\]|\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\])$/;

/**
 * One name per service: no endpoint and any of AWS's own S3 endpoints are AWS (bucket names
 * are global within a partition); otherwise the endpoint's host without case, any loopback
 * spelling as one, the port with its default filled in, and the path without trailing slashes.
 */
export function serviceOf(endpoint: string | undefined): string {
  if (endpoint === undefined) return "aws";
  const url = new URL(endpoint);
  // WHATWG URL has already lowered the host and read IPv4 in any notation (0x7f000001, 2130706433).
  const host = url.hostname;
  if (/(^|\.)amazonaws\.com$/.test(host)) return "aws";
  if (/(^|\.)amazonaws\.com\.cn$/.test(host)) return "aws-cn";
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const path = url.pathname.replace(/\/+$/, "");
  return `${LOOPBACK_HOST.test(host) ? "loopback" : host}:${port}${path}`;
}

export function principalOf(connection: Connection): Principal {
  const settings = readConnection(connection);
  return {
    service: serviceOf(settings.endpoint),
    id: [settings.accessKeyId, settings.role?.roleArn ?? "", settings.role?.externalId ?? ""].join("|"),
    secret: createHmac("sha256", settings.secretAccessKey).update("aws-s3-component principal").digest(),
  };
}

export function sameCredentials(a: Connection, b: Connection): boolean {
  const [first, second] = [readConnection(a), readConnection(b)];
  return (
    serviceOf(first.endpoint) === serviceOf(second.endpoint) &&
    first.accessKeyId === second.accessKeyId &&
    first.secretAccessKey === second.secretAccessKey &&
    (first.sessionToken ?? "") === (second.sessionToken ?? "") &&
    first.role?.roleArn === second.role?.roleArn &&
    first.role?.externalId === second.role?.externalId
  );
}
