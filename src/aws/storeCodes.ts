/**
 * S3-compatible stores (Ceph among them), and the SDK for answers without a body, give some
 * failures another code than AWS does. Each is mapped to AWS's code here, once, so the hints
 * (errorHints.ts) are written for AWS's codes only.
 */
import type { AwsErrorDetail } from "./errors";

/** Operations that name a multipart upload by its id. */
const UPLOAD_ID_OPERATIONS = new Set([
  "UploadPart",
  "UploadPartCopy",
  "ListParts",
  "CompleteMultipartUpload",
  "AbortMultipartUpload",
]);

const VERSION_LOCK_READS = new Set(["GetObjectRetention", "GetObjectLegalHold"]);

/** AWS's code for what the store answered to `operation`. */
export function awsCodeOf(detail: AwsErrorDetail, operation: string): string {
  const { code } = detail;
  if (code === "NoSuchKey" || code === "NotFound") {
    // Ceph answers an unknown (completed or aborted) upload id with NoSuchKey.
    if (UPLOAD_ID_OPERATIONS.has(operation)) return "NoSuchUpload";
    // Ceph answers a notification naming a topic it does not have with NoSuchKey; AWS refuses
    // a destination it cannot validate with InvalidArgument.
    if (operation === "PutBucketNotificationConfiguration") return "InvalidArgument";
    // The SDK names a HEAD's bodiless 404 NotFound.
    return "NoSuchKey";
  }
  // Ceph answers a version without retention or legal hold with the bucket-level code.
  if (code === "ObjectLockConfigurationNotFoundError" && VERSION_LOCK_READS.has(operation))
    return "NoSuchObjectLockConfiguration";
  return code;
}
