/**
 * What every multipart transfer shares: the part size, and the completed object's ETag (which Ceph leaves empty in its CompleteMultipartUpload answer).
 */
import { HeadObjectCommand, PutObjectTaggingCommand, type S3Client } from "@aws-sdk/client-s3";
import { MAX_PARTS, MIB } from "../rules/s3Limits";

/** The part size in bytes: as asked, or larger when the body would need more than 10,000 parts. */
export function partSizeFor(partSizeMiB: number, totalBytes?: number): number {
  const asked = partSizeMiB * MIB;
  return totalBytes === undefined ? asked : Math.max(asked, Math.ceil(totalBytes / MAX_PARTS));
}

/** The ETag, or undefined for an empty one ("" or a quoted empty string). */
export const presentETag = (etag: string | undefined): string | undefined =>
  etag === undefined || etag.replace(/"/g, "").trim() === "" ? undefined : etag;

/** The completed object's ETag: as answered, or from HeadObject when the server sent none (Ceph). */
export async function completedETag(
  s3: S3Client,
  object: { Bucket: string; Key: string; VersionId?: string },
  etag: string | undefined,
): Promise<string | undefined> {
  if (presentETag(etag)) return etag;
  const head = await s3.send(
    new HeadObjectCommand({ Bucket: object.Bucket, Key: object.Key, VersionId: object.VersionId }),
  );
  return head.ETag;
}

/**
 * Tags a completed multipart object. The tags also went with CreateMultipartUpload, where AWS
 * applies them atomically, but Ceph ignores them there; PutObjectTagging makes them stick
 * everywhere, and needs the same s3:PutObjectTagging permission as the header.
 */
export async function tagCompletedObject(
  s3: S3Client,
  object: { Bucket: string; Key: string; VersionId?: string },
  tagging: string | undefined,
): Promise<void> {
  if (!tagging) return;
  const TagSet = [...new URLSearchParams(tagging)].map(([Key, Value]) => ({ Key, Value }));
  await s3.send(new PutObjectTaggingCommand({ ...object, Tagging: { TagSet } }));
}
