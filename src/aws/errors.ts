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

/** The IAM permission an operation needs, for AccessDenied hints. */
export function permissionFor(operation: string): string {
  const name = operation.replace(/Command$/, "");
  const special: Record<string, string> = {
    ListObjectsV2: "s3:ListBucket",
    ListObjects: "s3:ListBucket",
    ListObjectVersions: "s3:ListBucketVersions",
    HeadObject: "s3:GetObject",
    HeadBucket: "s3:ListBucket",
    ListBuckets: "s3:ListAllMyBuckets",
    CreateMultipartUpload: "s3:PutObject",
    UploadPart: "s3:PutObject",
    UploadPartCopy: "s3:PutObject (and s3:GetObject on the source)",
    CompleteMultipartUpload: "s3:PutObject",
    AbortMultipartUpload: "s3:AbortMultipartUpload",
    ListParts: "s3:ListMultipartUploadParts",
    ListMultipartUploads: "s3:ListBucketMultipartUploads",
    CopyObject: "s3:GetObject on the source and s3:PutObject on the destination",
    DeleteObjects: "s3:DeleteObject",
    GetObjectAttributes: "s3:GetObject and s3:GetObjectAttributes",
    PutBucketNotificationConfiguration: "s3:PutBucketNotification",
    GetBucketNotificationConfiguration: "s3:GetBucketNotification",
    PutObjectLockConfiguration: "s3:PutBucketObjectLockConfiguration",
    GetObjectLockConfiguration: "s3:GetBucketObjectLockConfiguration",
    GetCallerIdentity: "none (any valid credentials may call it)",
  };
  if (special[name]) return special[name];
  const service = /Topic|Subscri|Publish/.test(name) ? "sns" : name === "AssumeRole" ? "sts" : "s3";
  return `${service}:${name}`;
}

function target(info: RequestInfo | undefined): string {
  if (!info) return "";
  if (info.key !== undefined && info.bucket !== undefined) return ` object "${info.key}" in bucket "${info.bucket}"`;
  if (info.bucket !== undefined) return ` bucket "${info.bucket}"`;
  return "";
}

/** Operations S3 answers with AccessDenied when Object Lock protects the version, whatever the IAM policy says. */
const OBJECT_LOCK_GUARDED = new Set(["DeleteObject", "PutObjectRetention"]);
const OBJECT_LOCK_DENIAL =
  " If the version is under Object Lock, S3 refuses this regardless of permissions: a version under retention or a legal hold cannot be deleted (check getObjectRetention and getObjectLegalHold), and GOVERNANCE retention can only be shortened or changed with Bypass Governance Retention; COMPLIANCE never.";

/** Operations that name a multipart upload by its id. */
const UPLOAD_ID_OPERATIONS = new Set([
  "UploadPart",
  "UploadPartCopy",
  "ListParts",
  "CompleteMultipartUpload",
  "AbortMultipartUpload",
]);

function describeCopySource(copySource: string | undefined): string {
  const match = /^([^/]+)\/([^?]*)/.exec(copySource ?? "");
  if (!match) return "";
  try {
    return ` "${decodeURIComponent(match[2])}" in bucket "${match[1]}"`;
  } catch {
    return "";
  }
}

/** A hint for the builder, by error code. */
export function hintFor(detail: AwsErrorDetail, info: RequestInfo | undefined): string | undefined {
  const operation = info?.operation.replace(/Command$/, "") ?? "this operation";
  switch (detail.code) {
    case "AccessDenied":
    case "AllAccessDisabled":
    case "AuthorizationError":
      return `the credentials are not allowed to call ${operation} on${target(info) || " this resource"}: grant ${permissionFor(operation)} in the IAM policy (and check bucket policies, KMS key policies and SCPs).${OBJECT_LOCK_GUARDED.has(operation) ? OBJECT_LOCK_DENIAL : ""}`;
    case "NoSuchBucket":
      return `the bucket${info?.bucket ? ` "${info.bucket}"` : ""} does not exist. Check its name (bucket names are global, and exact to the letter) and the connection's endpoint.`;
    case "NoSuchKey":
    case "NotFound":
      // Ceph answers a notification naming a topic it does not have with NoSuchKey.
      if (operation === "PutBucketNotificationConfiguration")
        return "a destination in the configuration does not exist: create the topic first (Create Topic) and use the ARN it returns.";
      // Ceph answers an unknown (completed or aborted) upload id with NoSuchKey.
      if (UPLOAD_ID_OPERATIONS.has(operation)) return hintFor({ ...detail, code: "NoSuchUpload" }, info);
      // A copy names its destination as Bucket and Key; what is missing is its source.
      if (operation === "CopyObject" || operation === "UploadPartCopy") {
        return `the source object${describeCopySource(info?.copySource)} does not exist: check Source Bucket, Source Key (case-sensitive, with any folder prefix) and Source Version ID.`;
      }
      return info?.key !== undefined
        ? `there is no${target(info)}. Keys are case-sensitive and include any folder prefix; check the version id if one was given.`
        : `the${target(info) || " resource"} was not found. Check the name and the region.`;
    case "NoSuchVersion":
      return `the version id does not exist for${target(info)}.`;
    case "NoSuchUpload":
      return "the multipart upload does not exist: it was completed or aborted, or the upload id is wrong.";
    case "InvalidRange":
      return "the requested range starts beyond the end of the object. Use a range within its size (see headObject).";
    case "PreconditionFailed":
      // A resumed or large download asks for the version it started with (If-Match its ETag).
      if (operation === "GetObject")
        return `the${target(info) || " object"} changed while it was being read (its ETag no longer matches). Run the step again to read the new version, or give a Version ID.`;
      return `the condition did not hold: with "do not overwrite" on, the${target(info) || " object"} already exists.`;
    case "BucketNotEmpty":
      return "a bucket must be empty (every object and every version) before it can be deleted. Delete its objects first (listObjects then deleteObjects).";
    case "BucketAlreadyExists":
      return "bucket names are global across all AWS accounts and this one is taken. Choose another name.";
    case "BucketAlreadyOwnedByYou":
      return "you already own this bucket.";
    case "PermanentRedirect":
    case "AuthorizationHeaderMalformed":
    case "IllegalLocationConstraintException":
      return "the bucket is in a different region. Choose the bucket's region in AWS Region (getBucketLocation tells which).";
    case "InvalidObjectState":
      return "the object is archived (Glacier storage class): restore it before reading it.";
    case "RequestTimeTooSkewed":
      return "the clock of the machine running the integration is off by more than 15 minutes.";
    case "SlowDown":
    case "ServiceUnavailable":
    case "Throttling":
    case "ThrottlingException":
      return "the service asked to slow down and the retries were used up. Try again later or spread the requests out.";
    case "EntityTooLarge":
      return "the body is larger than this operation allows (5 GiB for a single PUT). Use a multipart upload.";
    case "EntityTooSmall":
      return "every part of a multipart upload except the last must be at least 5 MiB.";
    case "InvalidPart":
    case "InvalidPartOrder":
      return "the parts listed do not match the uploaded parts: give every part's number and ETag as returned by uploadPart.";
    case "ObjectLockConfigurationNotFoundError":
    case "NoSuchObjectLockConfiguration":
      // Ceph answers a version without retention or legal hold with the bucket-level code.
      if (operation === "GetObjectRetention" || operation === "GetObjectLegalHold") {
        return `the object version has no ${operation === "GetObjectRetention" ? "retention period" : "legal hold"} (or its bucket does not have Object Lock enabled).`;
      }
      return "the bucket has no Object Lock configuration. Object Lock must be enabled when the bucket is created.";
    case "InvalidBucketState":
      return "the bucket's state does not allow this: versioning cannot be suspended on a bucket with Object Lock, and Object Lock needs versioning enabled.";
    case "InvalidArgument":
      return operation === "PutBucketNotificationConfiguration"
        ? "S3 refused the notification configuration: each destination must exist in the bucket's region and let S3 publish to it (Update Topic Policy), two entries may not share an event type for overlapping prefixes or suffixes, and some S3-compatible stores support only s3:ObjectCreated and s3:ObjectRemoved events."
        : undefined;
    case "MalformedXML":
      return operation === "PutObjectRetention"
        ? "with Retention Mode and Retain Until Date both empty the step asks S3 to remove the retention, as AWS allows (with Bypass Governance Retention for GOVERNANCE); a store that calls that malformed does not support removing a retention (Ceph does not). Give a mode and a date to change the retention instead."
        : undefined;
    case "MethodNotAllowed":
      return "the operation is not allowed on this object or bucket (for example a delete marker, or an object protected by Object Lock).";
    case "KMS.DisabledException":
    case "KMS.NotFoundException":
    case "KMSAccessDenied":
      return "the KMS key cannot be used: check the key id and grant kms:GenerateDataKey and kms:Decrypt.";
    case "NotImplemented":
      return "this server does not implement the operation (some S3-compatible services support only part of the S3 API).";
    case "InvalidClientTokenId":
    case "InvalidAccessKeyId":
      return "the access key ID is not known to the service. Check the Access Key ID (on the connection, or Dynamic Access Key ID), and the region or endpoint.";
    case "SignatureDoesNotMatch":
      return "the secret access key does not match the access key ID. Check the Secret Access Key (on the connection, or Dynamic Secret Access Key).";
    case "ExpiredToken":
    case "ExpiredTokenException":
    case "TokenRefreshRequired":
    case "InvalidToken":
      return "the session token is expired or invalid. Give fresh temporary credentials, or use an access key or the role connection.";
    default:
      // HEAD responses have no body, so a denied HEAD arrives without its code.
      return detail.status === 403 ? hintFor({ ...detail, code: "AccessDenied" }, info) : undefined;
  }
}
