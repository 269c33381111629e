/**
 * Copies an object inside S3 whatever its size; no bytes pass through the runner.
 *
 * Up to 5 GiB (the most one CopyObject can copy) it is one CopyObject; a source CopyObject
 * refuses as too large is measured with a HeadObject and copied as a multipart upload whose parts are UploadPartCopy
 * ranges of the source, several at a time. Every part copies only if the source still has the
 * ETag it had at the start, so an object replaced mid-copy fails the copy instead of mixing two
 * versions; any failure aborts the multipart upload, so nothing is left behind.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  MetadataDirective,
  type ObjectCannedACL,
  type S3Client,
  type ServerSideEncryption,
  type StorageClass,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import type { ResponseMetadata } from "@aws-sdk/types";
import { describeAwsError } from "../../aws/errors";
import { MAX_PART_BYTES, MAX_PARTS, MIB } from "../../rules/s3Limits";
import { taggingHeader } from "../../rules/tags";
import { presentETag, tagCompletedObject } from "../multipart";
import { mapConcurrently } from "../pool";

/** CopySource is "bucket/key?versionId=..." with the key URL-encoded segment by segment. */
export function copySource(bucket: string, key: string, version?: string): string {
  const encodedKey = key.split("/").map(encodeURIComponent).join("/");
  return `${bucket}/${encodedKey}${version ? `?versionId=${encodeURIComponent(version)}` : ""}`;
}

export interface CopyRequest {
  source: { Bucket: string; Key: string; VersionId?: string };
  destination: { Bucket: string; Key: string };
  metadataDirective: MetadataDirective;
  metadata?: Record<string, string>;
  contentType?: string;
  acl?: ObjectCannedACL;
  storageClass?: StorageClass;
  /** With REPLACE: the headers stored besides Content-Type (COPY keeps the source's). */
  headers?: StoredHeaders;
  encryption?: { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string };
  /** Leave the source's tags behind. */
  dropTags?: boolean;
  /**
   * Store exactly these tags (a Tagging header value) instead of leaving them to the copy:
   * Ceph drops a source's tags on a CopyObject with REPLACE, even with TaggingDirective COPY.
   */
  tagging?: string;
}

export interface StoredHeaders {
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  Expires?: Date;
}

export interface CopyTuning {
  /** Sources larger than this are copied in parts. */
  multipartThresholdBytes: number;
  partSize: number;
  concurrency: number;
}

/** What the Copy Object action uses: parts only where CopyObject cannot go. */
export const COPY_TUNING: CopyTuning = { multipartThresholdBytes: MAX_PART_BYTES, partSize: 256 * MIB, concurrency: 8 };

export interface CopyResult {
  /** The SDK's record of the CopyObject (or CompleteMultipartUpload) request. */
  $metadata: ResponseMetadata;
  Bucket: string;
  Key: string;
  CopyObjectResult: { ETag?: string; LastModified?: Date };
  VersionId?: string;
  CopySourceVersionId?: string;
  /** How many UploadPartCopy parts were used; 0 for a single CopyObject. */
  PartCount: number;
}

export async function copyObjectAnySize(
  s3: S3Client,
  request: CopyRequest,
  tuning: CopyTuning = COPY_TUNING,
): Promise<CopyResult> {
  // The common case is one request: CopyObject takes sources up to 5 GiB, so only a source it
  // refuses as too large is measured and copied in parts.
  if (tuning.multipartThresholdBytes >= MAX_PART_BYTES) {
    try {
      return await copyWhole(s3, request);
    } catch (error) {
      if (!isTooLargeForCopyObject(error)) throw error;
    }
    // S3 knows its own limit: what it refused goes in parts, whatever size the head reports.
    return copyInParts(s3, request, await s3.send(new HeadObjectCommand(request.source)), tuning);
  }
  const head = await s3.send(new HeadObjectCommand(request.source));
  if ((head.ContentLength ?? 0) <= tuning.multipartThresholdBytes) return copyWhole(s3, request);
  return copyInParts(s3, request, head, tuning);
}

/** S3's answer to a CopyObject whose source is above 5 GiB. */
function isTooLargeForCopyObject(error: unknown): boolean {
  const { code, message } = describeAwsError(error);
  return (
    code === "EntityTooLarge" ||
    (code === "InvalidRequest" && /larger than the maximum allowable size/i.test(message ?? ""))
  );
}

async function copyWhole(s3: S3Client, request: CopyRequest): Promise<CopyResult> {
  const { source, destination } = request;
  const response = await s3.send(
    new CopyObjectCommand({
      CopySource: copySource(source.Bucket, source.Key, source.VersionId),
      Bucket: destination.Bucket,
      Key: destination.Key,
      ACL: request.acl,
      MetadataDirective: request.metadataDirective,
      Metadata: request.metadata,
      ContentType: request.contentType,
      ...(request.metadataDirective === MetadataDirective.REPLACE ? request.headers : {}),
      StorageClass: request.storageClass,
      ...request.encryption,
      TaggingDirective: request.dropTags || request.tagging !== undefined ? "REPLACE" : undefined,
      Tagging: request.tagging,
    }),
  );
  // AWS stores the tags with the copy; Ceph ignores them there, so they are put once more.
  await tagCompletedObject(s3, { ...destination, VersionId: response.VersionId }, request.tagging);
  return {
    $metadata: response.$metadata,
    ...destination,
    CopyObjectResult: { ETag: response.CopyObjectResult?.ETag, LastModified: response.CopyObjectResult?.LastModified },
    VersionId: response.VersionId,
    CopySourceVersionId: response.CopySourceVersionId,
    PartCount: 0,
  };
}

async function copyInParts(
  s3: S3Client,
  request: CopyRequest,
  head: HeadObjectCommandOutput,
  tuning: CopyTuning,
): Promise<CopyResult> {
  const { source, destination } = request;
  const size = head.ContentLength ?? 0;
  const partSize = Math.max(tuning.partSize, Math.ceil(size / MAX_PARTS));
  const ranges = Array.from({ length: Math.ceil(size / partSize) }, (_, index) => ({
    PartNumber: index + 1,
    CopySourceRange: `bytes=${index * partSize}-${Math.min(size, (index + 1) * partSize) - 1}`,
  }));
  const properties = await copiedProperties(s3, request, head);
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      ...destination,
      ...properties,
      ACL: request.acl,
      StorageClass: request.storageClass,
      ...request.encryption,
    }),
  );
  const upload = { ...destination, UploadId: created.UploadId };
  let completed;
  try {
    const parts = await mapConcurrently(ranges, tuning.concurrency, async (range) => {
      const response = await s3.send(
        new UploadPartCopyCommand({
          ...upload,
          ...range,
          CopySource: copySource(source.Bucket, source.Key, source.VersionId ?? head.VersionId),
          CopySourceIfMatch: head.ETag,
        }),
      );
      return { PartNumber: range.PartNumber, ETag: response.CopyPartResult?.ETag };
    });
    await sourceUnchanged(s3, request, head);
    completed = await s3.send(new CompleteMultipartUploadCommand({ ...upload, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    // The copy's own error is what the builder needs; a failing abort must not hide it.
    await s3.send(new AbortMultipartUploadCommand(upload)).catch(() => undefined);
    throw error;
  }
  const object = { ...destination, VersionId: completed.VersionId };
  await tagCompletedObject(s3, object, properties.Tagging);
  // CompleteMultipartUpload tells no LastModified (and Ceph no ETag): the new object does.
  const copied = await s3.send(new HeadObjectCommand(object));
  return {
    $metadata: completed.$metadata,
    ...destination,
    CopyObjectResult: { ETag: presentETag(completed.ETag) ?? copied.ETag, LastModified: copied.LastModified },
    VersionId: completed.VersionId,
    CopySourceVersionId: head.VersionId,
    PartCount: ranges.length,
  };
}

/**
 * Some S3-compatible stores (Ceph) ignore x-amz-copy-source-if-match on UploadPartCopy. A
 * source whose ETag is still the same once every part is copied was not replaced while they
 * were; a pinned version cannot change.
 */
async function sourceUnchanged(s3: S3Client, request: CopyRequest, head: HeadObjectCommandOutput): Promise<void> {
  if (request.source.VersionId ?? head.VersionId) return;
  const now = await s3.send(new HeadObjectCommand(request.source));
  if (now.ETag !== head.ETag) {
    throw new Error(
      `Copy Object: the source "${request.source.Key}" changed during the copy (its ETag went from ${head.ETag} to ${now.ETag}), so the copy was aborted and nothing was stored. Run the copy again.`,
    );
  }
}

/** CopyObject keeps the source's tags, and with the COPY directive its headers too; a multipart copy must carry them over itself. */
async function copiedProperties(s3: S3Client, request: CopyRequest, head: HeadObjectCommandOutput) {
  if (request.metadataDirective === MetadataDirective.REPLACE) {
    return {
      Metadata: request.metadata,
      ContentType: request.contentType,
      ...request.headers,
      Tagging: await sourceTagging(s3, request),
    };
  }
  return {
    Metadata: head.Metadata,
    ContentType: head.ContentType,
    CacheControl: head.CacheControl,
    ContentDisposition: head.ContentDisposition,
    ContentEncoding: head.ContentEncoding,
    ContentLanguage: head.ContentLanguage,
    Expires: head.Expires,
    WebsiteRedirectLocation: head.WebsiteRedirectLocation,
    Tagging: await sourceTagging(s3, request),
  };
}

async function sourceTagging(s3: S3Client, request: CopyRequest): Promise<string | undefined> {
  if (request.tagging !== undefined) return request.tagging;
  return request.dropTags ? undefined : objectTagging(s3, request.source);
}

/** An object's tags as a Tagging header value (k=v&k2=v2), undefined when it has none. */
export async function objectTagging(
  s3: S3Client,
  object: { Bucket: string; Key: string; VersionId?: string },
): Promise<string | undefined> {
  const tagSet = (await s3.send(new GetObjectTaggingCommand(object))).TagSet ?? [];
  return tagSet.length > 0
    ? taggingHeader(tagSet.map((tag): [string, string] => [tag.Key ?? "", tag.Value ?? ""]))
    : undefined;
}
