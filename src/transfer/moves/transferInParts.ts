/**
 * Moves one object between two connections as a multipart upload: ranged GETs pinned to the
 * source version are read into the shared part buffers and sent as parts with Content-MD5, so S3
 * checks every part against the MD5 computed here, and the finished object's size and
 * multipart ETag are checked against it as a whole.
 *
 * A call that runs out of time budget stops starting parts and leaves the upload in place. A
 * later call (or the same step run again after a crash) goes on with it only when it can show
 * that this job started it with these very settings (uploadTakeover.ts); each stored part whose
 * MD5 matches the source's bytes at that range is then kept, not sent again. Uploads of other
 * writers are never completed or aborted. Any failure aborts this job's upload.
 */
import {
  type CompletedPart,
  CompleteMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { tagCompletedObject } from "../multipart";
import { readPinnedRange } from "../reads/readObject";
import { abortBoth, abortQuietly, type TakenUpload, takeOverUpload } from "./takeOverUpload";
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
  const settings = {
    ...job.write,
    Bucket: destination.Bucket,
    Key: destination.Key,
    ContentType: source.ContentType,
    ...source.headers,
    Metadata: source.Metadata,
    Tagging: source.Tagging,
  };
  const origin = [
    source.Bucket,
    source.Key,
    source.VersionId ?? "",
    source.ETag,
    String(source.Size),
    String(plan.partSize),
  ];
  const taken = await takeOverUpload(destination.s3, job.seal, settings, origin, (partNumber) =>
    partNumber >= 1 && partNumber <= plan.count ? lengthOf(plan, source.Size, partNumber) : undefined,
  );
  const { upload, stored } = taken;
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
    await abortBoth(destination.s3, taken);
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
  return { ...outcome, ...(await complete(job, source, plan, taken, done, md5s)) };
}

async function complete(
  job: TransferJob,
  source: SourceObject,
  plan: Plan,
  { upload, marker }: TakenUpload,
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
    await abortBoth(s3, { upload, marker });
    throw error;
  }
  await abortQuietly(s3, marker);
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
