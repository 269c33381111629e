/**
 * The "New and Updated Files" trigger on a versioned bucket of more than 30,000 keys, polled
 * through spectral's harness with its state carried between polls. Once the trigger has seen
 * the bucket at rest, keys are brought back from deletion (their old versions return, with
 * old dates), rolled back to an older version (old date again), overwritten and added: every
 * one of them must be reported exactly once, labelled new or updated by whether the previous
 * complete scan listed it, and nothing else.
 */
import {
  DeleteObjectsCommand,
  type ObjectIdentifier,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { harness, keyConnection, newBucket, region, useVerifier } from "../support/harness";
import { storedState, triggerOutcome } from "../support/triggerOutcome";

// Removing the bucket's 38,000 versions takes minutes too, more than 10 when the machine is busy.
const s3 = useVerifier({ removalTimeoutMs: 1_200_000 });
const BASE = 32_000;
const key = (i: number) => `files/${String(i).padStart(5, "0")} ü.txt`;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);

/** Runs `work` over `items`, `concurrency` at a time. */
async function each<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}

async function put(bucket: string, i: number, body: string): Promise<string> {
  return (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key(i), Body: body }))).VersionId ?? "";
}

async function remove(
  bucket: string,
  objects: ObjectIdentifier[],
): Promise<{ Key?: string; DeleteMarkerVersionId?: string }[]> {
  const deleted: { Key?: string; DeleteMarkerVersionId?: string }[] = [];
  for (let start = 0; start < objects.length; start += 1000) {
    const response = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects.slice(start, start + 1000) } }),
    );
    expect(response.Errors ?? []).toEqual([]);
    deleted.push(...(response.Deleted ?? []));
  }
  return deleted;
}

it("reports every undeleted, rolled-back, overwritten and new key exactly once, with the right label", async () => {
  const bucket = await newBucket("poll-scale");
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
  await each(range(0, BASE), 64, (i) => put(bucket, i, `v1 ${i}`));
  // Keys 0-499 get a second version (to roll back to the first); keys 500-2,499 are deleted (to bring back).
  const newest = await each(range(0, 500), 64, (i) => put(bucket, i, `v2 ${i}`));
  const markers = await remove(
    bucket,
    range(500, 2_500).map((i) => ({ Key: key(i) })),
  );
  expect(markers.every((deleted) => deleted.DeleteMarkerVersionId)).toBe(true);

  let instanceState: Record<string, unknown> = {};
  const reported: { Key: string; Change: string }[] = [];
  const poll = async () => {
    const result = await harness.trigger(
      "pollChangesFilesTrigger",
      undefined,
      // Nothing written before now is reported by the first scan: the test starts from rest.
      {
        accessKey: keyConnection(),
        awsRegion: region(),
        bucket,
        prefix: "files/",
        includeMetadata: true,
        maxKeysPerPoll: "7000",
        lookBackDate: restFrom,
      },
      { instanceState },
    );
    const outcome = triggerOutcome(result);
    instanceState = storedState(outcome.instanceState ?? instanceState);
    const records = Array.isArray(outcome.data.Records) ? outcome.data.Records : [];
    reported.push(
      ...records.map((record: unknown) => ({
        Key: String(Reflect.get(Object(record), "Key")),
        Change: String(Reflect.get(Object(record), "Change")),
      })),
    );
    return outcome.data.ScanComplete === true;
  };
  const settle = async () => {
    for (let complete = 0, polls = 0; complete < 2; polls += 1) {
      if (polls > 40) throw new Error("the scans did not complete");
      if (await poll()) complete += 1;
    }
  };
  const restFrom = new Date(Date.now() + 2000).toISOString();
  await new Promise((resolve) => setTimeout(resolve, 2100));
  await settle();
  expect(reported).toEqual([]);
  const stateBytes = JSON.stringify(instanceState).length;

  const expected = new Map<string, string>();
  // Rolled back: the newest version goes, the first returns with its old date.
  await remove(
    bucket,
    range(0, 500).map((i) => ({ Key: key(i), VersionId: newest[i] })),
  );
  for (const i of range(0, 500)) expected.set(key(i), "updated");
  // Brought back: the delete marker goes, the old version returns with its old date.
  await remove(
    bucket,
    markers.map((deleted) => ({ Key: deleted.Key, VersionId: deleted.DeleteMarkerVersionId })),
  );
  for (const i of range(500, 2_500)) expected.set(key(i), "new");
  await each(range(2_500, 3_000), 64, (i) => put(bucket, i, `v2 ${i}`));
  for (const i of range(2_500, 3_000)) expected.set(key(i), "updated");
  await each(range(BASE, BASE + 3_000), 64, (i) => put(bucket, i, `v1 ${i}`));
  for (const i of range(BASE, BASE + 3_000)) expected.set(key(i), "new");

  await settle();
  const byKey = new Map<string, string[]>();
  for (const { Key, Change } of reported) byKey.set(Key, [...(byKey.get(Key) ?? []), Change]);
  const wrong = [...byKey].filter(
    ([reportedKey, changes]) => changes.length !== 1 || changes[0] !== expected.get(reportedKey),
  );
  const missed = [...expected.keys()].filter((expectedKey) => !byKey.has(expectedKey));
  process.stdout.write(
    `poll scale: ${reported.length} reported of ${expected.size} changes among ${BASE + 3_000} keys; state at rest ${stateBytes.toLocaleString("en-US")} bytes\n`,
  );
  expect({ wrong: wrong.slice(0, 5), missed: missed.slice(0, 5), counts: [wrong.length, missed.length] }).toEqual({
    wrong: [],
    missed: [],
    counts: [0, 0],
  });
  expect(reported).toHaveLength(6_000);
  // Ceph takes about 300 writes a second on two cores: the 38,000 writes need minutes.
}, 900_000);
