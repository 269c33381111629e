/**
 * copyPrefix at scale, each call in a process of its own (test/support/migrationChild.ts) so
 * one can be killed mid-way like a step the platform stops: 10,000 objects with awkward keys
 * and mixed sizes between two users through the cursor loop a flow runs, one call killed and replayed with the cursor it was given: every object arrives
 * once, intact, and a second mirror run skips them all.
 */
import { randomBytes } from "node:crypto";
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { mapConcurrently } from "../../src/transfer/pool";

import type { MigrationJob } from "../support/migrationChild";
import {
  type ChildExit,
  field,
  killWhen,
  MIB,
  MINUTE,
  mib,
  numberAt,
  patterned,
  runChild,
  startChild,
  streamedSha256,
  uploadsHoldingData,
  useCrossUserBuckets,
  useMigrationChild,
} from "../support/migrationChildRunner";
import { testTarget } from "../support/target";

const { s3, source: manySource, target: manyTarget, other } = useCrossUserBuckets("migrate-many");
useMigrationChild();

describe("copyPrefix of many objects through the cursor loop, one call killed and replayed", () => {
  const COUNT = 10_000;
  const SOURCE_PREFIX = "set/";
  const TARGET_PREFIX = "mirror/";
  const pad = (index: number): string => String(index).padStart(5, "0");
  /**
   * Key shapes, taken in turn: spaces, "ü", "日本", characters above U+FFFF at the start, in the
   * middle and at the end, and keys that share prefixes. "\uffff" and "\ue000" sort after "😀" in
   * JavaScript (UTF-16) but before it in S3's UTF-8 order, next to keys with the same prefix.
   */
  const SHAPES = [
    (n: string) => `plain/${n}.txt`,
    (n: string) => `with space/report ${n} final.csv`,
    (n: string) => `ü/${n}-über.txt`,
    (n: string) => `日本/データ ${n}.json`,
    (n: string) => `😀/${n}`,
    (n: string) => `emoji/${n} 😀.txt`,
    (n: string) => `emoji/${n}\uffff.txt`,
    (n: string) => `emoji/${n}\ue000.txt`,
    (n: string) => `shared/${n}`,
    (n: string) => `shared/${n}/child`,
    (n: string) => `shared/${n} copy`,
    (n: string) => `mix/𝄞 ${n} ü 日本 😀 end`,
  ];
  const keyOf = (index: number): string => SHAPES[index % SHAPES.length](pad(Math.floor(index / SHAPES.length)));
  /** 1% of the objects take 6 to 12 MiB, so they go as multipart transfers of 5 MiB parts. */
  const isLarge = (index: number): boolean => index % 100 === 37;
  const sizeOf = (index: number): number =>
    isLarge(index) ? 6 * MIB + ((index * 1_000_003) % (6 * MIB)) : index % 500 === 11 ? 0 : 1 + ((index * 7919) % 4096);
  const indexes = Array.from({ length: COUNT }, (_, index) => index);

  beforeAll(async () => {
    const started = Date.now();
    const block = randomBytes(MIB);
    await mapConcurrently(indexes, 32, (index) =>
      s3.send(
        new PutObjectCommand({
          Bucket: manySource,
          Key: SOURCE_PREFIX + keyOf(index),
          Body: isLarge(index) ? patterned(block, index, sizeOf(index)) : randomBytes(sizeOf(index)),
        }),
      ),
    );
    process.stderr.write(
      `copyPrefix at scale: ${COUNT} objects made in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
  }, 30 * MINUTE);

  const copyJob = (cursor: string | undefined): MigrationJob => ({
    action: "copyPrefix",
    params: {
      sourceRegion: testTarget().region,
      destinationRegion: testTarget().region,
      sourceBucket: manySource,
      sourcePrefix: SOURCE_PREFIX,
      destinationBucket: manyTarget,
      destinationPrefix: TARGET_PREFIX,
      partSizeMiB: 5,
      concurrency: 8,
      timeBudgetSeconds: 10,
      ...(cursor === undefined ? {} : { cursor }),
    },
    connections: { sourceConnection: { user: "first" }, destinationConnection: { user: "second" } },
  });

  /** Runs the cursor loop to the end; `killOne` kills one call after ~4 s and replays its cursor. */
  async function mirror(killOne: boolean) {
    const failures: unknown[] = [];
    const peaks: number[] = [];
    let cursor: string | undefined;
    let last: Record<string, unknown> | undefined;
    let calls = 0;
    let killed: { exit: ChildExit; call: number; processed: number } | undefined;
    for (;;) {
      calls += 1;
      if (calls > 1_000) throw new Error("the cursor loop does not end");
      const processed = last ? numberAt(last, "Totals", "Copied") + numberAt(last, "Totals", "Skipped") : 0;
      const lastCall = last ? numberAt(last, "Counts", "Copied") + numberAt(last, "Counts", "Skipped") : 0;
      // Around the middle: once 40% is done, or sooner if about two calls' work is left (small runs).
      if (killOne && !killed && last && (processed >= COUNT * 0.4 || COUNT - processed <= 2 * lastCall)) {
        const running = startChild(copyJob(cursor));
        const startedAt = Date.now();
        const { exit } = await killWhen(running, () => Date.now() - startedAt >= 4_000);
        killed = { exit, call: calls, processed };
        // The same cursor again: the killed call returned none.
        continue;
      }
      const { data, maxRssBytes } = await runChild(copyJob(cursor));
      peaks.push(maxRssBytes);
      if (Array.isArray(data.Failures)) {
        const listed: unknown[] = data.Failures;
        failures.push(...listed);
      }
      last = data;
      if (data.Done === true) break;
      if (typeof data.Cursor !== "string") throw new Error(`Done false without a cursor: ${JSON.stringify(data)}`);
      cursor = data.Cursor;
    }
    return { last, calls, killed, failures, peakRssBytes: Math.max(...peaks) };
  }

  async function listing(client: S3Client, Bucket: string): Promise<Map<string, { Size: number; ETag: string }>> {
    const found = new Map<string, { Size: number; ETag: string }>();
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket, ContinuationToken }));
      for (const { Key, Size, ETag } of page.Contents ?? [])
        found.set(Key ?? "", { Size: Size ?? -1, ETag: ETag ?? "" });
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return found;
  }

  it(
    "copies every object once, intact, across the calls and the killed one; a second run skips them all",
    async () => {
      const started = Date.now();
      const run = await mirror(true);
      process.stderr.write(
        `copyPrefix at scale: ${COUNT} objects in ${run.calls} calls (call ${run.killed?.call} killed at ${run.killed?.processed} done), ${((Date.now() - started) / 1000).toFixed(0)} s, peak RSS ${mib(run.peakRssBytes)}, Totals ${JSON.stringify(field(run.last, "Totals"))}\n`,
      );
      // The killed call really was killed mid-way (it had not finished within 4 s).
      expect(run.killed?.exit.signal).toBe("SIGKILL");
      expect(run.failures).toEqual([]);

      const sources = await listing(s3, manySource);
      const targets = await listing(other(), manyTarget);
      expect(sources.size).toBe(COUNT);
      const relative = (keys: Iterable<string>, prefix: string) =>
        [...keys].map((key) => (key.startsWith(prefix) ? key.slice(prefix.length) : `(outside ${prefix}) ${key}`));
      const sourceKeys = new Set(relative(sources.keys(), SOURCE_PREFIX));
      const targetKeys = new Set(relative(targets.keys(), TARGET_PREFIX));
      expect([...sourceKeys].filter((key) => !targetKeys.has(key))).toEqual([]);
      expect([...targetKeys].filter((key) => !sourceKeys.has(key))).toEqual([]);

      // Same size and ETag; a multipart copy has its own ETag and carries the source's as source-etag.
      const differing: string[] = [];
      await mapConcurrently(indexes, 16, async (index) => {
        const key = keyOf(index);
        const source = sources.get(SOURCE_PREFIX + key);
        const target = targets.get(TARGET_PREFIX + key);
        if (source === undefined || target?.Size !== source.Size) return void differing.push(key);
        if (source.ETag === target.ETag) return;
        const head = await other().send(new HeadObjectCommand({ Bucket: manyTarget, Key: TARGET_PREFIX + key }));
        if (!isLarge(index) || head.Metadata?.["source-etag"] !== source.ETag) differing.push(key);
      });
      expect(differing).toEqual([]);

      // The bytes themselves: every multipart copy and about 30 small ones.
      const sample = indexes.filter((index) => isLarge(index) || index % Math.ceil(COUNT / 30) === 5);
      const mismatched: string[] = [];
      await mapConcurrently(sample, 4, async (index) => {
        const key = keyOf(index);
        const [source, target] = await Promise.all([
          streamedSha256(s3, manySource, SOURCE_PREFIX + key),
          streamedSha256(other(), manyTarget, TARGET_PREFIX + key),
        ]);
        if (source !== target) mismatched.push(key);
      });
      expect(sample.length).toBeGreaterThanOrEqual(40);
      expect(mismatched).toEqual([]);
      // The killed call may have died inside the few requests that start an upload and its marker:
      // what that leaves holds no data (docs/guide/reliability.md); no transfer's parts are left behind.
      expect(await uploadsHoldingData(other(), manyTarget)).toEqual([]);

      const again = await mirror(false);
      process.stderr.write(`copyPrefix at scale: the second run skipped in ${again.calls} calls\n`);
      expect(again.failures).toEqual([]);
      expect(field(again.last, "Totals")).toEqual({ Copied: 0, Skipped: COUNT, Deleted: 0, Failed: 0, Bytes: 0 });

      // Last, as it only counts: each object is counted once over the chain. One the killed call
      // copied is counted by the replay, as skipped.
      const totals = field(run.last, "Totals");
      expect(totals).toMatchObject({ Deleted: 0, Failed: 0 });
      expect(numberAt(totals, "Copied")).toBeLessThanOrEqual(COUNT);
      expect(numberAt(totals, "Copied") + numberAt(totals, "Skipped")).toBe(COUNT);
    },
    45 * MINUTE,
  );
});
