/**
 * Mirrors every object under a source prefix to a destination prefix: both listings are walked
 * together in key order; an object already identical at the destination (same size, and the
 * same ETag or this job's sealed mark of the source version, copyMark.ts) is skipped, the
 * others are transferred (objectTransfer.ts), Concurrency at a time through one set of part
 * buffers; with deleteRemoved, destination objects gone from the source are deleted. Per-key
 * failures are reported and the job goes on; a key that failed transiently (5xx, throttling, a
 * reset) is tried once more at the end of the call before it is reported, or left to the next
 * call when the budget is spent. When the time budget is spent no new key starts, the keys in
 * flight finish, and the result holds the key up to which everything is settled.
 */
import { DeleteObjectsCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { isTransient } from "../../aws/transientErrors";
import { copyBetween } from "../moves/copyBetween";
import { isMarkedCopy } from "../moves/copyMark";
import { md5ETag, type TransferJob } from "../moves/transferJob";
import { KeyFailures } from "./keyFailures";
import { type ListedObject, mergedByKey, objectsUnder } from "./prefixListing";
import { SettledWatermark } from "./settledWatermark";

export interface PrefixCopyJob extends Omit<TransferJob, "source" | "destination" | "doNotOverwrite"> {
  source: { s3: S3Client; presigner: S3Client; Bucket: string; Prefix: string };
  destination: { s3: S3Client; Bucket: string; Prefix: string };
  deleteRemoved: boolean;
  /** Go on after this relative key (a cursor's). */
  after?: string;
  /** Keys after `after` an earlier call already settled (and counted): passed by. */
  settledBefore?: readonly string[];
}

export interface PrefixCopyCounts {
  Copied: number;
  Skipped: number;
  Deleted: number;
  Failed: number;
  Bytes: number;
}

export interface PrefixCopyReport extends PrefixCopyCounts {
  Done: boolean;
  /** Every relative key up to this one is settled. */
  after?: string;
  /** Keys after `after` that are settled too. */
  settled: string[];
  failures: KeyFailures;
}

const DELETE_BATCH = 1000;

export async function mirrorPrefix(job: PrefixCopyJob): Promise<PrefixCopyReport> {
  const counts: PrefixCopyCounts = { Copied: 0, Skipped: 0, Deleted: 0, Failed: 0, Bytes: 0 };
  const failures = new KeyFailures();
  const watermark = new SettledWatermark(job.after);
  const settledBefore = new Set(job.settledBefore);
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  let removals: { entry: ReturnType<SettledWatermark["begin"]>; Key: string }[] = [];
  const flushRemovals = (): void => {
    if (removals.length === 0) return;
    const batch = removals;
    removals = [];
    track(
      removeBatch(job.destination, batch, counts, failures).then(() =>
        batch.forEach(({ entry }) => watermark.end(entry)),
      ),
    );
  };
  const retries: (() => Promise<void>)[] = [];
  let stopped = false;
  const pairs = mergedByKey(
    objectsUnder(job.source.s3, job.source.Bucket, job.source.Prefix, job.after),
    objectsUnder(job.destination.s3, job.destination.Bucket, job.destination.Prefix, job.after),
  );
  for await (const pair of pairs) {
    // A free slot first: the budget may run out while waiting for it.
    while (inFlight.size >= job.concurrency) await Promise.race(inFlight);
    if (job.budget.spent) {
      stopped = true;
      break;
    }
    const entry = watermark.begin(pair.relative);
    if (settledBefore.delete(pair.relative)) {
      watermark.end(entry);
      continue;
    }
    const { source, destination } = pair;
    if (!source) {
      if (!job.deleteRemoved || !destination) watermark.end(entry);
      else {
        removals.push({ entry, Key: destination.Key });
        if (removals.length >= DELETE_BATCH) flushRemovals();
      }
      continue;
    }
    const attempt = (last: boolean): Promise<void> =>
      copyOne(job, source, destination, counts, failures, last).then((outcome) => {
        if (outcome === "transient") retries.push(() => attempt(true));
        else watermark.end(entry, outcome === "settled");
      });
    track(attempt(false));
  }
  if (!stopped) flushRemovals();
  else removals.forEach(({ entry }) => watermark.end(entry, false));
  while (inFlight.size > 0) await Promise.all(inFlight);
  await retryLater(job, retries, track, inFlight);
  return {
    ...counts,
    Done: !stopped && watermark.complete,
    after: watermark.after,
    // Keys an earlier call settled that this one did not reach stay passed by.
    settled: [...watermark.settledBeyond, ...settledBefore],
    failures,
  };
}

/**
 * The keys that failed transiently, tried once more now that the others are done, Concurrency
 * at a time, while the budget lasts; the ones it leaves stay unsettled for the next call.
 */
async function retryLater(
  job: PrefixCopyJob,
  retries: readonly (() => Promise<void>)[],
  track: (work: Promise<void>) => void,
  inFlight: Set<Promise<void>>,
): Promise<void> {
  for (const retry of retries) {
    while (inFlight.size >= job.concurrency) await Promise.race(inFlight);
    if (job.budget.spent) break;
    track(retry());
  }
  while (inFlight.size > 0) await Promise.all(inFlight);
}

/**
 * Copies one object unless the destination already holds it: "unfinished" when the budget
 * left it so, "transient" when it failed in a way a later try may pass (unless this is the last try).
 */
async function copyOne(
  job: PrefixCopyJob,
  source: ListedObject,
  destination: ListedObject | undefined,
  counts: PrefixCopyCounts,
  failures: KeyFailures,
  lastTry: boolean,
): Promise<"settled" | "unfinished" | "transient"> {
  const Key = job.destination.Prefix + source.relative;
  try {
    if (destination && (await identical(job, source, destination))) {
      counts.Skipped += 1;
      return "settled";
    }
    const outcome = await copyBetween({
      ...job,
      source: { ...job.source, Key: source.Key },
      destination: { s3: job.destination.s3, Bucket: job.destination.Bucket, Key },
    });
    if (!outcome.Done) return "unfinished";
    counts.Copied += 1;
    counts.Bytes += outcome.Size;
  } catch (error) {
    if (!lastTry && isTransient(error)) return "transient";
    counts.Failed += 1;
    failures.addError({ Key: source.Key }, error);
  }
  return "settled";
}

async function identical(job: PrefixCopyJob, source: ListedObject, destination: ListedObject): Promise<boolean> {
  if (source.Size !== destination.Size) return false;
  // The same MD5 of the same bytes (or of the same parts): nothing to copy.
  if (source.ETag === destination.ETag && md5ETag(source.ETag.split("-")[0]) !== undefined) return true;
  // A multipart transfer's ETag depends on its part size, SSE-KMS's on nothing of the bytes:
  // this job's sealed mark of the source version tells.
  const { s3, Bucket } = job.destination;
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: destination.Key }));
  const copy = {
    source: { Bucket: job.source.Bucket, Key: source.Key, ETag: source.ETag, Size: source.Size },
    destination: { Bucket, Key: destination.Key },
  };
  return isMarkedCopy(job.seal, copy, head.Metadata);
}

async function removeBatch(
  side: { s3: S3Client; Bucket: string },
  batch: { Key: string }[],
  counts: PrefixCopyCounts,
  failures: KeyFailures,
): Promise<void> {
  try {
    const response = await side.s3.send(
      new DeleteObjectsCommand({
        Bucket: side.Bucket,
        Delete: { Objects: batch.map(({ Key }) => ({ Key })), Quiet: true },
      }),
    );
    const errors = response.Errors ?? [];
    counts.Deleted += batch.length - errors.length;
    counts.Failed += errors.length;
    for (const error of errors) {
      failures.add({ Key: error.Key ?? "", Code: error.Code ?? "Error", Message: error.Message ?? "not deleted" });
    }
  } catch (error) {
    counts.Failed += batch.length;
    for (const { Key } of batch) failures.addError({ Key }, error);
  }
}
