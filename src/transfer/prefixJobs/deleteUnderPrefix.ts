/**
 * Deletes every object under a prefix (with allVersions, every version and delete marker): one
 * listing page at a time into one DeleteObjects request, Concurrency requests in flight. A
 * page is deleted only once the next page is listed, so the listing never resumes from a
 * marker that was just deleted. Object Lock refusals come back per key and are reported, with
 * the lock that holds the version (read from it) and what would lift it.
 *
 * The cursor's key is the last key of the last page deleted. With versions, that key may have
 * more versions on the next page: a call going on from it deletes that key's remaining
 * versions first.
 */
import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
  type S3Client,
} from "@aws-sdk/client-s3";
import { compareKeys } from "../../rules/keyOrder";
import { mapConcurrently } from "../pool";
import type { TimeBudget } from "../timeBudget";
import { KeyFailures } from "./keyFailures";
import { lockHolds } from "./lockHolds";

export interface PrefixDeleteJob {
  s3: S3Client;
  Bucket: string;
  Prefix: string;
  allVersions: boolean;
  bypassGovernanceRetention: boolean;
  concurrency: number;
  budget: TimeBudget;
  /** Go on after this relative key (a cursor's). */
  after?: string;
}

export interface PrefixDeleteReport {
  Done: boolean;
  Deleted: number;
  Failed: number;
  after?: string;
  failures: KeyFailures;
}

interface Page {
  objects: ObjectIdentifier[];
  next?: { KeyMarker?: string; VersionIdMarker?: string; ContinuationToken?: string };
}

export async function deleteUnderPrefix(job: PrefixDeleteJob): Promise<PrefixDeleteReport> {
  const report = { Deleted: 0, Failed: 0, failures: new KeyFailures() };
  const inFlight = new Set<Promise<void>>();
  const send = (objects: ObjectIdentifier[]): void => {
    const sending = deleteBatch(job, objects, report);
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  };
  const start = job.after === undefined ? undefined : job.Prefix + job.after;
  if (start !== undefined && job.allVersions) {
    for await (const page of versionPages(job, start, { exactKey: true })) send(page.objects);
  }
  let held: Page | undefined;
  let lastKey = job.after;
  let stopped = false;
  const pages = job.allVersions ? versionPages(job, start, { exactKey: false }) : objectPages(job, start);
  for await (const page of pages) {
    // The page before is deleted now that this one is listed.
    if (held) {
      send(held.objects);
      lastKey = relativeLast(job, held) ?? lastKey;
    }
    held = page;
    while (inFlight.size >= job.concurrency) await Promise.race(inFlight);
    if (job.budget.spent) {
      stopped = true;
      break;
    }
  }
  if (held && !stopped) {
    send(held.objects);
    lastKey = relativeLast(job, held) ?? lastKey;
  }
  while (inFlight.size > 0) await Promise.all(inFlight);
  return { ...report, Done: !stopped, after: lastKey };
}

function relativeLast(job: PrefixDeleteJob, page: Page): string | undefined {
  const key = page.objects.at(-1)?.Key;
  return key === undefined ? undefined : key.slice(job.Prefix.length);
}

async function* objectPages(job: PrefixDeleteJob, start: string | undefined): AsyncGenerator<Page> {
  let ContinuationToken: string | undefined;
  do {
    const page = await job.s3.send(
      new ListObjectsV2Command({
        Bucket: job.Bucket,
        Prefix: job.Prefix || undefined,
        StartAfter: ContinuationToken ? undefined : start,
        ContinuationToken,
      }),
    );
    const objects = (page.Contents ?? []).map(({ Key }) => ({ Key }));
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (objects.length > 0) yield { objects };
  } while (ContinuationToken);
}

/** Version pages after `start`; with exactKey, only the versions of the key `start` itself. */
async function* versionPages(
  job: PrefixDeleteJob,
  start: string | undefined,
  options: { exactKey: boolean },
): AsyncGenerator<Page> {
  let KeyMarker = options.exactKey ? undefined : start;
  let VersionIdMarker: string | undefined;
  do {
    const page = await job.s3.send(
      new ListObjectVersionsCommand({
        Bucket: job.Bucket,
        Prefix: (options.exactKey ? start : job.Prefix) || undefined,
        KeyMarker,
        VersionIdMarker,
      }),
    );
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      // Whether a listing from KeyMarker includes that key differs between stores: the key is the exact pass's alone.
      .filter(({ Key }) => (options.exactKey ? Key === start : start === undefined || Key !== start))
      .map(({ Key, VersionId }) => ({ Key, VersionId }));
    KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    if (objects.length > 0) yield { objects: sortedByKey(objects) };
    // Past the exact key: the rest of the listing is other keys.
    if (options.exactKey && KeyMarker !== start) return;
  } while (KeyMarker);
}

/** Versions and delete markers come in two lists; the page's last key must be its greatest. */
function sortedByKey(objects: ObjectIdentifier[]): ObjectIdentifier[] {
  return objects.sort((a, b) => compareKeys(a.Key ?? "", b.Key ?? ""));
}

/** Each lock read is two small requests. */
const LOCK_READS_IN_FLIGHT = 4;

async function deleteBatch(
  job: PrefixDeleteJob,
  objects: ObjectIdentifier[],
  report: { Deleted: number; Failed: number; failures: KeyFailures },
): Promise<void> {
  try {
    const response = await job.s3.send(
      new DeleteObjectsCommand({
        Bucket: job.Bucket,
        Delete: { Objects: objects, Quiet: true },
        BypassGovernanceRetention: job.bypassGovernanceRetention || undefined,
      }),
    );
    const errors = response.Errors ?? [];
    report.Deleted += objects.length - errors.length;
    report.Failed += errors.length;
    // Only the failures a result lists are looked into: a bounded number of reads.
    const listed = errors.slice(0, report.failures.room());
    const holds = await mapConcurrently(listed, LOCK_READS_IN_FLIGHT, ({ Key, VersionId, Code }) =>
      Code === "AccessDenied" && Key !== undefined && VersionId !== undefined
        ? lockHolds(job.s3, { Bucket: job.Bucket, Key, VersionId }, job.bypassGovernanceRetention)
        : Promise.resolve(undefined),
    );
    errors.forEach((error, index) => {
      const message = error.Message || "not deleted";
      const hold = holds[index];
      report.failures.add({
        Key: error.Key ?? "",
        VersionId: error.VersionId,
        Code: error.Code ?? "Error",
        Message: hold ? `${message.replace(/\.?$/, ".")} ${hold}` : message,
      });
    });
  } catch (error) {
    report.Failed += objects.length;
    for (const { Key, VersionId } of objects) report.failures.addError({ Key: Key ?? "", VersionId }, error);
  }
}
