/**
 * Moves one object (one version) to another bucket, connection or provider, any size up to
 * S3's 5 TiB, with memory bounded by the part buffers:
 * - same credentials on both sides: S3 copies server-side (objectCopy.ts), no bytes pass here;
 * - up to one part: the GET that describes it, read into a buffer, and one PUT with Content-MD5;
 * - larger: a multipart upload of ranged GETs (multipartTransfer.ts), resumable.
 * The destination carries the source's content type, cache and disposition headers, user
 * metadata (plus source-etag and its seal, copyMark.ts) and, if asked, its tags, on every path.
 */
import type { Readable } from "node:stream";
import { MetadataDirective, PutObjectCommand } from "@aws-sdk/client-s3";
import { InputError } from "../../glue/clean";
import { MAX_PARTS, MIB } from "../../rules/s3Limits";
import { copyObjectAnySize } from "../copies/copyObjectAnySize";
import { objectExists } from "../reads/objectExists";
import { DIRECT_READ_BYTES, readPinnedRange } from "../reads/readObject";
import { markedMetadata } from "./copyMark";
import { transferInParts } from "./transferInParts";
import { md5, md5ETag, type TransferJob, type TransferOutcome } from "./transferJob";
import { openSource, readSource, type SourceObject } from "./transferSource";

/** S3's largest object. */
const MAX_OBJECT_BYTES = 5 * 1024 * 1024 * MIB;
/** Objects below this get a buffer of their own size instead of a part buffer. */
const SMALL_OBJECT_BYTES = MIB;

export async function copyBetween(job: TransferJob): Promise<TransferOutcome> {
  if (job.serverSide) {
    // Tags are read on every path: Ceph drops them on a server-side copy that replaces metadata.
    const source = withMarks(job, await readSource(job.source.s3, job.source, job.copyTags));
    await refuseUnwritable(job, source);
    return copyServerSide(job, source);
  }
  const opened = await openSource(job.source.s3, job.source, job.copyTags, SMALL_OBJECT_BYTES);
  const source = withMarks(job, opened.source);
  try {
    await refuseUnwritable(job, source);
  } catch (error) {
    opened.body?.destroy();
    throw error;
  }
  const partSize = job.buffers.size;
  if (source.Size <= partSize) return putWhole(job, source, opened.whole ? opened.body : undefined, opened.body);
  // Larger objects are read in ranges: the first answer's body is not needed.
  opened.body?.destroy();
  // More parts than S3 allows would need bigger buffers than the ones given: refuse, naming the fix.
  const count = Math.ceil(source.Size / partSize);
  if (count > MAX_PARTS) {
    throw new Error(
      `"${source.Key}" (${(source.Size / MIB).toFixed(0)} MiB) needs ${count} parts of ${partSize / MIB} MiB, more than S3's 10,000: raise Part Size (MiB) to at least ${Math.ceil(source.Size / MAX_PARTS / MIB)}.`,
    );
  }
  return transferInParts(job, source, { partSize, count });
}

function withMarks(job: TransferJob, read: SourceObject): SourceObject {
  const destination = { Bucket: job.destination.Bucket, Key: job.destination.Key };
  return { ...read, Metadata: markedMetadata(job.seal, { source: read, destination }, read.Metadata) };
}

/** Refuses, before any byte moves, what cannot be written: too large for S3, or there already under Do Not Overwrite. */
async function refuseUnwritable(job: TransferJob, source: SourceObject): Promise<void> {
  if (source.Size > MAX_OBJECT_BYTES) {
    throw new Error(`"${source.Key}" is ${source.Size} bytes, above S3's 5 TiB limit for one object.`);
  }
  if (job.doNotOverwrite && (await objectExists(job.destination.s3, job.destination))) {
    throw new InputError(
      job.doNotOverwrite,
      `is on and "${job.destination.Key}" already exists in ${job.destination.Bucket}, so nothing was written. Turn it off to replace the object, or choose another Destination Key.`,
    );
  }
}

function outcomeOf(job: TransferJob, source: SourceObject) {
  return {
    Done: true,
    Bucket: job.destination.Bucket,
    Key: job.destination.Key,
    Size: source.Size,
    SourceETag: source.ETag,
    SourceVersionId: source.VersionId,
  };
}

async function copyServerSide(job: TransferJob, source: SourceObject): Promise<TransferOutcome> {
  const copied = await copyObjectAnySize(job.destination.s3, {
    source,
    destination: { Bucket: job.destination.Bucket, Key: job.destination.Key },
    // REPLACE with the source's own properties: the copy keeps them and gains its marks.
    metadataDirective: MetadataDirective.REPLACE,
    metadata: source.Metadata,
    contentType: source.ContentType,
    headers: source.headers,
    acl: job.write.ACL,
    storageClass: job.write.StorageClass,
    encryption: { ServerSideEncryption: job.write.ServerSideEncryption, SSEKMSKeyId: job.write.SSEKMSKeyId },
    dropTags: !job.copyTags,
    tagging: source.Tagging,
  });
  return {
    ...outcomeOf(job, source),
    Method: "ServerSideCopy",
    VersionId: copied.VersionId,
    ETag: copied.CopyObjectResult.ETag,
    Parts: { Total: copied.PartCount, Uploaded: 0, Resumed: 0 },
    Checksum: { Algorithm: "MD5", Compared: "by S3 (server-side copy)", Value: copied.CopyObjectResult.ETag },
  };
}

/**
 * One PUT of an object up to one part. A small object's bytes are the body of the GetObject that
 * described it (`whole`), and it gets a buffer of its own size, so mirroring small files never
 * takes the part buffers; a larger one is read again into a part buffer (from DIRECT_READ_BYTES
 * on through a presigned GET of the same version: no per-read garbage).
 */
async function putWhole(
  job: TransferJob,
  source: SourceObject,
  whole: Readable | undefined,
  first: Readable | undefined,
): Promise<TransferOutcome> {
  const pinned = { Bucket: source.Bucket, Key: source.Key, VersionId: source.VersionId, IfMatch: source.ETag };
  const fill = async (bytes: Buffer): Promise<TransferOutcome> => {
    const direct = bytes.length >= DIRECT_READ_BYTES;
    const body = direct || bytes.length === 0 ? undefined : whole;
    if (body === undefined) first?.destroy();
    if (bytes.length > 0) await readPinnedRange(job.source, pinned, 0, bytes, { direct, body });
    return putBytes(job, source, bytes);
  };
  if (source.Size < SMALL_OBJECT_BYTES) return fill(Buffer.allocUnsafe(source.Size));
  return job.buffers.with((buffer) => fill(buffer.subarray(0, source.Size)));
}

async function putBytes(job: TransferJob, source: SourceObject, bytes: Buffer): Promise<TransferOutcome> {
  const digest = md5(bytes);
  const hex = digest.toString("hex");
  const response = await job.destination.s3.send(
    new PutObjectCommand({
      ...job.write,
      Bucket: job.destination.Bucket,
      Key: job.destination.Key,
      Body: bytes,
      ContentLength: bytes.length,
      ContentMD5: digest.toString("base64"),
      ContentType: source.ContentType,
      ...source.headers,
      Metadata: source.Metadata,
      Tagging: source.Tagging,
      IfNoneMatch: job.doNotOverwrite ? "*" : undefined,
    }),
  );
  const answered = md5ETag(response.ETag);
  if (answered !== undefined && answered !== hex) {
    throw new Error(
      `Transfer Object: S3 stored "${job.destination.Key}" with MD5 ${answered}, but ${hex} was sent. Run the step again.`,
    );
  }
  return {
    ...outcomeOf(job, source),
    Method: "SinglePut",
    VersionId: response.VersionId,
    ETag: response.ETag,
    Parts: { Total: 0, Uploaded: 0, Resumed: 0 },
    Checksum: { Algorithm: "MD5", Compared: "the whole object (Content-MD5 and ETag)", Value: hex },
  };
}
