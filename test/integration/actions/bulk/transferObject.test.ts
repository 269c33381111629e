/**
 * transferObject against Ceph, between two users whose keys cannot see each other's buckets:
 * what the destination holds (bytes, headers, metadata, tags), each way of moving (one PUT,
 * multipart, server-side), Do Not Overwrite, aborting on failure, stopping on the time budget
 * and resuming from stored parts.
 */
import { createHash, randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { isRecord } from "../../../../src/glue/guards";
import {
  failure,
  harness,
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
const { bucket: source, verifier: s3 } = useTestBucket("transfer-src");
const { bucket: sameUserTarget } = useTestBucket("transfer-same");
const target = removeAfterTests(uniqueBucketName("transfer-dst"), "second");
let other: S3Client;

const BIG = randomBytes(23 * MIB + 7);
const SMALL = Buffer.from("id,total\n1,9.99\n");

beforeAll(async () => {
  other = secondVerifierS3();
  await other.send(new CreateBucketCommand({ Bucket: target }));
  await s3.send(
    new PutObjectCommand({
      Bucket: source,
      Key: "in/small ü.csv",
      Body: SMALL,
      ContentType: "text/csv",
      CacheControl: "max-age=60",
      ContentDisposition: 'attachment; filename="small.csv"',
      Metadata: { origin: "erp" },
      Tagging: "class=internal&year=2024",
    }),
  );
  await s3.send(
    new PutObjectCommand({ Bucket: source, Key: "in/big.bin", Body: BIG, ContentType: "application/x-big" }),
  );
});

afterAll(() => other.destroy());

async function bytesAt(client: S3Client, Bucket: string, Key: string): Promise<Buffer> {
  const response = await client.send(new GetObjectCommand({ Bucket, Key }));
  return Buffer.from((await response.Body?.transformToByteArray()) ?? []);
}

function dataOf(result: unknown): Record<string, unknown> {
  if (!isRecord(result) || !isRecord(result.data)) throw new Error("no result data");
  return result.data;
}

const crossUser = (extra: Record<string, unknown>) => ({
  sourceConnection: keyConnection(),
  destinationConnection: secondKeyConnection(),
  sourceBucket: source,
  destinationBucket: target,
  ...extra,
});

async function uploadsOn(client: S3Client, Bucket: string): Promise<number> {
  return (await client.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads?.length ?? 0;
}

describe("transferObject between two users", () => {
  it("the second user cannot read the first user's bucket by itself", async () => {
    await expect(other.send(new GetObjectCommand({ Bucket: source, Key: "in/small ü.csv" }))).rejects.toMatchObject({
      name: "AccessDenied",
    });
    await expect(other.send(new ListObjectsV2Command({ Bucket: source }))).rejects.toMatchObject({
      name: "AccessDenied",
    });
  });

  it("moves a small object with one PUT, with its headers, metadata, the source ETag and its tags", async () => {
    const key = "out/small ü.csv";
    const result = dataOf(await run("transferObject", crossUser({ sourceKey: "in/small ü.csv", destinationKey: key })));
    const head = await other.send(new HeadObjectCommand({ Bucket: target, Key: key }));
    const sourceHead = await s3.send(new HeadObjectCommand({ Bucket: source, Key: "in/small ü.csv" }));
    const md5 = createHash("md5").update(SMALL).digest("hex");
    expect(result).toEqual({
      Done: true,
      Method: "SinglePut",
      Bucket: target,
      Key: key,
      VersionId: undefined,
      ETag: `"${md5}"`,
      Size: SMALL.length,
      SourceETag: sourceHead.ETag,
      SourceVersionId: sourceHead.VersionId,
      Parts: { Total: 0, Uploaded: 0, Resumed: 0 },
      Checksum: { Algorithm: "MD5", Compared: "the whole object (Content-MD5 and ETag)", Value: md5 },
    });
    expect(await bytesAt(other, target, key)).toEqual(SMALL);
    expect(head).toMatchObject({
      ContentType: "text/csv",
      CacheControl: "max-age=60",
      ContentDisposition: 'attachment; filename="small.csv"',
      Metadata: { origin: "erp", "source-etag": sourceHead.ETag },
    });
    const tags = await other.send(new GetObjectTaggingCommand({ Bucket: target, Key: key }));
    expect(tags.TagSet).toEqual([
      { Key: "class", Value: "internal" },
      { Key: "year", Value: "2024" },
    ]);
  });

  it("leaves the tags behind with Copy Tags off", async () => {
    const key = "out/untagged.csv";
    await run("transferObject", crossUser({ sourceKey: "in/small ü.csv", destinationKey: key, copyTags: false }));
    expect((await other.send(new GetObjectTaggingCommand({ Bucket: target, Key: key }))).TagSet).toEqual([]);
  });

  it("moves a larger object as a multipart upload, byte-identical, each part and the whole checked", async () => {
    const key = "out/big.bin";
    const result = dataOf(
      await run(
        "transferObject",
        crossUser({ sourceKey: "in/big.bin", destinationKey: key, partSizeMiB: 5, concurrency: 3 }),
      ),
    );
    const head = await other.send(new HeadObjectCommand({ Bucket: target, Key: key }));
    expect(result).toMatchObject({
      Done: true,
      Method: "Multipart",
      Size: BIG.length,
      ETag: head.ETag,
      Parts: { Total: 5, Uploaded: 5, Resumed: 0 },
      Checksum: { Algorithm: "MD5", Value: head.ETag },
    });
    expect(head.ETag).toMatch(/-5"$/);
    expect(head.ContentType).toBe("application/x-big");
    expect(sha256(await bytesAt(other, target, key))).toBe(sha256(BIG));
    expect(await uploadsOn(other, target)).toBe(0);
  });

  it("copies server-side when both sides use the same credentials, storing the source ETag too", async () => {
    const key = "copied/big.bin";
    const result = dataOf(
      await run("transferObject", {
        sourceConnection: keyConnection(),
        sourceBucket: source,
        sourceKey: "in/big.bin",
        destinationBucket: sameUserTarget,
        destinationKey: key,
      }),
    );
    const sourceHead = await s3.send(new HeadObjectCommand({ Bucket: source, Key: "in/big.bin" }));
    expect(result).toMatchObject({ Done: true, Method: "ServerSideCopy", SourceETag: sourceHead.ETag });
    const head = await s3.send(new HeadObjectCommand({ Bucket: sameUserTarget, Key: key }));
    expect(head.Metadata).toEqual({ "source-etag": sourceHead.ETag, "source-seal": match.any(String) });
    expect(head.ContentType).toBe("application/x-big");
    expect(sha256(await bytesAt(s3, sameUserTarget, key))).toBe(sha256(BIG));
  });

  it("with Do Not Overwrite refuses an existing destination before moving anything", async () => {
    const key = "out/existing.txt";
    await other.send(new PutObjectCommand({ Bucket: target, Key: key, Body: "keep me" }));
    const error = await failure(
      "transferObject",
      crossUser({ sourceKey: "in/big.bin", destinationKey: key, ifNoneMatch: true }),
    );
    expect(error.message).toMatch(/Do Not Overwrite \(ifNoneMatch\).*is on and "out\/existing.txt" already exists/);
    expect((await bytesAt(other, target, key)).toString()).toBe("keep me");
  });

  it("aborts its multipart upload when a part fails, leaving no upload behind", async () => {
    const proxy = await startFailingProxy(
      testTarget().endpoint,
      (request) => request.method === "PUT" && request.query.get("partNumber") === "3",
    );
    try {
      const error = await failure(
        "transferObject",
        crossUser({
          destinationConnection: secondKeyConnection({ endpoint: proxy.endpoint }),
          sourceKey: "in/big.bin",
          destinationKey: "out/failing.bin",
          partSizeMiB: 5,
          concurrency: 2,
        }),
      );
      expect(error.message).toMatch(/Rejected by the test proxy/);
    } finally {
      await proxy.close();
    }
    expect(await uploadsOn(other, target)).toBe(0);
    await expect(other.send(new HeadObjectCommand({ Bucket: target, Key: "out/failing.bin" }))).rejects.toThrow();
  });

  it("stops when the time budget is spent, leaving the parts stored, and the next run goes on from them", async () => {
    const key = "out/budget.bin";
    // Every request to the source takes 0.6 s: a budget of 2 s ends the first run after a few parts.
    const slow = await startCountingProxy(testTarget().endpoint, {}, { beforeForward: () => sleep(600) });
    let first: Record<string, unknown>;
    try {
      first = dataOf(
        await run(
          "transferObject",
          crossUser({
            sourceConnection: keyConnection({ endpoint: slow.endpoint }),
            sourceKey: "in/big.bin",
            destinationKey: key,
            partSizeMiB: 5,
            concurrency: 1,
            timeBudgetSeconds: 2,
          }),
        ),
      );
    } finally {
      await slow.close();
    }
    expect(first).toMatchObject({ Done: false, Method: "Multipart", Parts: { Total: 5, Resumed: 0 } });
    // The upload, and the marker that proves this job started it.
    expect(await uploadsOn(other, target)).toBe(2);
    await expect(other.send(new HeadObjectCommand({ Bucket: target, Key: key }))).rejects.toThrow();
    const sent = isRecord(first.Parts) ? Number(first.Parts.Uploaded) : Number.NaN;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThan(5);

    const counting = await startCountingProxy(testTarget().endpoint);
    try {
      const second = dataOf(
        await run(
          "transferObject",
          crossUser({
            destinationConnection: secondKeyConnection({ endpoint: counting.endpoint }),
            sourceKey: "in/big.bin",
            destinationKey: key,
            partSizeMiB: 5,
            concurrency: 1,
          }),
        ),
      );
      expect(second).toMatchObject({ Done: true, Parts: { Total: 5, Uploaded: 5 - sent, Resumed: sent } });
      const uploadParts = counting.seen.filter(
        (request) => request.method === "PUT" && request.path.includes("partNumber="),
      );
      expect(uploadParts).toHaveLength(5 - sent);
    } finally {
      await counting.close();
    }
    expect(sha256(await bytesAt(other, target, key))).toBe(sha256(BIG));
    expect(await uploadsOn(other, target)).toBe(0);
  });

  it("never takes over an upload it did not start, even one whose parts fit, and leaves it alone", async () => {
    const key = "out/planted.bin";
    const part = (number: number): Buffer =>
      BIG.subarray((number - 1) * 5 * MIB, Math.min(BIG.length, number * 5 * MIB));
    // Planted by a writer of the destination: public, with its own metadata, the source's first two parts.
    const planted =
      (
        await other.send(
          new CreateMultipartUploadCommand({
            Bucket: target,
            Key: key,
            ACL: "public-read",
            ContentType: "text/html",
            Metadata: { planted: "yes" },
          }),
        )
      ).UploadId ?? "";
    for (const PartNumber of [1, 2]) {
      await other.send(
        new UploadPartCommand({ Bucket: target, Key: key, UploadId: planted, PartNumber, Body: part(PartNumber) }),
      );
    }
    const result = dataOf(
      await run(
        "transferObject",
        crossUser({ sourceKey: "in/big.bin", destinationKey: key, partSizeMiB: 5, concurrency: 2, acl: "private" }),
      ),
    );
    expect(result).toMatchObject({ Done: true, Parts: { Total: 5, Uploaded: 5, Resumed: 0 } });
    const head = await other.send(new HeadObjectCommand({ Bucket: target, Key: key }));
    expect(head.ContentType).toBe("application/x-big");
    expect(head.Metadata).not.toHaveProperty("planted");
    const acl = await other.send(new GetObjectAclCommand({ Bucket: target, Key: key }));
    expect(acl.Grants?.some((grant) => grant.Grantee?.URI?.endsWith("/AllUsers"))).toBe(false);
    expect(sha256(await bytesAt(other, target, key))).toBe(sha256(BIG));
    // The planted upload is still there, untouched: neither completed nor aborted.
    const left = await other.send(new ListMultipartUploadsCommand({ Bucket: target, Prefix: key }));
    expect(left.Uploads?.map((upload) => upload.UploadId)).toEqual([planted]);
    await other.send(new AbortMultipartUploadCommand({ Bucket: target, Key: key, UploadId: planted }));
  });

  it("goes on only with an upload of these very settings: another ACL starts anew", async () => {
    const key = "out/settings.bin";
    const slow = await startCountingProxy(testTarget().endpoint, {}, { beforeForward: () => sleep(600) });
    const transfer = (extra: Record<string, unknown>) =>
      crossUser({ sourceKey: "in/big.bin", destinationKey: key, partSizeMiB: 5, concurrency: 1, ...extra });
    try {
      const first = dataOf(
        await run(
          "transferObject",
          transfer({
            sourceConnection: keyConnection({ endpoint: slow.endpoint }),
            acl: "public-read",
            timeBudgetSeconds: 2,
          }),
        ),
      );
      expect(first).toMatchObject({ Done: false });
    } finally {
      await slow.close();
    }
    const second = dataOf(await run("transferObject", transfer({ acl: "private" })));
    expect(second).toMatchObject({ Done: true, Parts: { Total: 5, Uploaded: 5, Resumed: 0 } });
    const acl = await other.send(new GetObjectAclCommand({ Bucket: target, Key: key }));
    expect(acl.Grants?.some((grant) => grant.Grantee?.URI?.endsWith("/AllUsers"))).toBe(false);
    // The first run's upload and marker are left for a lifecycle rule: they cannot be told from another job's.
    const left = await other.send(new ListMultipartUploadsCommand({ Bucket: target, Prefix: key }));
    expect(left.Uploads).toHaveLength(2);
    for (const upload of left.Uploads ?? []) {
      await other.send(new AbortMultipartUploadCommand({ Bucket: target, Key: key, UploadId: upload.UploadId }));
    }
  });

  it("names the source connection when none is given", async () => {
    // Through the harness itself: run() would fill in the first connection input.
    const running = harness.action("transferObject", {
      sourceBucket: source,
      sourceKey: "in/big.bin",
      destinationBucket: target,
      destinationKey: "x",
    });
    await expect(running).rejects.toThrow(/Source Connection \(sourceConnection\).*is required/);
  });
});
