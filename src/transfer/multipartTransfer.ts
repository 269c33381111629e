/**
 * Moves one object between two connections as a multipart upload: ranged GETs pinned to the
 * source version are read into the shared part buffers and sent as parts with Content-MD5, so S3
 * checks every part against the MD5 computed here, and the finished object's size and
 * multipart ETag are checked against it as a whole.
 *
 * A call that runs out of time budget stops starting parts and leaves the upload in place. A
 * later call (or the same step run again after a crash) takes the upload over: each stored part
 * whose MD5 matches the source's bytes at that range is kept, not sent again; every other
 * unfinished upload to the destination key is aborted. Any failure aborts the upload.
 */
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  type MultipartUpload,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { readPinnedRange } from "./download";
import { tagCompletedObject } from "./multipart";
import { md5, md5ETag, type TransferJob, type TransferOutcome } from "./transferJob";
import type { SourceObject } from "./transferSource";

interface Plan {
  partSize: number;
  count: number;
}

const lengthOf = (plan: Plan, size: number, partNumber: number): number =>
  Math.min(plan.partSize, size - (partNumber - 1) * plan.partSize);

export async function transferInParts(job: TransferJob, source: SourceObject, plan: Plan): Promise<TransferOutcome> {
  const { destination } = job;
  const { uploadId, stored } = await takeOverUpload(job, source, plan);
  const upload = { Bucket: destination.Bucket, Key: destination.Key, UploadId: uploadId };
  const done = new Map<number, CompletedPart>();
  const md5s = new Map<number, Buffer>();
  const counts = { Uploaded: 0, Resumed: 0 };
  try {
    let next = 1;
    let sending = 0;
    // Until this call has begun a part that is not stored yet it goes on whatever the budget,
    // so every call moves the transfer forward.
    const goOn = (): boolean => next <= plan.count && (!job.budget.spent || sending === 0);
    const worker = async (): Promise<void> => {
      while (goOn()) {
        const PartNumber = next++;
        if (!stored.has(PartNumber)) sending += 1;
        const start = (PartNumber - 1) * plan.partSize;
        const length = lengthOf(plan, source.Size, PartNumber);
        await job.buffers.with(async (buffer) => {
          const bytes = buffer.subarray(0, length);
          const pinned = { Bucket: source.Bucket, Key: source.Key, VersionId: source.VersionId, IfMatch: source.ETag };
          await readPinnedRange(job.source, pinned, start, bytes, { direct: true });
          const digest = md5(bytes);
          md5s.set(PartNumber, digest);
          const hex = digest.toString("hex");
          if (stored.get(PartNumber) === hex) {
            counts.Resumed += 1;
            done.set(PartNumber, { PartNumber, ETag: `"${hex}"` });
            return;
          }
          const response = await destination.s3.send(
            new UploadPartCommand({
              ...upload,
              PartNumber,
              Body: bytes,
              ContentLength: length,
              ContentMD5: digest.toString("base64"),
            }),
          );
          const answered = md5ETag(response.ETag);
          if (answered !== undefined && answered !== hex) {
            throw new Error(
              `Transfer Object: S3 stored part ${PartNumber} of "${destination.Key}" with MD5 ${answered}, but ${hex} was sent; the upload was aborted. Run the step again.`,
            );
          }
          counts.Uploaded += 1;
          done.set(PartNumber, { PartNumber, ETag: response.ETag });
        });
      }
    };
    const workers = Array.from({ length: Math.min(job.concurrency, plan.count) }, worker);
    const settled = await Promise.allSettled(workers);
    const failed = settled.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  } catch (error) {
    // The transfer's own error is what the builder needs; a failing abort must not hide it.
    await destination.s3.send(new AbortMultipartUploadCommand(upload)).catch(() => undefined);
    throw error;
  }
  const outcome = {
    Method: "Multipart" as const,
    Bucket: destination.Bucket,
    Key: destination.Key,
    Size: source.Size,
    SourceETag: source.ETag,
    SourceVersionId: source.VersionId,
    Parts: { Total: plan.count, ...counts },
  };
  if (done.size < plan.count) {
    return { ...outcome, Done: false, Checksum: { Algorithm: "MD5", Compared: "each part sent so far" } };
  }
  return { ...outcome, ...(await complete(job, source, plan, upload, done, md5s)) };
}

async function complete(
  job: TransferJob,
  source: SourceObject,
  plan: Plan,
  upload: { Bucket: string; Key: string; UploadId: string },
  done: Map<number, CompletedPart>,
  md5s: Map<number, Buffer>,
) {
  const s3 = job.destination.s3;
  let completed;
  try {
    completed = await s3.send(
      new CompleteMultipartUploadCommand({
        ...upload,
        IfNoneMatch: job.doNotOverwrite ? "*" : undefined,
        MultipartUpload: { Parts: [...done.values()].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0)) },
      }),
    );
  } catch (error) {
    await s3.send(new AbortMultipartUploadCommand(upload)).catch(() => undefined);
    throw error;
  }
  const object = { Bucket: upload.Bucket, Key: upload.Key, VersionId: completed.VersionId };
  await tagCompletedObject(s3, object, source.Tagging);
  const written = await s3.send(new HeadObjectCommand(object));
  const parts = Array.from({ length: plan.count }, (_, index) => md5s.get(index + 1) ?? Buffer.alloc(0));
  const expected = `${md5(Buffer.concat(parts)).toString("hex")}-${plan.count}`;
  const etag = written.ETag?.replace(/"/g, "");
  if (written.ContentLength !== source.Size || (md5ETag(etag?.split("-")[0]) && etag !== expected)) {
    throw new Error(
      `Transfer Object: "${upload.Key}" was stored with ${written.ContentLength} bytes and ETag ${written.ETag}, but the source has ${source.Size} bytes whose parts give ETag "${expected}". Check the destination object and run the step again.`,
    );
  }
  return {
    Done: true,
    VersionId: completed.VersionId,
    ETag: written.ETag,
    Checksum: {
      Algorithm: "MD5" as const,
      Compared: "each part (Content-MD5) and the whole object's multipart ETag",
      Value: `"${expected}"`,
    },
  };
}

/** The upload to go on with (its stored parts' MD5s by part number), or a new one. */
async function takeOverUpload(
  job: TransferJob,
  source: SourceObject,
  plan: Plan,
): Promise<{ uploadId: string; stored: Map<number, string> }> {
  const { s3, Bucket, Key } = job.destination;
  let best: { uploadId: string; stored: Map<number, string> } | undefined;
  for (const upload of await unfinishedUploads(s3, Bucket, Key)) {
    const UploadId = upload.UploadId ?? "";
    const stored = await fittingParts(s3, { Bucket, Key, UploadId }, source.Size, plan);
    if (stored !== undefined && stored.size >= (best?.stored.size ?? 0)) {
      if (best) await abortQuietly(s3, { Bucket, Key, UploadId: best.uploadId });
      best = { uploadId: UploadId, stored };
    } else {
      await abortQuietly(s3, { Bucket, Key, UploadId });
    }
  }
  if (best) return best;
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      ...job.write,
      Bucket,
      Key,
      ContentType: source.ContentType,
      ...source.headers,
      Metadata: source.Metadata,
      Tagging: source.Tagging,
    }),
  );
  if (created.UploadId === undefined) throw new Error(`S3 started no multipart upload for "${Key}".`);
  return { uploadId: created.UploadId, stored: new Map() };
}

async function unfinishedUploads(s3: S3Client, Bucket: string, Key: string): Promise<MultipartUpload[]> {
  const uploads: MultipartUpload[] = [];
  let KeyMarker: string | undefined;
  let UploadIdMarker: string | undefined;
  do {
    const page = await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: Key, KeyMarker, UploadIdMarker }));
    uploads.push(...(page.Uploads ?? []).filter((upload) => upload.Key === Key && upload.UploadId));
    KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    UploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
  } while (KeyMarker);
  return uploads;
}

/** The parts of an upload by number with their MD5s, if every part has the size this plan gives it; undefined otherwise. */
async function fittingParts(
  s3: S3Client,
  upload: { Bucket: string; Key: string; UploadId: string },
  size: number,
  plan: Plan,
): Promise<Map<number, string> | undefined> {
  const stored = new Map<number, string>();
  let PartNumberMarker: string | undefined;
  do {
    const page = await s3.send(new ListPartsCommand({ ...upload, PartNumberMarker }));
    for (const part of page.Parts ?? []) {
      const number = part.PartNumber ?? 0;
      const hex = md5ETag(part.ETag);
      if (number < 1 || number > plan.count || part.Size !== lengthOf(plan, size, number) || hex === undefined) {
        return undefined;
      }
      stored.set(number, hex);
    }
    PartNumberMarker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
  } while (PartNumberMarker);
  return stored;
}

async function abortQuietly(s3: S3Client, upload: { Bucket: string; Key: string; UploadId: string }): Promise<void> {
  // Another writer's upload may be gone already; taking the key over does not depend on it.
  await s3.send(new AbortMultipartUploadCommand(upload)).catch(() => undefined);
}
