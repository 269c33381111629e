/**
 * What every result built on an AWS call carries, as the official component's results do: the
 * SDK's `$metadata` (HTTP status, request ids, attempts), which a flow can log or hand to AWS
 * support. Results add their own fields beside it.
 */
import type { ResponseMetadata } from "@aws-sdk/types";

/** The `$metadata` the example payloads show, so the designer offers its fields before a run. */
export function exampleMetadata(httpStatusCode = 200): ResponseMetadata {
  return {
    httpStatusCode,
    requestId: "4Q2HAPSX4ZJ9B7TN",
    extendedRequestId: "hGmHsFOsE4ke0o+6HtJeT1f8fS+OJkJOwVlsUd6fQ3OEw1mWqsM4KmqA5Z8Jn0h8Z1Xq4dI8Wd0=",
    cfId: undefined,
    attempts: 1,
    totalRetryDelay: 0,
  };
}
