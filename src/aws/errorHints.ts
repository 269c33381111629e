/**
 * What to do about an AWS error, as a table: one row per error code, and a few rows for a code
 * on one operation. Codes are AWS's: what S3-compatible stores send instead is mapped first
 * (storeCodes.ts). A new action's codes become rows here.
 */
import type { AwsErrorDetail, RequestInfo } from "./errors";
import { permissionFor } from "./permissions";
import { awsCodeOf } from "./storeCodes";

/** What a hint may name: the operation, and what it was called on. */
export interface Asked {
  operation: string;
  /** ` object "k" in bucket "b"`, ` bucket "b"`, or empty. */
  target: string;
  bucket?: string;
  key?: string;
  copySource?: string;
}

export type Hint = string | ((asked: Asked) => string);

/** Operations S3 answers with AccessDenied when Object Lock protects the version, whatever the IAM policy says. */
const OBJECT_LOCK_GUARDED = new Set(["DeleteObject", "PutObjectRetention"]);
const OBJECT_LOCK_DENIAL =
  " If the version is under Object Lock, S3 refuses this regardless of permissions: a version under retention or a legal hold cannot be deleted (check getObjectRetention and getObjectLegalHold), and GOVERNANCE retention can only be shortened or changed with Bypass Governance Retention; COMPLIANCE never.";

const accessDenied: Hint = ({ operation, target }) =>
  `the credentials are not allowed to call ${operation} on${target || " this resource"}: grant ${permissionFor(operation)} in the IAM policy (and check bucket policies, KMS key policies and SCPs).${OBJECT_LOCK_GUARDED.has(operation) ? OBJECT_LOCK_DENIAL : ""}`;
const missingKey: Hint = ({ key, target }) =>
  key !== undefined
    ? `there is no${target}. Keys are case-sensitive and include any folder prefix; check the version id if one was given.`
    : `the${target || " resource"} was not found. Check the name and the region.`;
const missingCopySource: Hint = ({ copySource }) =>
  `the source object${describeCopySource(copySource)} does not exist: check Source Bucket, Source Key (case-sensitive, with any folder prefix) and Source Version ID.`;
const wrongRegion =
  "the bucket is in a different region. Choose the bucket's region in AWS Region (getBucketLocation tells which).";
const slowDown =
  "the service asked to slow down and the retries were used up. Try again later or spread the requests out.";
const badParts =
  "the parts listed do not match the uploaded parts: give every part's number and ETag as returned by uploadPart.";
const noBucketLock =
  "the bucket has no Object Lock configuration. Object Lock must be enabled when the bucket is created.";
const kmsKey = "the KMS key cannot be used: check the key id and grant kms:GenerateDataKey and kms:Decrypt.";
const unknownKey =
  "the access key ID is not known to the service. Check the Access Key ID (on the connection, or Dynamic Access Key ID), and the region or endpoint.";
const badSession =
  "the session token is expired or invalid. Give fresh temporary credentials, or use an access key or the role connection.";

/** By AWS error code. */
export const HINTS: Readonly<Record<string, Hint>> = {
  AccessDenied: accessDenied,
  AllAccessDisabled: accessDenied,
  AuthorizationError: accessDenied,
  NoSuchBucket: ({ bucket }) =>
    `the bucket${bucket ? ` "${bucket}"` : ""} does not exist. Check its name (bucket names are global, and exact to the letter) and the connection's endpoint.`,
  NoSuchKey: missingKey,
  NoSuchVersion: ({ target }) => `the version id does not exist for${target}.`,
  NoSuchUpload: "the multipart upload does not exist: it was completed or aborted, or the upload id is wrong.",
  InvalidRange:
    "the requested range starts beyond the end of the object. Use a range within its size (see headObject).",
  PreconditionFailed: ({ target }) =>
    `the condition did not hold: with "do not overwrite" on, the${target || " object"} already exists.`,
  BucketNotEmpty:
    "a bucket must be empty (every object and every version) before it can be deleted. Delete its objects first (listObjects then deleteObjects).",
  BucketAlreadyExists: "bucket names are global across all AWS accounts and this one is taken. Choose another name.",
  BucketAlreadyOwnedByYou: "you already own this bucket.",
  PermanentRedirect: wrongRegion,
  AuthorizationHeaderMalformed: wrongRegion,
  IllegalLocationConstraintException: wrongRegion,
  InvalidObjectState: "the object is archived (Glacier storage class): restore it before reading it.",
  RequestTimeTooSkewed: "the clock of the machine running the integration is off by more than 15 minutes.",
  SlowDown: slowDown,
  ServiceUnavailable: slowDown,
  Throttling: slowDown,
  ThrottlingException: slowDown,
  EntityTooLarge: "the body is larger than this operation allows (5 GiB for a single PUT). Use a multipart upload.",
  EntityTooSmall: "every part of a multipart upload except the last must be at least 5 MiB.",
  InvalidPart: badParts,
  InvalidPartOrder: badParts,
  ObjectLockConfigurationNotFoundError: noBucketLock,
  NoSuchObjectLockConfiguration: noBucketLock,
  InvalidBucketState:
    "the bucket's state does not allow this: versioning cannot be suspended on a bucket with Object Lock, and Object Lock needs versioning enabled.",
  MethodNotAllowed:
    "the operation is not allowed on this object or bucket (for example a delete marker, or an object protected by Object Lock).",
  "KMS.DisabledException": kmsKey,
  "KMS.NotFoundException": kmsKey,
  KMSAccessDenied: kmsKey,
  NotImplemented:
    "this server does not implement the operation (some S3-compatible services support only part of the S3 API).",
  InvalidClientTokenId: unknownKey,
  InvalidAccessKeyId: unknownKey,
  SignatureDoesNotMatch:
    "the secret access key does not match the access key ID. Check the Secret Access Key (on the connection, or Dynamic Secret Access Key).",
  ExpiredToken: badSession,
  ExpiredTokenException: badSession,
  TokenRefreshRequired: badSession,
  InvalidToken: badSession,
};

/** By AWS error code on one operation, before the code's own row. */
export const OPERATION_HINTS: Readonly<Record<string, Readonly<Record<string, Hint>>>> = {
  // A copy names its destination as Bucket and Key; what is missing is its source.
  NoSuchKey: { CopyObject: missingCopySource, UploadPartCopy: missingCopySource },
  // A resumed or large download asks for the version it started with (If-Match its ETag).
  PreconditionFailed: {
    GetObject: ({ target }) =>
      `the${target || " object"} changed while it was being read (its ETag no longer matches). Run the step again to read the new version, or give a Version ID.`,
  },
  NoSuchObjectLockConfiguration: {
    GetObjectRetention: "the object version has no retention period (or its bucket does not have Object Lock enabled).",
    GetObjectLegalHold: "the object version has no legal hold (or its bucket does not have Object Lock enabled).",
  },
  InvalidArgument: {
    PutBucketNotificationConfiguration:
      "S3 refused the notification configuration: each destination must exist in the bucket's region (create the topic first with Create Topic and use the ARN it returns) and let S3 publish to it (Update Topic Policy), two entries may not share an event type for overlapping prefixes or suffixes, and some S3-compatible stores support only s3:ObjectCreated and s3:ObjectRemoved events.",
  },
  MalformedXML: {
    PutObjectRetention:
      "with Retention Mode and Retain Until Date both empty the step asks S3 to remove the retention, as AWS allows (with Bypass Governance Retention for GOVERNANCE); a store that calls that malformed does not support removing a retention (Ceph does not). Give a mode and a date to change the retention instead.",
  },
};

function describeCopySource(copySource: string | undefined): string {
  const match = /^([^/]+)\/([^?]*)/.exec(copySource ?? "");
  if (!match) return "";
  try {
    return ` "${decodeURIComponent(match[2])}" in bucket "${match[1]}"`;
  } catch {
    return "";
  }
}

function targetOf(info: RequestInfo | undefined): string {
  if (info?.key !== undefined && info.bucket !== undefined) return ` object "${info.key}" in bucket "${info.bucket}"`;
  if (info?.bucket !== undefined) return ` bucket "${info.bucket}"`;
  return "";
}

/** A hint for the builder, or undefined for a code the table does not know. */
export function hintFor(detail: AwsErrorDetail, info: RequestInfo | undefined): string | undefined {
  const operation = info?.operation.replace(/Command$/, "") ?? "this operation";
  const code = awsCodeOf(detail, operation);
  // A denied HEAD has no body, so it arrives without its code.
  const hint =
    OPERATION_HINTS[code]?.[operation] ?? HINTS[code] ?? (detail.status === 403 ? HINTS.AccessDenied : undefined);
  if (typeof hint !== "function") return hint;
  return hint({
    operation,
    target: targetOf(info),
    bucket: info?.bucket,
    key: info?.key,
    copySource: info?.copySource,
  });
}
