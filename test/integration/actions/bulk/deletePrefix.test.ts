/**
 * deletePrefix against Ceph: whole prefixes, every version with a locked one among them, the
 * empty-prefix guard, bad cursors, and a cursor chain over many keys.
 */

import { setTimeout as sleep } from "node:timers/promises";
import {
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { isRecord } from "../../../../src/glue/guards";
import { mapConcurrently } from "../../../../src/transfer/pool";
import { failure, keyConnection, run, useTestBucket } from "../../../support/harness";
import { match } from "../../../support/matchers";
import { startCountingProxy } from "../../../support/servers/countingProxy";
import { testTarget } from "../../../support/target";

const { bucket, verifier: s3 } = useTestBucket("delete-prefix");
const { bucket: locked } = useTestBucket("delete-prefix-lock", { objectLockEnabled: true });

async function put(target: string, keys: string[], body = "x"): Promise<void> {
  await mapConcurrently(keys, 16, (Key) => s3.send(new PutObjectCommand({ Bucket: target, Key, Body: body })));
}

async function keysUnder(client: S3Client, target: string, Prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: target, Prefix, ContinuationToken }));
    keys.push(...(page.Contents ?? []).map(({ Key }) => Key ?? ""));
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return keys;
}

function resultOf(value: unknown): {
  Done: boolean;
  Cursor: string | null;
  Counts: unknown;
  Totals: unknown;
  Failures: unknown[];
} {
  if (!isRecord(value) || !isRecord(value.data)) throw new Error("no result data");
  const { Done, Cursor, Counts, Totals, Failures } = value.data;
  if (typeof Done !== "boolean" || !(typeof Cursor === "string" || Cursor === null) || !Array.isArray(Failures)) {
    throw new Error(`unexpected result ${JSON.stringify(value.data)}`);
  }
  return { Done, Cursor, Counts, Totals, Failures };
}

describe("deletePrefix", () => {
  it("deletes every object under the prefix and nothing beside it", async () => {
    const inside = Array.from({ length: 1_234 }, (_, index) => `old/${String(index).padStart(5, "0")} ü.txt`);
    await put(bucket, [...inside, "old", "older/kept.txt", "keep/old/a.txt"]);
    const result = resultOf(await run("deletePrefix", { bucket, prefix: "old/" }));
    expect(result).toEqual({
      Done: true,
      Cursor: null,
      Counts: { Deleted: 1_234, Failed: 0 },
      Totals: { Deleted: 1_234, Failed: 0 },
      Failures: [],
    });
    expect(await keysUnder(s3, bucket, "")).toEqual(["keep/old/a.txt", "old", "older/kept.txt"]);
  });

  it("refuses an empty prefix unless Empty Whole Bucket is on, before deleting anything", async () => {
    await put(bucket, ["guard/a.txt"]);
    const error = await failure("deletePrefix", { bucket, prefix: "" });
    expect(error.message).toMatch(/Prefix \(prefix\).*is empty.*Empty Whole Bucket \(emptyWholeBucket\)/s);
    expect(await keysUnder(s3, bucket, "guard/")).toEqual(["guard/a.txt"]);
  });

  it("refuses a cursor that is not one, or one nobody sealed (other work, or made up)", async () => {
    const garbage = await failure("deletePrefix", { bucket, prefix: "x/", cursor: "not-a-cursor" });
    expect(garbage.message).toMatch(/Cursor \(cursor\).*is not a cursor this step returned/s);
    const other = Buffer.from(JSON.stringify({ v: 2, job: "other", totals: {} })).toString("base64url");
    const foreign = await failure("deletePrefix", { bucket, prefix: "x/", cursor: other });
    expect(foreign.message).toMatch(/Cursor \(cursor\).*was changed, or issued to other credentials/s);
  });

  it("with All Versions deletes every version and delete marker, reporting a locked version and keeping it", async () => {
    const keys = Array.from({ length: 30 }, (_, index) => `v/${index}.txt`);
    for (let round = 0; round < 3; round += 1) await put(locked, keys, `round ${round}`);
    await s3.send(new PutObjectCommand({ Bucket: locked, Key: "v/0.txt", Body: "held" }));
    const held = await s3.send(new ListObjectVersionsCommand({ Bucket: locked, Prefix: "v/0.txt" }));
    const heldVersion = held.Versions?.find((version) => version.IsLatest)?.VersionId;
    await s3.send(
      new PutObjectLegalHoldCommand({
        Bucket: locked,
        Key: "v/0.txt",
        VersionId: heldVersion,
        LegalHold: { Status: "ON" },
      }),
    );
    // A delete marker too: the current objects deleted without All Versions.
    const markers = resultOf(await run("deletePrefix", { bucket: locked, prefix: "v/1" }));
    expect(markers.Counts).toEqual({ Deleted: 11, Failed: 0 });
    const result = resultOf(await run("deletePrefix", { bucket: locked, prefix: "v/", allVersions: true }));
    expect(result.Done).toBe(true);
    // 30 keys × 3 rounds + the held version + 11 delete markers, all but the held one.
    expect(result.Counts).toEqual({ Deleted: 90 + 11, Failed: 1 });
    expect(result.Failures).toEqual([
      { Key: "v/0.txt", VersionId: heldVersion, Code: "AccessDenied", Message: match.any(String) },
    ]);
    const left = await s3.send(new ListObjectVersionsCommand({ Bucket: locked, Prefix: "v/" }));
    expect((left.Versions ?? []).map(({ Key, VersionId }) => ({ Key, VersionId }))).toEqual([
      { Key: "v/0.txt", VersionId: heldVersion },
    ]);
    expect(left.DeleteMarkers ?? []).toEqual([]);
  });

  it("goes on from a cursor across calls, in a versioned bucket with many versions per key", async () => {
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    const keys = Array.from({ length: 400 }, (_, index) => `chain/${String(index).padStart(4, "0")}`);
    for (let round = 0; round < 3; round += 1) await put(bucket, keys, `r${round}`);
    // Every request through the proxy takes 0.6 s, so a budget of 2 s ends each call
    // after a page or two of the 1,000 versions a page holds.
    const proxy = await startCountingProxy(testTarget().endpoint, {}, { beforeForward: () => sleep(600) });
    let cursor: string | null = null;
    let calls = 0;
    let totals: unknown;
    do {
      const result = resultOf(
        await run("deletePrefix", {
          accessKey: keyConnection({ endpoint: proxy.endpoint }),
          bucket,
          prefix: "chain/",
          allVersions: true,
          concurrency: 1,
          timeBudgetSeconds: 2,
          ...(cursor === null ? {} : { cursor }),
        }),
      );
      cursor = result.Cursor;
      totals = result.Totals;
      calls += 1;
    } while (cursor !== null && calls < 50);
    await proxy.close();
    expect(calls).toBeGreaterThan(1);
    expect(totals).toEqual({ Deleted: 1_200, Failed: 0 });
    const left = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: "chain/" }));
    expect([...(left.Versions ?? []), ...(left.DeleteMarkers ?? [])]).toEqual([]);
  });
});
