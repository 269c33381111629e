/**
 * The one place that turns AWS SDK errors into messages a builder can act on: the AWS error
 * code, the HTTP status, the request id, what was asked for, and a hint. Nothing here ever
 * prints a credential: messages are built from codes, names, the request's bucket and key, and
 * the server's own message with what it repeats of the signed request taken out.
 */
import type { ResponseMetadata } from "@aws-sdk/types";
import type { Connection } from "@prismatic-io/spectral";
import { redact } from "./redact";

/** What the failing request was: recorded by the client factory's middleware. */
export interface RequestInfo {
  connection: Connection;
  operation: string;
  bucket?: string;
  key?: string;
  /** A copy's source, as sent: "bucket/url-encoded-key?versionId=...". */
  copySource?: string;
}

const requestInfo = new WeakMap<object, RequestInfo>();

export function tagErrorWithConnection(error: unknown, info: RequestInfo): void {
  if (typeof error === "object" && error !== null && !requestInfo.has(error)) requestInfo.set(error, info);
}

export function requestInfoOf(error: unknown): RequestInfo | undefined {
  return typeof error === "object" && error !== null ? requestInfo.get(error) : undefined;
}

export interface AwsErrorDetail {
  code: string;
  status?: number;
  requestId?: string;
  /** The server's own message, when it gave one. */
  message?: string;
  /** "Code (HTTP 404, request id X): message" */
  summary: string;
}

const field = (value: object, name: string): unknown => (name in value ? Reflect.get(value, name) : undefined);

/**
 * Errors from Node's network stack may come from another realm (a VM context, a worker), where
 * `instanceof Error` fails and the SDK wraps them; so errors are recognised by shape.
 */
export function isErrorLike(error: unknown): error is Error {
  return typeof error === "object" && error !== null && typeof field(error, "message") === "string";
}
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** True for errors that came back from an AWS-protocol service (they carry `$metadata`). */
export function isAwsServiceError(error: unknown): error is Error {
  return (
    isErrorLike(error) && typeof field(error, "$metadata") === "object" && typeof field(error, "$fault") === "string"
  );
}

/**
 * AWS's query services (SNS, STS) answer a bad signature with the request as they read it: the
 * canonical request (its x-amz-security-token header line included) and the string to sign.
 */
const REPEATED_REQUEST = /\s*The (?:Canonical String|String-to-Sign)(?: for this request)? should have been[\s\S]*$/;

/** The server's message without the signed request it repeats, and without any credential in it. */
function serverMessage(message: string): string {
  return redact(message.replace(REPEATED_REQUEST, "")).trim();
}

export function describeAwsError(error: unknown): AwsErrorDetail {
  if (!isErrorLike(error)) return { code: "Error", summary: String(error) };
  const metadata = field(error, "$metadata");
  const status = typeof metadata === "object" && metadata !== null ? field(metadata, "httpStatusCode") : undefined;
  const requestId = typeof metadata === "object" && metadata !== null ? text(field(metadata, "requestId")) : undefined;
  const code = text(field(error, "Code")) ?? error.name ?? "Error";
  // The SDK fills in "UnknownError" when the server sent no message (Ceph does that).
  const said = serverMessage(error.message);
  const message = said && said !== "UnknownError" && said !== code ? said : undefined;
  const where = [
    typeof status === "number" ? `HTTP ${status}` : undefined,
    requestId ? `request id ${requestId}` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
  return {
    code,
    status: typeof status === "number" ? status : undefined,
    requestId,
    message,
    summary: `${code}${where ? ` (${where})` : ""}${message ? `: ${message}` : ""}`,
  };
}

/** The `$metadata` of a failed request, for results that report a failure as an answer. */
export function errorMetadata(error: unknown): ResponseMetadata {
  const { status, requestId } = describeAwsError(error);
  return { httpStatusCode: status, requestId };
}

/** Error codes that mean the credentials themselves are wrong, expired or unknown. */
export const CREDENTIAL_ERROR_CODES = new Set([
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidToken",
  "TokenRefreshRequired",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "AuthFailure",
  "IncompleteSignature",
  "MissingAuthenticationToken",
]);

const NETWORK_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "TimeoutError",
  "RequestTimeout",
]);

/** The reason a request could not reach the service, or undefined when it did. */
export function networkFailure(error: unknown): string | undefined {
  if (!isErrorLike(error)) return undefined;
  const code = text(field(error, "code"));
  // Node's messages carry the code ("connect ECONNREFUSED 127.0.0.1:9"), also when it is wrapped.
  const named = [code, error.name, ...error.message.split(/[\s:]+/)].some(
    (word) => word !== undefined && NETWORK_ERROR_CODES.has(word),
  );
  return named ? error.message.replace(/^AWS SDK error wrapper for (Error: )?/, "") : undefined;
}
