/**
 * The "New and Updated Files" polling trigger against Ceph, polled through spectral's harness
 * the way the platform does: the polling state lives in the flow's instance state
 * (spectral's pollingState keeps it under __prismaticInternal.polling), which is stored
 * between runs, so each poll gets a serialized copy of what the previous one left.
 */
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { harness, keyConnection, newBucket, region, useVerifier } from "../../support/harness";
import { match } from "../../support/matchers";
import { type CountingProxy, startCountingProxy } from "../../support/servers/countingProxy";
import { testTarget } from "../../support/target";
import { storedState, triggerOutcome } from "../../support/triggerOutcome";

const s3 = useVerifier();
let proxy: CountingProxy;
/** Runs once, inside the next listing request, before Ceph answers it: a write "during" a poll. */
let duringNextListing: (() => Promise<void>) | undefined;

beforeAll(async () => {
  proxy = await startCountingProxy(
    testTarget().endpoint,
    {},
    {
      beforeForward: async (request) => {
        if (request.method !== "GET" || !request.path.includes("list-type=2") || !duringNextListing) return;
        const write = duringNextListing;
        duringNextListing = undefined;
        await write();
      },
    },
  );
});

afterAll(async () => {
  await proxy.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Delivered {
  Key: string;
  ETag: string;
  Change: string;
}

/** A flow's polls of one bucket, carrying the instance state from one run to the next. */
function poller(bucket: string, params: Record<string, unknown>) {
  let instanceState: Record<string, unknown> = {};
  const delivered: Delivered[] = [];
  return {
    delivered,
    async poll() {
      const result = await harness.trigger(
        "pollChangesFilesTrigger",
        undefined,
        {
          accessKey: keyConnection({ endpoint: proxy.endpoint }),
          awsRegion: region(),
          bucket,
          includeMetadata: true,
          ...params,
        },
        { instanceState },
      );
      instanceState = storedState(instanceState);
      const outcome = triggerOutcome(result);
      const records = Array.isArray(outcome.data.Records) ? outcome.data.Records : [];
      for (const record of records) {
        delivered.push({
          Key: String(Reflect.get(record, "Key")),
          ETag: String(Reflect.get(record, "ETag")),
          Change: String(Reflect.get(record, "Change")),
        });
      }
      return { outcome, records };
    },
  };
}

async function put(bucket: string, key: string, body: string): Promise<Delivered> {
  const { ETag } = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return { Key: key, ETag: ETag ?? "", Change: "new" };
}

it("delivers every object written before, between, during and at the edge of polls exactly once", async () => {
  const bucket = await newBucket("poll");
  // Existing objects, older than the look-back date: never reported.
  await put(bucket, "in/a-pre", "a");
  await put(bucket, "in/m-pre", "m");
  await put(bucket, "in/z-pre", "z");
  await put(bucket, "out/o-pre", "o");
  await sleep(1000 - (Date.now() % 1000) + 50);
  const lookBackDate = new Date().toISOString();
  // Two keys per poll, so every scan of the prefix spans several polls.
  const flow = poller(bucket, { prefix: "in/", lookBackDate, maxKeysPerPoll: "2" });
  const expected: Delivered[] = [];

  const first = await flow.poll();
  expect(first.records).toEqual([]);
  expect(first.outcome).toMatchObject({ polledNoChanges: true, data: { KeysExamined: 2, ScanComplete: false } });

  // Between polls: one key behind the scan's position, one ahead of it.
  expected.push(await put(bucket, "in/b-between", "b"), await put(bucket, "in/x-between", "x"));
  await flow.poll();

  // During a poll: written while the poll's listing request is on its way to the server.
  duringNextListing = async () => {
    expected.push(await put(bucket, "in/c-during", "c"), await put(bucket, "in/a1-during", "a1"));
    expected.push({ ...(await put(bucket, "in/z-pre", "z, changed")), Change: "updated" });
  };
  await flow.poll();
  expect(duringNextListing).toBeUndefined();
  await flow.poll();

  // Changed again between polls, and a write right before a poll, in the second it starts.
  expected.push({ ...(await put(bucket, "in/x-between", "x, changed")), Change: "updated" });
  await flow.poll();
  expected.push(await put(bucket, "in/e-edge", "e"));
  await flow.poll();
  duringNextListing = async () => {
    expected.push(await put(bucket, "in/d-during", "d"));
  };

  // Enough further polls for two full scans of the prefix after the last write.
  const quiet: boolean[] = [];
  for (let i = 0; i < 14; i += 1) {
    const { outcome } = await flow.poll();
    expect(Number(outcome.data.KeysExamined)).toBeLessThanOrEqual(2);
    quiet.push(outcome.polledNoChanges);
  }
  expect(quiet.slice(-8).every(Boolean)).toBe(true);

  const byIdentity = (a: Delivered, b: Delivered) => `${a.Key} ${a.ETag}`.localeCompare(`${b.Key} ${b.ETag}`);
  expect([...flow.delivered].sort(byIdentity)).toEqual([...expected].sort(byIdentity));
});

it("reports records with key, size, ETag and time, filtered by prefix and suffix", async () => {
  const bucket = await newBucket("poll-filter");
  const flow = poller(bucket, {
    prefix: "csv/",
    suffix: ".csv",
    lookBackDate: new Date(Date.now() - 60_000).toISOString(),
  });
  const written = await put(bucket, "csv/one two.csv", "id\n1\n");
  await put(bucket, "csv/notes.txt", "not a csv");
  await put(bucket, "other/three.csv", "elsewhere");
  const { records, outcome } = await flow.poll();
  expect(records).toEqual([
    {
      Key: "csv/one two.csv",
      Size: 5,
      ETag: written.ETag,
      LastModified: match.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      Change: "new",
    },
  ]);
  expect(outcome).toMatchObject({
    polledNoChanges: false,
    data: { Bucket: bucket, KeysExamined: 2, ScanComplete: true },
  });
  expect((await flow.poll()).outcome.polledNoChanges).toBe(true);
});

it("by default gives the changed keys as a list, as the official component does", async () => {
  const bucket = await newBucket("poll-keys");
  const params = {
    accessKey: keyConnection(),
    awsRegion: region(),
    bucket,
    lookBackDate: new Date(Date.now() - 60_000).toISOString().slice(0, 10),
  };
  await put(bucket, "b.txt", "b");
  await put(bucket, "a.txt", "a");
  const outcome = triggerOutcome(await harness.trigger("pollChangesFilesTrigger", undefined, params));
  expect(outcome).toMatchObject({ bodyData: ["a.txt", "b.txt"], polledNoChanges: false });
});

it("refuses bad inputs before listing anything", async () => {
  const before = proxy.seen.length;
  const params = { accessKey: keyConnection({ endpoint: proxy.endpoint }), awsRegion: region(), bucket: "some-bucket" };
  await expect(
    harness.trigger("pollChangesFilesTrigger", undefined, { ...params, lookBackDate: "last tuesday" }),
  ).rejects.toThrow(/Look Back Date \(lookBackDate\): must be an ISO 8601 date/);
  await expect(
    harness.trigger("pollChangesFilesTrigger", undefined, { ...params, maxKeysPerPoll: "0" }),
  ).rejects.toThrow(/Max Keys per Poll \(maxKeysPerPoll\): must be a whole number from 1 to 100,000/);
  await expect(
    harness.trigger("pollChangesFilesTrigger", undefined, { ...params, bucket: "bad bucket" }),
  ).rejects.toThrow(/Bucket \(bucket\): "bad bucket" is not a valid bucket name/);
  expect(proxy.seen.length).toBe(before);
});
