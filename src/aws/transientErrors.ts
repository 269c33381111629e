/** Failures that may pass when the request is made again later: the server's (5xx, throttling) or the network's. */
import { describeAwsError } from "./errors";

const TRANSIENT_CODES = new Set([
  "SlowDown",
  "InternalError",
  "ServiceUnavailable",
  "RequestTimeout",
  "Throttling",
  "ThrottlingException",
  "TimeoutError",
]);

const NETWORK_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

export function isTransient(error: unknown): boolean {
  const { code, status } = describeAwsError(error);
  if (TRANSIENT_CODES.has(code) || (status !== undefined && status >= 500)) return true;
  const networkCode = error instanceof Error && "code" in error ? error.code : undefined;
  return typeof networkCode === "string" && NETWORK_CODES.has(networkCode);
}
