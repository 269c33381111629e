/** The IAM permission each operation needs, named in AccessDenied hints. */

/** Operations whose permission is not `<service>:<operation>`. */
const PERMISSIONS: Readonly<Record<string, string>> = {
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

export function permissionFor(operation: string): string {
  const name = operation.replace(/Command$/, "");
  const listed = PERMISSIONS[name];
  if (listed !== undefined) return listed;
  const service = /Topic|Subscri|Publish/.test(name) ? "sns" : name === "AssumeRole" ? "sts" : "s3";
  return `${service}:${name}`;
}
