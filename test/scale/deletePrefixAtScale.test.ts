/**
 * deletePrefix at scale: 50,000 keys in a versioned bucket with
 * Object Lock, some with older versions and one version under a legal hold, deleted through
 * the cursor loop a flow runs: every version goes but the held one, which is reported.
 */
import { ListObjectVersionsCommand, PutObjectCommand, PutObjectLegalHoldCommand } from "@aws-sdk/client-s3";
import { isRecord } from "../../src/glue/guards";
import { mapConcurrently } from "../../src/transfer/pool";
import { run, useTestBucket } from "../support/harness";
import { match } from "../support/matchers";

const KEYS = 50_000;
/** Keys that get two more versions. */
const REWRITTEN = 500;
const { bucket, verifier: s3 } = useTestBucket("delete-scale", { objectLockEnabled: true });
const key = (index: number): string => `bulk/${String(index).padStart(6, "0")}/é ${index % 7}.txt`;

let heldVersion: string | undefined;

beforeAll(async () => {
  const started = Date.now();
  const indexes = Array.from({ length: KEYS }, (_, index) => index);
  await mapConcurrently(indexes, 64, (index) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key(index), Body: "" })),
  );
  const rewritten = indexes.filter((index) => index % Math.floor(KEYS / REWRITTEN) === 0).slice(0, REWRITTEN);
  for (const round of [1, 2]) {
    await mapConcurrently(rewritten, 64, (index) =>
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: key(index), Body: `round ${round}` })),
    );
  }
  const held = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key(KEYS - 1), Body: "held" }));
  heldVersion = held.VersionId;
  await s3.send(
    new PutObjectLegalHoldCommand({
      Bucket: bucket,
      Key: key(KEYS - 1),
      VersionId: heldVersion,
      LegalHold: { Status: "ON" },
    }),
  );
  process.stderr.write(
    `deletePrefix at scale: ${KEYS + 2 * REWRITTEN + 1} versions created in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
}, 3_600_000);

it("deletes every version under the prefix through the cursor loop, reporting the held version", async () => {
  const started = Date.now();
  let cursor: string | null = null;
  let calls = 0;
  let last: Record<string, unknown> = {};
  const failures: unknown[] = [];
  do {
    const result = await run("deletePrefix", {
      bucket,
      prefix: "bulk/",
      allVersions: true,
      concurrency: 4,
      timeBudgetSeconds: 10,
      ...(cursor === null ? {} : { cursor }),
    });
    if (!isRecord(result) || !isRecord(result.data)) throw new Error("no result data");
    last = result.data;
    const listed: unknown = last.Failures;
    if (Array.isArray(listed)) failures.push(...listed.map((failure: unknown) => failure));
    cursor = typeof last.Cursor === "string" ? last.Cursor : null;
    calls += 1;
  } while (cursor !== null);
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(
    `deletePrefix at scale: ${KEYS + 2 * REWRITTEN + 1} versions in ${calls} calls, ${seconds.toFixed(0)} s\n`,
  );
  expect(calls).toBeGreaterThan(1);
  expect(last.Totals).toEqual({ Deleted: KEYS + 2 * REWRITTEN, Failed: 1 });
  expect(failures).toEqual([
    { Key: key(KEYS - 1), VersionId: heldVersion, Code: "AccessDenied", Message: match.any(String) },
  ]);
  const left = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: "bulk/" }));
  expect((left.Versions ?? []).map(({ Key, VersionId }) => ({ Key, VersionId }))).toEqual([
    { Key: key(KEYS - 1), VersionId: heldVersion },
  ]);
  expect(left.DeleteMarkers ?? []).toEqual([]);
}, 3_600_000);
