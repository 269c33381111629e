/** S3 storage: buckets and their object versions, and reading them back as S3 would. */
import { createHash, randomBytes } from "node:crypto";
import type { Ctx } from "./context";
import { AwsError } from "./errors";
import type { BucketState, FakeAwsState, ObjectVersion } from "./state";

export const STORAGE_CLASSES = new Set([
  "STANDARD",
  "REDUCED_REDUNDANCY",
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER",
  "DEEP_ARCHIVE",
  "OUTPOSTS",
  "GLACIER_IR",
  "SNOW",
  "EXPRESS_ONEZONE",
]);

/** Adds a version; unless versioning is Enabled it replaces the "null" version, as S3 does. */
export function storeObject(
  bucket: BucketState,
  key: string,
  body: Buffer,
  contentType: string,
  storageClass: string,
  checksumAlgorithm: string,
  checksum: string,
): ObjectVersion {
  const version: ObjectVersion = {
    versionId: bucket.versioning === "Enabled" ? randomBytes(24).toString("base64url") : "null",
    deleteMarker: false,
    body,
    etag: `"${createHash("md5").update(body).digest("hex")}"`,
    contentType,
    lastModified: new Date(Math.floor(Date.now() / 1000) * 1000),
    storageClass,
    checksumAlgorithm,
    checksum,
  };
  const versions = (bucket.objects.get(key) ?? []).filter(
    (v) => bucket.versioning === "Enabled" || v.versionId !== "null",
  );
  versions.push(version);
  bucket.objects.set(key, versions);
  return version;
}

export function createBucketState(state: FakeAwsState, name: string): BucketState {
  const bucket: BucketState = { name, created: new Date(), versioning: undefined, objects: new Map() };
  state.buckets.set(name, bucket);
  return bucket;
}

export function requireBucket(state: FakeAwsState, name: string): BucketState {
  const b = state.buckets.get(name);
  if (b === undefined)
    throw new AwsError(404, "NoSuchBucket", "The specified bucket does not exist", { BucketName: name });
  return b;
}

export function findVersion(ctx: Ctx, bucket: BucketState, key: string): ObjectVersion {
  const versionId = ctx.query.find(([k]) => k === "versionId")?.[1] ?? undefined;
  const versions = bucket.objects.get(key) ?? [];
  if (versionId === undefined) {
    const current = versions[versions.length - 1];
    if (current === undefined) throw new AwsError(404, "NoSuchKey", "The specified key does not exist.", { Key: key });
    if (current.deleteMarker) {
      throw new AwsError(
        404,
        "NoSuchKey",
        "The specified key does not exist.",
        { Key: key },
        {
          "x-amz-delete-marker": "true",
          "x-amz-version-id": current.versionId,
        },
      );
    }
    return current;
  }
  const found = versions.find((v) => v.versionId === versionId);
  if (found === undefined) {
    if (bucket.versioning === undefined && versionId !== "null") {
      throw new AwsError(400, "InvalidArgument", "Invalid version id specified", {
        ArgumentName: "versionId",
        ArgumentValue: versionId,
      });
    }
    throw new AwsError(404, "NoSuchVersion", "The specified version does not exist.", {
      Key: key,
      VersionId: versionId,
    });
  }
  if (found.deleteMarker) {
    throw new AwsError(
      405,
      "MethodNotAllowed",
      "The specified method is not allowed against this resource.",
      {
        Method: ctx.method,
        ResourceType: "DeleteMarker",
      },
      { "x-amz-delete-marker": "true", "x-amz-version-id": found.versionId },
    );
  }
  return found;
}

export function objectHeaders(
  version: ObjectVersion,
  bucket: BucketState,
  withChecksum: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    ETag: version.etag,
    "Last-Modified": version.lastModified.toUTCString(),
    "Content-Type": version.contentType,
    "Accept-Ranges": "bytes",
  };
  if (version.storageClass !== "STANDARD") headers["x-amz-storage-class"] = version.storageClass;
  if (bucket.versioning !== undefined) headers["x-amz-version-id"] = version.versionId;
  if (withChecksum) {
    headers[`x-amz-checksum-${version.checksumAlgorithm.toLowerCase()}`] = version.checksum;
    headers["x-amz-checksum-type"] = "FULL_OBJECT";
  }
  return headers;
}
