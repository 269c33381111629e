import { randomBytes } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ObjectLockMode,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { failure, run, sha256, useTestBucket } from "../../../support/harness";
import { match } from "../../../support/matchers";
import { uniqueBucketName } from "../../../support/target";

const TRICKY_KEYS = [
  "plain.txt",
  "folder/with spaces/file name.txt",
  "plus+sign+and%percent%20.txt",
  "query?hash#amp&equals=.txt",
  "unicode/naïve café/日本語ファイル 📄.txt",
];

const { bucket, verifier: s3 } = useTestBucket("objects");

async function exists(key: string, inBucket = bucket): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: inBucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

/**
 * The bytes and content type getObject hands to the next step (its data and contentType, as
 * in the official component), and the record getObjectWithMetadata returns for the same read.
 */
async function read(
  key: string,
  extra: Record<string, unknown> = {},
): Promise<{ data: Buffer; contentType: string; result: Record<string, unknown> }> {
  const plain = await run("getObject", { bucket, objectKey: key, ...extra });
  const detailed = await run("getObjectWithMetadata", { bucket, objectKey: key, ...extra });
  const record = detailed?.data;
  if (
    !Buffer.isBuffer(plain?.data) ||
    typeof record !== "object" ||
    record === null ||
    !("data" in record) ||
    !Buffer.isBuffer(record.data)
  ) {
    throw new Error("getObject or getObjectWithMetadata returned no bytes");
  }
  expect(record.data.equals(plain.data)).toBe(true);
  expect(detailed?.contentType).toBe(plain.contentType);
  return { data: plain.data, contentType: plain.contentType ?? "", result: { ...record } };
}

describe("putObject and getObject", () => {
  it.each(TRICKY_KEYS)("round-trips bytes under the key %s", async (key) => {
    const bytes = randomBytes(256 * 1024 + 7);
    const put = await run("putObject", { bucket, objectKey: key, fileContents: bytes });
    expect(put?.data).toMatchObject({ Bucket: bucket, Key: key, ETag: match.stringMatching(/^"?[0-9a-f]{32}"?$/) });
    const got = await read(key);
    expect(sha256(got.data)).toBe(sha256(bytes));
    expect(got.result).toMatchObject({ ContentLength: bytes.length, ETag: match.any(String), Metadata: {} });
  });

  it("stores text as text/plain, JSON objects as JSON, and lets contentType override the payload's type", async () => {
    await run("putObject", { bucket, objectKey: "hello.txt", fileContents: "Hello, world" });
    expect(await read("hello.txt")).toMatchObject({ contentType: "text/plain", data: Buffer.from("Hello, world") });

    await run("putObject", { bucket, objectKey: "record.json", fileContents: { id: 7, name: "Ada" } });
    const json = await read("record.json");
    expect(json.contentType).toBe("application/json");
    expect(JSON.parse(json.data.toString())).toEqual({ id: 7, name: "Ada" });

    await run("putObject", { bucket, objectKey: "page.html", fileContents: "<p>hi</p>", contentType: "text/html" });
    expect((await read("page.html")).contentType).toBe("text/html");

    // A file from an earlier step ({ data, contentType }) keeps its type.
    await run("putObject", {
      bucket,
      objectKey: "image.png",
      fileContents: { data: Buffer.from([137, 80, 78, 71]), contentType: "image/png" },
    });
    expect((await read("image.png")).contentType).toBe("image/png");
  });

  it("stores metadata, tags, cache and disposition headers", async () => {
    await run("putObject", {
      bucket,
      objectKey: "described.csv",
      fileContents: "a,b\n1,2\n",
      metadata: [
        { key: "department", value: "finance" },
        { key: "source", value: "erp" },
      ],
      tagging: [
        { key: "classification", value: "internal" },
        { key: "year", value: "2024" },
      ],
      cacheControl: "max-age=60",
      contentDisposition: 'attachment; filename="export.csv"',
      storageClass: "STANDARD",
      serverSideEncryption: "none",
    });
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "described.csv" }));
    expect(head.Metadata).toEqual({ department: "finance", source: "erp" });
    expect(head.CacheControl).toBe("max-age=60");
    expect(head.ContentDisposition).toBe('attachment; filename="export.csv"');
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "described.csv" }));
    expect(tags.TagSet).toEqual(
      match.arrayContaining([
        { Key: "classification", Value: "internal" },
        { Key: "year", Value: "2024" },
      ]),
    );
    expect((await read("described.csv")).result.Metadata).toEqual({ department: "finance", source: "erp" });
  });

  it("refuses to overwrite when Do Not Overwrite is on, and says why", async () => {
    await run("putObject", { bucket, objectKey: "once.txt", fileContents: "first" });
    const error = await failure("putObject", {
      bucket,
      objectKey: "once.txt",
      fileContents: "second",
      ifNoneMatch: true,
    });
    expect(error.message).toMatch(/PreconditionFailed \(HTTP 412/);
    expect(error.message).toMatch(/already exists/);
    expect((await read("once.txt")).data.toString()).toBe("first");
  });

  it.each([
    [
      { bucket: "invalid/bucket", objectKey: "k", fileContents: "x" },
      /Bucket \(bucket\): "invalid\/bucket" is not a valid bucket name/,
    ],
    [{ bucket: "ab", objectKey: "k", fileContents: "x" }, /Bucket \(bucket\).*3 to 63/],
    [
      { objectKey: "k".repeat(1025), fileContents: "x" },
      /Object Key \(objectKey\): object keys are at most 1,024 bytes/,
    ],
    [{ objectKey: "", fileContents: "x" }, /Object Key \(objectKey\): is required/],
    [
      { objectKey: "bad-input/meta", fileContents: "x", metadata: [{ key: "bad key", value: "v" }] },
      /Metadata \(metadata\): the key "bad key"/,
    ],
    [
      {
        objectKey: "bad-input/tags",
        fileContents: "x",
        tagging: Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: "v" })),
      },
      /Tags \(tagging\): an object can have at most 10 tags/,
    ],
    [
      { objectKey: "bad-input/kms", fileContents: "x", kmsKeyId: "alias/mine" },
      /KMS Key ID \(kmsKeyId\): is only used with aws:kms/,
    ],
    [
      { objectKey: "bad-input/acl", fileContents: "x", acl: "everyone" },
      /ACL \(acl\): must be one of authenticated-read, .*private.*; got "everyone"/,
    ],
    [
      { objectKey: "bad-input/class", fileContents: "x", storageClass: "COLD" },
      /Storage Class \(storageClass\): must be one of/,
    ],
    [
      { objectKey: "bad-input/type", fileContents: "x", contentType: "pdf" },
      /Content Type \(contentType\): "pdf" is not a MIME type/,
    ],
    [{ objectKey: "bad-input/empty" }, /File Contents \(fileContents\): is required/],
    [
      { objectKey: "bad-input/meta-value", fileContents: "x", metadata: { note: "line one\nline two" } },
      /^Metadata \(metadata\): the value of "note" has a control character \(\\u000a\) at position 9/,
    ],
    [
      { objectKey: "bad-input/cache", fileContents: "x", cacheControl: "max-age=60\r\nx-injected: yes" },
      /^Cache-Control \(cacheControl\): the value has a control character/,
    ],
    [
      {
        objectKey: "bad-input/disposition",
        fileContents: "x",
        contentDisposition: 'attachment; filename="résumé.pdf"',
      },
      /^Content-Disposition \(contentDisposition\): the value has the non-ASCII character "é"/,
    ],
  ])("refuses bad input %# before writing anything", async (inputs, message) => {
    const error = await failure("putObject", { bucket, ...inputs });
    expect(error.message).toMatch(message);
    const key =
      typeof inputs.objectKey === "string" && inputs.objectKey.length <= 1024 && inputs.objectKey !== ""
        ? inputs.objectKey
        : undefined;
    if (key) expect(await exists(key)).toBe(false);
  });
});

describe("getObject", () => {
  beforeAll(async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "alphabet.txt",
        Body: "abcdefghijklmnopqrstuvwxyz",
        ContentType: "text/plain",
      }),
    );
  });

  it("reads byte ranges", async () => {
    expect((await read("alphabet.txt", { range: "bytes=0-4" })).data.toString()).toBe("abcde");
    expect((await read("alphabet.txt", { range: "23-" })).data.toString()).toBe("xyz");
    const last = await read("alphabet.txt", { range: "bytes=-2" });
    expect(last.data.toString()).toBe("yz");
    expect(last.result.ContentRange).toBe("bytes 24-25/26");
  });

  it("refuses objects above the size limit before downloading, pointing to ranges and presigned URLs", async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "two-mib.bin", Body: randomBytes(2 * 1024 * 1024) }));
    const error = await failure("getObject", { bucket, objectKey: "two-mib.bin", maxObjectSizeMiB: 1 });
    expect(error.message).toMatch(
      /Size Limit \(MiB\) \(maxObjectSizeMiB\): "two-mib.bin" is 2.0 MiB, above the limit of 1 MiB; nothing was downloaded/,
    );
    expect(error.message).toMatch(/Byte Range/);
    expect(error.message).toMatch(/presigned URL/);
    // A range within the limit still works.
    expect((await read("two-mib.bin", { range: "bytes=0-1023", maxObjectSizeMiB: 1 })).data.length).toBe(1024);
  });

  it("explains a missing key and a missing bucket", async () => {
    const missingKey = await failure("getObject", { bucket, objectKey: "no/such/key.txt" });
    expect(missingKey.message).toMatch(/^GetObject failed: NoSuchKey \(HTTP 404, request id [^)]+\)/);
    expect(missingKey.message).toContain(`there is no object "no/such/key.txt" in bucket "${bucket}"`);

    const missingBucket = await failure("getObject", { bucket: "no-such-bucket-for-this-test", objectKey: "a.txt" });
    expect(missingBucket.message).toMatch(/NoSuchBucket \(HTTP 404/);
    expect(missingBucket.message).toContain('the bucket "no-such-bucket-for-this-test" does not exist');
  });

  it.each([
    [{ range: "0-4-5" }, /Byte Range \(range\): "0-4-5" is not a byte range/],
    [{ range: "bytes=9-3" }, /Byte Range \(range\)/],
    [{ maxObjectSizeMiB: "0" }, /Size Limit \(MiB\) \(maxObjectSizeMiB\): must be a whole number from 1 to 500/],
    [{ maxObjectSizeMiB: "lots" }, /must be a whole number from 1 to 500; got "lots"/],
  ])("refuses bad input %#", async (inputs, message) => {
    expect((await failure("getObject", { bucket, objectKey: "alphabet.txt", ...inputs })).message).toMatch(message);
  });
});

describe("headObject", () => {
  it("returns the object's metadata and S3's $metadata (status, request id), as the official component does", async () => {
    await run("putObject", { bucket, objectKey: "head me.txt", fileContents: "12345", metadata: { owner: "ops" } });
    const result = await run("headObject", { bucket, objectKey: "head me.txt" });
    expect(result?.data).toMatchObject({
      $metadata: { httpStatusCode: 200, requestId: match.any(String), attempts: 1 },
      ContentLength: 5,
      ContentType: "text/plain",
      Metadata: { owner: "ops" },
      ETag: match.any(String),
    });
  });

  it("explains a missing object and refuses bad input", async () => {
    const error = await failure("headObject", { bucket, objectKey: "missing.txt" });
    expect(error.message).toMatch(/HeadObject failed: NotFound \(HTTP 404/);
    expect(error.message).toContain(`there is no object "missing.txt" in bucket "${bucket}"`);
    expect((await failure("headObject", { bucket: "no spaces allowed", objectKey: "a" })).message).toMatch(
      /Bucket \(bucket\)/,
    );
    expect((await failure("headObject", { bucket })).message).toMatch(/Object Key \(objectKey\): is required/);
  });
});

describe("copyObject", () => {
  it.each(TRICKY_KEYS)("copies %s to a key with spaces and unicode, byte for byte", async (key) => {
    const bytes = randomBytes(4096);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `src/${key}`, Body: bytes }));
    const destination = `copies/ü ñ + % ? # & = /${key}`;
    const result = await run("copyObject", {
      sourceBucket: bucket,
      sourceKey: `src/${key}`,
      destinationBucket: bucket,
      destinationKey: destination,
    });
    expect(result?.data).toMatchObject({
      Bucket: bucket,
      Key: destination,
      CopyObjectResult: { ETag: match.any(String) },
    });
    expect(sha256((await read(destination)).data)).toBe(sha256(bytes));
  });

  it("keeps metadata with COPY and replaces it with REPLACE", async () => {
    await run("putObject", { bucket, objectKey: "meta-src.txt", fileContents: "m", metadata: { a: "1" } });
    await run("copyObject", {
      sourceBucket: bucket,
      sourceKey: "meta-src.txt",
      destinationBucket: bucket,
      destinationKey: "meta-copy.txt",
    });
    expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "meta-copy.txt" }))).Metadata).toEqual({
      a: "1",
    });
    await run("copyObject", {
      sourceBucket: bucket,
      sourceKey: "meta-src.txt",
      destinationBucket: bucket,
      destinationKey: "meta-replaced.txt",
      metadataDirective: "REPLACE",
      metadata: { b: "2" },
      contentType: "application/x-custom",
    });
    const replaced = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "meta-replaced.txt" }));
    expect(replaced.Metadata).toEqual({ b: "2" });
    expect(replaced.ContentType).toBe("application/x-custom");
  });

  it("refuses metadata that COPY would ignore, bad names, and explains a missing source", async () => {
    const ignored = await failure("copyObject", {
      sourceBucket: bucket,
      sourceKey: "meta-src.txt",
      destinationBucket: bucket,
      destinationKey: "x.txt",
      metadata: { b: "2" },
    });
    expect(ignored.message).toMatch(/Metadata Directive \(metadataDirective\): is COPY/);
    expect(await exists("x.txt")).toBe(false);
    expect(
      (
        await failure("copyObject", {
          sourceBucket: "bad/name",
          sourceKey: "a",
          destinationBucket: bucket,
          destinationKey: "y",
        })
      ).message,
    ).toMatch(/Source Bucket \(sourceBucket\)/);
    expect(
      (
        await failure("copyObject", {
          sourceBucket: bucket,
          sourceKey: "a",
          destinationBucket: bucket,
          destinationKey: "",
        })
      ).message,
    ).toMatch(/Destination Key \(destinationKey\): is required/);
    const missing = await failure("copyObject", {
      sourceBucket: bucket,
      sourceKey: "not there.txt",
      destinationBucket: bucket,
      destinationKey: "y.txt",
    });
    expect(missing.message).toMatch(
      /CopyObject failed: NoSuchKey \(HTTP 404.*Hint: the source object "not there.txt" in bucket "[^"]+" does not exist: check Source Bucket, Source Key/,
    );
  });
});

describe("deleteObject and deleteObjects", () => {
  it("deletes one object", async () => {
    await run("putObject", { bucket, objectKey: "delete me.txt", fileContents: "x" });
    const result = await run("deleteObject", { bucket, objectKey: "delete me.txt" });
    expect(result?.data).toMatchObject({ Bucket: bucket, Key: "delete me.txt", DeleteMarker: false });
    expect(await exists("delete me.txt")).toBe(false);
  });

  it("deletes 2,500 keys in requests of at most 1,000", async () => {
    const keys = Array.from({ length: 2500 }, (_, i) => `bulk/${String(i).padStart(4, "0")} ü+%.txt`);
    for (let i = 0; i < keys.length; i += 100) {
      await Promise.all(
        keys.slice(i, i + 100).map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: "x" }))),
      );
    }
    const result = await run("deleteObjects", { bucket, objectKeys: keys });
    expect(result?.data).toMatchObject({ Bucket: bucket, DeletedCount: 2500 });
    const listed = await run("listObjects", { bucket, prefix: "bulk/", fetchAll: true });
    expect(listed?.data).toEqual([]);
  });

  it("accepts a JSON list and records with Key from an earlier step", async () => {
    await run("putObject", { bucket, objectKey: "j1.txt", fileContents: "1" });
    await run("putObject", { bucket, objectKey: "j2.txt", fileContents: "2" });
    await run("deleteObjects", { bucket, objectKeys: JSON.stringify(["j1.txt"]) });
    await run("deleteObjects", { bucket, objectKeys: [{ Key: "j2.txt" }] });
    expect(await exists("j1.txt")).toBe(false);
    expect(await exists("j2.txt")).toBe(false);
  });

  it("refuses bad input", async () => {
    expect((await failure("deleteObjects", { bucket, objectKeys: [] })).message).toMatch(
      /Object Keys \(objectKeys\): give at least one key/,
    );
    expect((await failure("deleteObjects", { bucket, objectKeys: [42] })).message).toMatch(
      /Object Keys \(objectKeys\): entries must be keys/,
    );
    expect((await failure("deleteObjects", { bucket, objectKeys: ["x".repeat(2000)] })).message).toMatch(
      /Object Keys \(objectKeys\): object keys are at most 1,024 bytes/,
    );
    expect((await failure("deleteObject", { bucket: "a b", objectKey: "a" })).message).toMatch(/Bucket \(bucket\)/);
  });
});

describe("deleteObjects with keys that cannot be deleted", () => {
  it("fails the step and lists each failed key with its code, after deleting the rest", async () => {
    const locked = uniqueBucketName("locked-delete");
    await run("createBucket", { bucket: locked, objectLockEnabled: true });
    const kept = await s3.send(
      new PutObjectCommand({
        Bucket: locked,
        Key: "retained ü.txt",
        Body: "keep",
        ObjectLockMode: ObjectLockMode.GOVERNANCE,
        ObjectLockRetainUntilDate: new Date(Date.now() + 86_400_000),
      }),
    );
    const free = await s3.send(new PutObjectCommand({ Bucket: locked, Key: "free.txt", Body: "go" }));
    try {
      const error = await failure("deleteObjects", {
        bucket: locked,
        objectKeys: [
          { Key: "retained ü.txt", VersionId: kept.VersionId },
          { Key: "free.txt", VersionId: free.VersionId },
        ],
      });
      expect(error.message).toMatch(
        /^Delete Objects: 1 of 2 objects were not deleted \(1 were\): "retained ü.txt" \(version [^)]+\): AccessDenied/,
      );
      expect(await exists("free.txt", locked)).toBe(false);
      expect(await exists("retained ü.txt", locked)).toBe(true);

      // With Allow Partial Failure the step succeeds, listing the refusal in Errors as S3 does.
      const second = await s3.send(new PutObjectCommand({ Bucket: locked, Key: "second.txt", Body: "go" }));
      const partial = await run("deleteObjects", {
        bucket: locked,
        allowPartialFailure: true,
        objectKeys: [
          { Key: "retained ü.txt", VersionId: kept.VersionId },
          { Key: "second.txt", VersionId: second.VersionId },
        ],
      });
      expect(partial?.data).toMatchObject({
        $metadata: { httpStatusCode: 200 },
        Deleted: [{ Key: "second.txt", VersionId: second.VersionId }],
        DeletedCount: 1,
        Errors: [{ Key: "retained ü.txt", VersionId: kept.VersionId, Code: "AccessDenied" }],
      });
      expect(await exists("retained ü.txt", locked)).toBe(true);
    } finally {
      await s3.send(
        new DeleteObjectCommand({
          Bucket: locked,
          Key: "retained ü.txt",
          VersionId: kept.VersionId,
          BypassGovernanceRetention: true,
        }),
      );
      await run("deleteBucket", { bucket: locked });
    }
  });
});
