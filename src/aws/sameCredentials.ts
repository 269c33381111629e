/**
 * Whether two connections act as the same principal on the same service: then one client can
 * read the source and write the destination, and S3 copies server-side.
 */
import type { Connection } from "@prismatic-io/spectral";
import { readConnection } from "./credentials";

/** Both talk to the same service (the same endpoint, or both AWS): a bucket name means the same bucket. */
export function sameService(a: Connection, b: Connection): boolean {
  return (readConnection(a).endpoint ?? "") === (readConnection(b).endpoint ?? "");
}

export function sameCredentials(a: Connection, b: Connection): boolean {
  const [first, second] = [readConnection(a), readConnection(b)];
  return (
    sameService(a, b) &&
    first.accessKeyId === second.accessKeyId &&
    first.secretAccessKey === second.secretAccessKey &&
    (first.sessionToken ?? "") === (second.sessionToken ?? "") &&
    first.role?.roleArn === second.role?.roleArn &&
    first.role?.externalId === second.role?.externalId
  );
}
