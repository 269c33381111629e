import { randomBytes } from "node:crypto";
import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  MetadataDirective,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { s3Client } from "../../../src/aws/clients";
import { type CopyRequest, type CopyTuning, copyObjectAnySize } from "../../../src/transfer/copies/copyObjectAnySize";
import {
  aws,
  failure,
  harness,
  keyConnection,
  region,
  run,
  sha256,
  uploadsInProgress,
  useTestBucket,
} from "../../support/harness";
import { match } from "../../support/matchers";
import { outputProblems } from "../../support/outputs";
import { startFailingProxy } from "../../support/servers/failingProxy";
import { testTarget } from "../../support/target";

const MIB = 1024 * 1024;
/** The multipart path with a small object: 12 MiB in 5 MiB parts (5, 5 and 2 MiB), 2 at a time. */
const SMALL_PARTS: CopyTuning = { multipartThresholdBytes: 5 * MIB, partSize: 5 * MIB, concurrency: 2 };
const SOURCE = randomBytes(12 * MIB + 5);
// Not "%": Ceph 16's radosgw crashes on an UploadPartCopy whose source key has one (CopyObject is fine).
const SOURCE_KEY = "source/big ü+ (1).bin";
const { bucket: source, verifier: s3 } = useTestBucket("copy-src");
const { bucket: target } = useTestBucket("copy-dst");

beforeAll(async () => {
  await s3.send(
    new PutObjectCommand({
      Bucket: source,
      Key: SOURCE_KEY,
      Body: SOURCE,
      ContentType: "application/x-big",
      CacheControl: "max-age=30",
      ContentDisposition: 'attachment; filename="big.bin"',
      Metadata: { origin: "erp" },
      Tagging: "class=internal&year=2024",
    }),
  );
});

async function stored(bucket: string, key: string): Promise<Buffer> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from((await response.Body?.transformToByteArray()) ?? []);
}

function copyRequest(destinationKey: string, overrides: Partial<CopyRequest> = {}): CopyRequest {
  return {
    source: { Bucket: source, Key: SOURCE_KEY },
    destination: { Bucket: target, Key: destinationKey },
    metadataDirective: MetadataDirective.COPY,
    ...overrides,
  };
}

describe("copying above the multipart threshold", () => {
  it("copies in parallel UploadPartCopy parts, keeping the source's headers, metadata and tags", async () => {
    const key = "copies/big copy ü.bin";
    const copied = await copyObjectAnySize(
      s3Client({ accessKey: keyConnection(), awsRegion: region() }),
      copyRequest(key),
      SMALL_PARTS,
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: target, Key: key }));
    expect(copied).toEqual(
      aws({
        Bucket: target,
        Key: key,
        CopyObjectResult: { ETag: head.ETag, LastModified: head.LastModified },
        VersionId: undefined,
        CopySourceVersionId: undefined,
        PartCount: 3,
      }),
    );
    expect(outputProblems("copyObject", copied)).toEqual([]);
    expect(head.ETag).toMatch(/-3"?$/);
    expect(sha256(await stored(target, key))).toBe(sha256(SOURCE));
    expect(head).toMatchObject({
      ContentLength: SOURCE.length,
      ContentType: "application/x-big",
      CacheControl: "max-age=30",
      ContentDisposition: 'attachment; filename="big.bin"',
      Metadata: { origin: "erp" },
    });
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: target, Key: key }))).TagSet).toEqual([
      { Key: "class", Value: "internal" },
      { Key: "year", Value: "2024" },
    ]);
  });

  it("stores the given metadata and content type with REPLACE", async () => {
    const key = "copies/replaced.bin";
    await copyObjectAnySize(
      s3Client({ accessKey: keyConnection(), awsRegion: region() }),
      copyRequest(key, {
        metadataDirective: MetadataDirective.REPLACE,
        metadata: { stage: "archived" },
        contentType: "application/zip",
      }),
      SMALL_PARTS,
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: target, Key: key }));
    expect(head).toMatchObject({ ContentType: "application/zip", Metadata: { stage: "archived" } });
    expect(head.CacheControl).toBeUndefined();
    expect(sha256(await stored(target, key))).toBe(sha256(SOURCE));
  });

  it("aborts the upload when a part copy fails, leaving no parts behind", async () => {
    const proxy = await startFailingProxy(
      testTarget().endpoint,
      (request) => request.method === "PUT" && request.query.get("partNumber") === "2",
    );
    try {
      const key = "copies/failing.bin";
      const copying = copyObjectAnySize(
        s3Client({ accessKey: keyConnection({ endpoint: proxy.endpoint }), awsRegion: region() }),
        copyRequest(key),
        SMALL_PARTS,
      );
      await expect(copying).rejects.toThrow("Rejected by the test proxy.");
      expect(proxy.seen.filter((request) => request.failed)).toHaveLength(1);
      expect(proxy.seen.some((request) => request.method === "DELETE" && request.query.has("uploadId"))).toBe(true);
      expect(await uploadsInProgress(target)).toEqual([]);
      await expect(s3.send(new HeadObjectCommand({ Bucket: target, Key: key }))).rejects.toThrow();
    } finally {
      await proxy.close();
    }
  });

  it("fails, leaving nothing, when the source is replaced during the copy", async () => {
    const key = "copies/moving source.bin";
    const movingKey = "source/moving.bin";
    await s3.send(new PutObjectCommand({ Bucket: source, Key: movingKey, Body: SOURCE }));
    // Part 1 is copied from the original; the source is replaced before part 2 is.
    let replaced = false;
    const proxy = await startFailingProxy(testTarget().endpoint, async (request) => {
      if (request.method === "PUT" && request.query.get("partNumber") === "2" && !replaced) {
        replaced = true;
        await s3.send(new PutObjectCommand({ Bucket: source, Key: movingKey, Body: randomBytes(SOURCE.length) }));
      }
      return false;
    });
    try {
      const request = copyRequest(key, { source: { Bucket: source, Key: movingKey } });
      // AWS refuses part 2 (x-amz-copy-source-if-match); Ceph ignores that header, and the
      // source's ETag checked again before completing catches the change.
      await expect(
        copyObjectAnySize(
          s3Client({ accessKey: keyConnection({ endpoint: proxy.endpoint }), awsRegion: region() }),
          request,
          { ...SMALL_PARTS, concurrency: 1 },
        ),
      ).rejects.toThrow(/PreconditionFailed|changed during the copy/);
      expect(await uploadsInProgress(target)).toEqual([]);
      await expect(s3.send(new HeadObjectCommand({ Bucket: target, Key: key }))).rejects.toThrow();
    } finally {
      await proxy.close();
    }
  });
});

describe("the copyObject action", () => {
  it("copies an object below 5 GiB with one CopyObject, any key", async () => {
    const result = await run("copyObject", {
      sourceBucket: source,
      sourceKey: SOURCE_KEY,
      destinationBucket: target,
      destinationKey: "copies/action copy+.bin",
    });
    expect(result?.data).toMatchObject({
      Bucket: target,
      Key: "copies/action copy+.bin",
      PartCount: 0,
      CopyObjectResult: { ETag: match.any(String) },
    });
    expect(outputProblems("copyObject", result?.data)).toEqual([]);
    expect(sha256(await stored(target, "copies/action copy+.bin"))).toBe(sha256(SOURCE));
  });

  it("copies in parts when S3 refuses one CopyObject as too large, as AWS does above 5 GiB", async () => {
    // AWS's own answer to a CopyObject whose source is above 5 GiB (a size Ceph's memstore cannot hold here).
    const tooLarge = {
      code: "InvalidRequest",
      message: "The specified copy source is larger than the maximum allowable size for a copy source: 5368709120",
    };
    const proxy = await startFailingProxy(testTarget().endpoint, (request) =>
      request.method === "PUT" && request.headers["x-amz-copy-source"] !== undefined && !request.query.has("uploadId")
        ? tooLarge
        : false,
    );
    try {
      const destinationKey = "copies/refused as too large.bin";
      const result = await harness.action("copyObject", {
        accessKey: keyConnection({ endpoint: proxy.endpoint }),
        awsRegion: region(),
        sourceBucket: source,
        sourceKey: SOURCE_KEY,
        destinationBucket: target,
        destinationKey,
      });
      expect(result?.data).toMatchObject({
        Key: destinationKey,
        PartCount: 1,
        CopyObjectResult: { ETag: match.any(String) },
      });
      expect(proxy.seen.filter((request) => request.failed)).toHaveLength(1);
      expect(
        proxy.seen.filter(
          (request) => request.query.has("partNumber") && request.headers["x-amz-copy-source"] !== undefined,
        ),
      ).toHaveLength(1);
      expect(sha256(await stored(target, destinationKey))).toBe(sha256(SOURCE));
      const copied = await s3.send(new HeadObjectCommand({ Bucket: target, Key: destinationKey }));
      expect(copied).toMatchObject({ ContentType: "application/x-big", Metadata: { origin: "erp" } });
    } finally {
      await proxy.close();
    }
  });

  it("names a missing source in its error", async () => {
    const error = await failure("copyObject", {
      sourceBucket: source,
      sourceKey: "missing.bin",
      destinationBucket: target,
      destinationKey: "x.bin",
    });
    expect(error.message).toMatch(
      /^CopyObject failed: NoSuchKey \(HTTP 404.*the source object "missing.bin" in bucket "[^"]+" does not exist/,
    );
  });
});
