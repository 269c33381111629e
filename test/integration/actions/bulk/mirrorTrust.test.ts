/**
 * What a mirror (copyPrefix) and a prefix delete trust, against Ceph: cursors only as issued
 * and only to the credentials that issued them; a skip only on evidence nobody else can forge;
 * the overlap refusal however an endpoint is spelled; tags on every path; a rerun that copies
 * nothing on server-side paths; transient failures tried again before they are reported.
 */
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { isRecord } from "../../../../src/glue/guards";
import {
  failure,
  keyConnection,
  removeAfterTests,
  run,
  secondKeyConnection,
  secondVerifierS3,
  useTestBucket,
} from "../../../support/harness";
import { startCountingProxy } from "../../../support/servers/countingProxy";
import { startFailingProxy } from "../../../support/servers/failingProxy";
import { testTarget, uniqueBucketName } from "../../../support/target";

const MIB = 1024 * 1024;
const { bucket, verifier: s3 } = useTestBucket("trust");
const target = removeAfterTests(uniqueBucketName("trust-dst"), "second");
let other: S3Client;

beforeAll(async () => {
  other = secondVerifierS3();
  await other.send(new CreateBucketCommand({ Bucket: target }));
});

afterAll(() => other.destroy());

function dataOf(result: unknown): Record<string, unknown> {
  if (!isRecord(result) || !isRecord(result.data)) throw new Error("no result data");
  return result.data;
}

const put = (Key: string, Body: string | Buffer, extra: Record<string, unknown> = {}) =>
  s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body, ...extra }));

async function keysUnder(client: S3Client, Bucket: string, Prefix: string): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix }));
  return (page.Contents ?? []).map((object) => object.Key ?? "");
}

const textOf = async (client: S3Client, Bucket: string, Key: string): Promise<string> =>
  (await (await client.send(new GetObjectCommand({ Bucket, Key }))).Body?.transformToString()) ?? "";

describe("cursors", () => {
  it("are refused when altered or given to other credentials or work, before anything is written or deleted", async () => {
    const keys = Array.from({ length: 30 }, (_, index) => `cur/${String(index).padStart(3, "0")}.txt`);
    for (const key of keys) await put(key, "x");
    // Through a proxy that is slow at first: a budget of 1 s ends the first call early.
    let slow = true;
    const proxy = await startCountingProxy(testTarget().endpoint, {}, { beforeForward: () => sleep(slow ? 100 : 0) });
    const params = {
      sourceConnection: keyConnection({ endpoint: proxy.endpoint }),
      destinationConnection: secondKeyConnection({ endpoint: proxy.endpoint }),
      sourceBucket: bucket,
      sourcePrefix: "cur/",
      destinationBucket: target,
      destinationPrefix: "cur/",
      concurrency: 1,
    };
    try {
      const first = dataOf(await run("copyPrefix", { ...params, timeBudgetSeconds: 1 }));
      slow = false;
      const cursor = typeof first.Cursor === "string" ? first.Cursor : "";
      expect(cursor).not.toBe("");
      const copiedSoFar = await keysUnder(other, target, "cur/");
      const [body, signature] = cursor.split(".");
      const state = JSON.parse(Buffer.from(body ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
      const rewritten = (change: Record<string, unknown>) =>
        `${Buffer.from(JSON.stringify({ ...state, ...change })).toString("base64url")}.${signature}`;
      const refusals = [
        failure("copyPrefix", { ...params, cursor: rewritten({ after: "zzz" }) }),
        failure("copyPrefix", { ...params, cursor: rewritten({ totals: { Copied: 0, Skipped: 9999 } }) }),
        failure("copyPrefix", { ...params, cursor: body }),
        // Another principal on the destination side, the same buckets and prefixes.
        failure("copyPrefix", { ...params, destinationConnection: params.sourceConnection, cursor }),
        // Other work: another prefix, another action.
        failure("copyPrefix", { ...params, destinationPrefix: "cur2/", cursor }),
        failure("deletePrefix", { accessKey: params.sourceConnection, bucket, prefix: "cur/", cursor }),
      ];
      for (const refused of await Promise.all(refusals)) {
        expect(refused.message).toMatch(/Cursor \(cursor\).*(not a cursor this step returned|belongs to other work)/s);
      }
      expect(await keysUnder(s3, bucket, "cur/")).toEqual(keys);
      expect(await keysUnder(other, target, "cur/")).toEqual(copiedSoFar);
      // The cursor as issued goes on to the end.
      const rest = dataOf(await run("copyPrefix", { ...params, cursor }));
      expect(rest).toMatchObject({ Done: true, Totals: { Copied: 30, Failed: 0 } });
    } finally {
      await proxy.close();
    }
  });
});

describe("a mirror's skip", () => {
  it("is not fooled by a source-etag the source carries itself", async () => {
    // Metadata near S3's 2 KB: the transfer's own marks do not fit, the source's source-etag goes along.
    const later = "B".repeat(64);
    const laterETag = `"${createHash("md5").update(later).digest("hex")}"`;
    const padding = "p".repeat(1900);
    await put("forge/report.txt", "A".repeat(64), { Metadata: { "source-etag": laterETag, padding } });
    const params = {
      sourceConnection: keyConnection(),
      destinationConnection: secondKeyConnection(),
      sourceBucket: bucket,
      sourcePrefix: "forge/",
      destinationBucket: target,
      destinationPrefix: "forge/",
    };
    expect(dataOf(await run("copyPrefix", params)).Counts).toMatchObject({ Copied: 1 });
    // The source's writer now puts the content whose ETag it announced.
    await put("forge/report.txt", later, { Metadata: { padding } });
    expect(dataOf(await run("copyPrefix", params)).Counts).toMatchObject({ Copied: 1, Skipped: 0 });
    expect(await textOf(other, target, "forge/report.txt")).toBe(later);
  });

  it("copies nothing again on server-side paths, a multipart source included, and keeps tags on every path", async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "same/multi.bin" }));
    const parts = [];
    for (const [index, Body] of [Buffer.alloc(5 * MIB, 1), Buffer.alloc(10, 2)].entries()) {
      const { ETag } = await s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: "same/multi.bin", UploadId, PartNumber: index + 1, Body }),
      );
      parts.push({ PartNumber: index + 1, ETag });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: "same/multi.bin",
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    await put("same/tagged.txt", "tagged", { Tagging: "cost%20center=a%20b&team=data" });
    const params = {
      sourceConnection: keyConnection(),
      sourceBucket: bucket,
      sourcePrefix: "same/",
      destinationBucket: bucket,
      destinationPrefix: "same-copy/",
    };
    expect(dataOf(await run("copyPrefix", params)).Counts).toMatchObject({ Copied: 2, Skipped: 0 });
    expect(dataOf(await run("copyPrefix", params)).Counts).toMatchObject({ Copied: 0, Skipped: 2 });
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "same-copy/tagged.txt" }));
    expect(tags.TagSet).toEqual([
      { Key: "cost center", Value: "a b" },
      { Key: "team", Value: "data" },
    ]);
    // One PUT between two users: the space arrives as a space.
    await run("transferObject", {
      sourceConnection: keyConnection(),
      destinationConnection: secondKeyConnection(),
      sourceBucket: bucket,
      sourceKey: "same/tagged.txt",
      destinationBucket: target,
      destinationKey: "tagged.txt",
    });
    const moved = await other.send(new GetObjectTaggingCommand({ Bucket: target, Key: "tagged.txt" }));
    expect(moved.TagSet).toEqual(tags.TagSet);
    // Server-side with the same credentials, one object.
    await run("transferObject", {
      sourceConnection: keyConnection(),
      sourceBucket: bucket,
      sourceKey: "same/tagged.txt",
      destinationBucket: bucket,
      destinationKey: "server-side/tagged.txt",
    });
    const copied = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "server-side/tagged.txt" }));
    expect(copied.TagSet).toEqual(tags.TagSet);
  });
});

describe("a mirror's safety", () => {
  it("refuses an overlapping prefix in the same bucket however the endpoint is spelled", async () => {
    await put("ovl/a.txt", "a");
    const { endpoint } = testTarget();
    const spelled = endpoint.replace("127.0.0.1", "localhost").toUpperCase().replace("HTTP://", "http://");
    const error = await failure("copyPrefix", {
      sourceConnection: keyConnection(),
      destinationConnection: keyConnection({ endpoint: `${spelled}/` }),
      sourceBucket: bucket,
      sourcePrefix: "ovl/",
      destinationBucket: bucket,
      destinationPrefix: "",
      deleteRemoved: true,
    });
    expect(error.message).toMatch(/Destination Prefix \(destinationPrefix\).*overlaps Source Prefix/s);
    expect(await keysUnder(s3, bucket, "ovl/")).toEqual(["ovl/a.txt"]);
  });

  it("tries a key that failed transiently again before reporting it", async () => {
    await put("flaky/one.txt", "1");
    await put("flaky/two.txt", "2");
    let refusals = 0;
    // More 503s than the SDK's own attempts: only a later try of the job gets through.
    const flaky = await startFailingProxy(testTarget().endpoint, (request) =>
      request.method === "PUT" && request.path.endsWith("/one.txt") && refusals++ < 5
        ? { code: "SlowDown", message: "Please reduce your request rate.", status: 503 }
        : false,
    );
    let result: Record<string, unknown>;
    try {
      result = dataOf(
        await run("copyPrefix", {
          sourceConnection: keyConnection(),
          destinationConnection: secondKeyConnection({ endpoint: flaky.endpoint }),
          sourceBucket: bucket,
          sourcePrefix: "flaky/",
          destinationBucket: target,
          destinationPrefix: "flaky/",
        }),
      );
    } finally {
      await flaky.close();
    }
    expect(refusals).toBeGreaterThanOrEqual(5);
    expect(result).toMatchObject({ Done: true, Counts: { Copied: 2, Failed: 0 }, Failures: [] });
    const head = await other.send(new HeadObjectCommand({ Bucket: target, Key: "flaky/one.txt" }));
    expect(head.ContentLength).toBe(1);
  });
});
