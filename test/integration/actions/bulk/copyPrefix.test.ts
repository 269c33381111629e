/**
 * copyPrefix against Ceph: a mirror between two users (keys with spaces and unicode, mixed
 * sizes), skipping what is already identical, Delete Removed, per-key failures, overlapping
 * prefixes refused, and a cursor chain.
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { isRecord } from "../../../../src/glue/guards";
import { mapConcurrently } from "../../../../src/transfer/pool";
import {
  failure,
  keyConnection,
  removeAfterTests,
  run,
  secondKeyConnection,
  secondVerifierS3,
  sha256,
  useTestBucket,
} from "../../../support/harness";
import { match } from "../../../support/matchers";
import { startCountingProxy } from "../../../support/servers/countingProxy";
import { startFailingProxy } from "../../../support/servers/failingProxy";
import { testTarget, uniqueBucketName } from "../../../support/target";

const MIB = 1024 * 1024;
const { bucket: source, verifier: s3 } = useTestBucket("mirror-src");
const target = removeAfterTests(uniqueBucketName("mirror-dst"), "second");
let other: S3Client;

/** Keys with spaces, unicode above U+FFFF and characters S3 sorts by their UTF-8 bytes. */
const FILES: Record<string, Buffer> = {
  "a.txt": Buffer.from("a"),
  "folder with space/b 1.txt": Buffer.from("b".repeat(1000)),
  "folder with space/ü.txt": Buffer.from("ü"),
  "emoji/😀.txt": Buffer.from("smile"),
  "emoji/\uffff.txt": Buffer.from("last BMP character"),
  "big/part.bin": Buffer.alloc(7 * MIB + 3, 7),
  "empty.txt": Buffer.alloc(0),
};

beforeAll(async () => {
  other = secondVerifierS3();
  await other.send(new CreateBucketCommand({ Bucket: target }));
  await mapConcurrently(Object.entries(FILES), 8, ([key, Body]) =>
    s3.send(new PutObjectCommand({ Bucket: source, Key: `src/${key}`, Body })),
  );
  await s3.send(new PutObjectCommand({ Bucket: source, Key: "srcx/outside.txt", Body: "not under src/" }));
});

afterAll(() => other.destroy());

async function listing(client: S3Client, Bucket: string, Prefix: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  let ContinuationToken: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken }));
    for (const object of page.Contents ?? []) {
      const body = await client.send(new GetObjectCommand({ Bucket, Key: object.Key }));
      found[(object.Key ?? "").slice(Prefix.length)] = sha256(
        Buffer.from((await body.Body?.transformToByteArray()) ?? []),
      );
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return found;
}

const expected = (): Record<string, string> =>
  Object.fromEntries(Object.entries(FILES).map(([key, bytes]) => [key, sha256(bytes)]));

function dataOf(result: unknown): Record<string, unknown> {
  if (!isRecord(result) || !isRecord(result.data)) throw new Error("no result data");
  return result.data;
}

const mirror = (extra: Record<string, unknown> = {}) => ({
  sourceConnection: keyConnection(),
  destinationConnection: secondKeyConnection(),
  sourceBucket: source,
  sourcePrefix: "src/",
  destinationBucket: target,
  destinationPrefix: "copy/",
  partSizeMiB: 5,
  ...extra,
});

describe("copyPrefix between two users", () => {
  it("copies every object under the prefix, then skips them all when run again", async () => {
    const first = dataOf(await run("copyPrefix", mirror()));
    const bytes = Object.values(FILES).reduce((sum, body) => sum + body.length, 0);
    expect(first).toEqual({
      Done: true,
      Cursor: null,
      Counts: { Copied: 7, Skipped: 0, Deleted: 0, Failed: 0, Bytes: bytes },
      Totals: { Copied: 7, Skipped: 0, Deleted: 0, Failed: 0, Bytes: bytes },
      Failures: [],
    });
    expect(await listing(other, target, "copy/")).toEqual(expected());
    // The 7 MiB object went as two parts: its ETag differs from the source's, its stored source ETag does not.
    const copied = await other.send(new HeadObjectCommand({ Bucket: target, Key: "copy/big/part.bin" }));
    expect(copied.ETag).toMatch(/-2"$/);
    const again = dataOf(await run("copyPrefix", mirror()));
    expect(again.Counts).toEqual({ Copied: 0, Skipped: 7, Deleted: 0, Failed: 0, Bytes: 0 });
  });

  it("copies what changed, and with Delete Removed deletes what is gone from the source", async () => {
    await s3.send(new PutObjectCommand({ Bucket: source, Key: "src/a.txt", Body: "A" }));
    await other.send(new PutObjectCommand({ Bucket: target, Key: "copy/gone.txt", Body: "gone" }));
    const kept = dataOf(await run("copyPrefix", mirror()));
    expect(kept.Counts).toEqual({ Copied: 1, Skipped: 6, Deleted: 0, Failed: 0, Bytes: 1 });
    const removed = dataOf(await run("copyPrefix", mirror({ deleteRemoved: true })));
    expect(removed.Counts).toEqual({ Copied: 0, Skipped: 7, Deleted: 1, Failed: 0, Bytes: 0 });
    FILES["a.txt"] = Buffer.from("A");
    expect(await listing(other, target, "copy/")).toEqual(expected());
  });

  it("reports a key that cannot be copied and goes on with the others", async () => {
    await s3.send(new PutObjectCommand({ Bucket: source, Key: "src2/broken.txt", Body: "refused" }));
    await s3.send(new PutObjectCommand({ Bucket: source, Key: "src2/short.txt", Body: "short" }));
    // The destination refuses one key.
    const refusing = await startFailingProxy(testTarget().endpoint, (request) =>
      request.method === "PUT" && request.path.endsWith("/broken.txt")
        ? { code: "AccessDenied", message: "Refused by the test proxy." }
        : false,
    );
    let result: Record<string, unknown>;
    try {
      result = dataOf(
        await run(
          "copyPrefix",
          mirror({
            destinationConnection: secondKeyConnection({ endpoint: refusing.endpoint }),
            sourcePrefix: "src2/",
            destinationPrefix: "partial/",
          }),
        ),
      );
    } finally {
      await refusing.close();
    }
    expect(result).toEqual({
      Done: true,
      Cursor: null,
      Counts: { Copied: 1, Skipped: 0, Deleted: 0, Failed: 1, Bytes: 5 },
      Totals: { Copied: 1, Skipped: 0, Deleted: 0, Failed: 1, Bytes: 5 },
      Failures: [
        {
          Key: "src2/broken.txt",
          Code: "AccessDenied",
          Message: match.stringMatching(/^AccessDenied \(HTTP 400.*Refused by the test proxy\..*s3:PutObject/),
        },
      ],
    });
    expect(Object.keys(await listing(other, target, "partial/"))).toEqual(["short.txt"]);
  });

  it("refuses a destination prefix inside the source prefix of the same bucket", async () => {
    const error = await failure("copyPrefix", {
      sourceConnection: keyConnection(),
      sourceBucket: source,
      sourcePrefix: "src/",
      destinationBucket: source,
      destinationPrefix: "src/copy/",
    });
    expect(error.message).toMatch(/Destination Prefix \(destinationPrefix\).*overlaps Source Prefix/s);
  });

  it("goes on from the cursor across calls until done, each object copied once", async () => {
    // Through the proxy every request about the multipart object takes 0.6 s, every other 0.1 s: a
    // budget of 2 s ends the first call with that object unfinished and the ones after it
    // done, which the cursor then passes by.
    const slow = await startCountingProxy(
      testTarget().endpoint,
      {},
      { beforeForward: (request) => sleep(request.path.includes("part.bin") ? 600 : 100) },
    );
    let cursor: string | null = null;
    let calls = 0;
    let totals: unknown;
    try {
      do {
        const result = dataOf(
          await run(
            "copyPrefix",
            mirror({
              sourceConnection: keyConnection({ endpoint: slow.endpoint }),
              destinationConnection: secondKeyConnection({ endpoint: slow.endpoint }),
              destinationPrefix: "chain/",
              concurrency: 3,
              timeBudgetSeconds: 2,
              ...(cursor === null ? {} : { cursor }),
            }),
          ),
        );
        cursor = typeof result.Cursor === "string" ? result.Cursor : null;
        totals = result.Totals;
        calls += 1;
      } while (cursor !== null && calls < 30);
    } finally {
      await slow.close();
    }
    expect(calls).toBeGreaterThan(1);
    const bytes = Object.values(FILES).reduce((sum, body) => sum + body.length, 0);
    expect(totals).toEqual({ Copied: 7, Skipped: 0, Deleted: 0, Failed: 0, Bytes: bytes });
    const puts = slow.seen.filter((request) => request.method === "PUT" && !request.path.includes("partNumber"));
    expect(await listing(other, target, "chain/")).toEqual(expected());
    expect(puts.length).toBeGreaterThan(0);
  });
});
