/** Object tags and bucket versioning against the real server. */
import {
  DeleteObjectCommand,
  GetObjectTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from "@aws-sdk/client-s3";
import { type CountingProxy, startCountingProxy } from "./support/countingProxy";
import { aws, failure, keyConnection, newBucket, removeBuckets, run, verifierS3 } from "./support/harness";
import { testTarget, uniqueBucketName } from "./support/target";

const s3 = verifierS3();
let bucket: string;
let proxy: CountingProxy;

beforeAll(async () => {
  bucket = await newBucket("tags");
  proxy = await startCountingProxy(testTarget().endpoint);
});
afterAll(async () => {
  await removeBuckets();
  await proxy.close();
  s3.destroy();
});

const tagsOf = async (key: string, versionId?: string) =>
  (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).TagSet ?? [];

describe("object tagging", () => {
  const key = "tagged/ünï cödé + % report.csv";
  beforeAll(async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "a,b\n" }));
  });

  it("replaces, reads back and removes an object's tags", async () => {
    const tags = [
      { key: "classification", value: "internal" },
      { key: "owner team", value: "finance + ops = ü/@:." },
      { key: "empty", value: "" },
    ];
    const put = await run("putObjectTagging", { bucket, objectKey: key, tags });
    expect(put?.data).toMatchObject({
      Bucket: bucket,
      Key: key,
      TagSet: tags.map(({ key: Key, value: Value }) => ({ Key, Value })),
    });
    expect(await tagsOf(key)).toEqual(
      expect.arrayContaining(tags.map(({ key: Key, value: Value }) => ({ Key, Value }))),
    );
    expect(await tagsOf(key)).toHaveLength(3);

    const got = await run("getObjectTagging", { bucket, objectKey: key });
    expect(got?.data).toMatchObject({
      Bucket: bucket,
      Key: key,
      Tags: { classification: "internal", "owner team": "finance + ops = ü/@:.", empty: "" },
    });
    expect(got?.data).toHaveProperty("$metadata.httpStatusCode", 200);

    // A new set replaces the old one whole.
    await run("putObjectTagging", { bucket, objectKey: key, tags: { year: "2024" } });
    expect(await tagsOf(key)).toEqual([{ Key: "year", Value: "2024" }]);

    const deleted = await run("deleteObjectTagging", { bucket, objectKey: key });
    expect(deleted?.data).toMatchObject({ Bucket: bucket, Key: key });
    expect(await tagsOf(key)).toEqual([]);
    expect((await run("getObjectTagging", { bucket, objectKey: key }))?.data).toMatchObject({ TagSet: [], Tags: {} });
  });

  it("takes exactly 10 tags of the longest allowed keys and values", async () => {
    const tags = Array.from({ length: 10 }, (_, i) => ({ key: `${i}`.padEnd(128, "k"), value: "v".repeat(256) }));
    await run("putObjectTagging", { bucket, objectKey: key, tags });
    expect(await tagsOf(key)).toHaveLength(10);
  });

  it("tags one version of a versioned object", async () => {
    const versioned = await newBucket("tags-versioned");
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: "Enabled" } }),
    );
    const first = await s3.send(new PutObjectCommand({ Bucket: versioned, Key: "doc.txt", Body: "1" }));
    await s3.send(new PutObjectCommand({ Bucket: versioned, Key: "doc.txt", Body: "2" }));
    await run("putObjectTagging", {
      bucket: versioned,
      objectKey: "doc.txt",
      versionId: first.VersionId,
      tags: { state: "old" },
    });
    const old = await run("getObjectTagging", { bucket: versioned, objectKey: "doc.txt", versionId: first.VersionId });
    expect(old?.data).toMatchObject({ VersionId: first.VersionId, Tags: { state: "old" } });
    expect((await run("getObjectTagging", { bucket: versioned, objectKey: "doc.txt" }))?.data).toMatchObject({
      Tags: {},
    });
  });

  it("explains a missing object", async () => {
    const error = await failure("putObjectTagging", { bucket, objectKey: "nope.txt", tags: { a: "b" } });
    expect(error.message).toMatch(/^PutObjectTagging failed: NoSuchKey \(HTTP 404/);
    expect(error.message).toContain(`there is no object "nope.txt" in bucket "${bucket}"`);
  });

  it.each([
    [
      Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: "v" })),
      "Tags (tags): an object can have at most 10 tags; got 11.",
    ],
    [
      [{ key: "k".repeat(129), value: "v" }],
      'Tags (tags): the tag key "kkkkkkkkkkkkkkkkkkkk…" is longer than 128 characters.',
    ],
    [[{ key: "long", value: "v".repeat(257) }], 'Tags (tags): the value of tag "long" is longer than 256 characters.'],
    [[{ key: "aws:owner", value: "me" }], 'Tags (tags): tag keys starting with "aws:" are reserved; got "aws:owner".'],
    [
      [
        { key: "same", value: "1" },
        { key: "same", value: "2" },
      ],
      'Tags (tags): has the key "same" twice.',
    ],
    ['{"a": ', "Tags (tags): is not valid JSON"],
  ])("refuses bad tags %# and keeps the object's tags", async (tags, message) => {
    await s3.send(
      new PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging: { TagSet: [{ Key: "kept", Value: "yes" }] } }),
    );
    const before = proxy.seen.length;
    const error = await failure("putObjectTagging", {
      accessKey: keyConnection({ endpoint: proxy.endpoint }),
      bucket,
      objectKey: key,
      tags,
    });
    expect(error.message.startsWith(message)).toBe(true);
    expect(proxy.seen.length).toBe(before);
    expect(await tagsOf(key)).toEqual([{ Key: "kept", Value: "yes" }]);
  });
});

describe.each(["getObjectTagging", "deleteObjectTagging", "getBucketVersioning", "listObjectVersions"])(
  "%s",
  (actionKey) => {
    it("refuses a bad bucket name or key before sending anything", async () => {
      const before = proxy.seen.length;
      const connection = keyConnection({ endpoint: proxy.endpoint });
      expect(
        (await failure(actionKey, { accessKey: connection, bucket: "bad bucket", objectKey: "a.txt" })).message,
      ).toMatch(/^Bucket \(bucket\): "bad bucket" is not a valid bucket name/);
      if (actionKey.endsWith("Tagging")) {
        expect((await failure(actionKey, { accessKey: connection, bucket, objectKey: "k".repeat(1025) })).message).toBe(
          "Object Key (objectKey): object keys are at most 1,024 bytes of UTF-8; this one has 1,025.",
        );
      }
      expect(proxy.seen.length).toBe(before);
    });
  },
);

describe("bucket versioning", () => {
  it("reports a new bucket as unversioned, then enables and suspends versioning", async () => {
    const fresh = await newBucket("versioning");
    expect((await run("getBucketVersioning", { bucket: fresh }))?.data).toMatchObject({
      Bucket: fresh,
      Status: "Unversioned",
    });
    expect((await run("putBucketVersioning", { bucket: fresh, versioningStatus: "Enabled" }))?.data).toEqual(
      aws({ Bucket: fresh, Status: "Enabled" }),
    );
    expect((await run("getBucketVersioning", { bucket: fresh }))?.data).toMatchObject({
      Bucket: fresh,
      Status: "Enabled",
    });
    await run("putBucketVersioning", { bucket: fresh, versioningStatus: "Suspended" });
    expect((await run("getBucketVersioning", { bucket: fresh }))?.data).toMatchObject({ Status: "Suspended" });
  });

  it("refuses to suspend versioning on an Object Lock bucket, with a hint", async () => {
    const lockedName = uniqueBucketName("versioning-locked");
    await run("createBucket", { bucket: lockedName, objectLockEnabled: true });
    try {
      const error = await failure("putBucketVersioning", { bucket: lockedName, versioningStatus: "Suspended" });
      expect(error.message).toMatch(/^PutBucketVersioning failed: InvalidBucketState \(HTTP 409/);
      expect(error.message).toContain("versioning cannot be suspended on a bucket with Object Lock");
    } finally {
      await run("deleteBucket", { bucket: lockedName });
    }
  });

  it.each([
    [{ versioningStatus: "On" }, 'Versioning Status (versioningStatus): must be one of Enabled, Suspended; got "On".'],
    [{}, "Versioning Status (versioningStatus): is required: choose Enabled or Suspended."],
  ])("refuses bad input %# before sending anything", async (inputs, message) => {
    const before = proxy.seen.length;
    const error = await failure("putBucketVersioning", {
      accessKey: keyConnection({ endpoint: proxy.endpoint }),
      bucket,
      ...inputs,
    });
    expect(error.message).toBe(message);
    expect(proxy.seen.length).toBe(before);
  });
});

describe("listObjectVersions", () => {
  let versioned: string;
  const keys = Array.from({ length: 600 }, (_, i) => `v/${String(i).padStart(3, "0")} ü.txt`);

  beforeAll(async () => {
    versioned = await newBucket("versions");
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: "Enabled" } }),
    );
    // 600 keys × 2 versions, plus a delete marker on every third key: 1,400 entries, more than one page.
    for (let i = 0; i < keys.length; i += 100) {
      const batch = keys.slice(i, i + 100);
      await Promise.all(batch.map((Key) => s3.send(new PutObjectCommand({ Bucket: versioned, Key, Body: "first" }))));
      await Promise.all(batch.map((Key) => s3.send(new PutObjectCommand({ Bucket: versioned, Key, Body: "second" }))));
      await Promise.all(
        batch
          .filter((_, j) => (i + j) % 3 === 0)
          .map((Key) => s3.send(new DeleteObjectCommand({ Bucket: versioned, Key }))),
      );
    }
    await s3.send(new PutObjectCommand({ Bucket: versioned, Key: "other/x.txt", Body: "x" }));
  });

  it("follows every page and shows versions and delete markers", async () => {
    const result = await run("listObjectVersions", { bucket: versioned, prefix: "v/" });
    const data = result?.data;
    expect(data).toMatchObject({ Bucket: versioned, VersionCount: 1200, DeleteMarkerCount: 200, IsTruncated: false });
    if (
      !data ||
      typeof data !== "object" ||
      !("Versions" in data) ||
      !Array.isArray(data.Versions) ||
      !("DeleteMarkers" in data) ||
      !Array.isArray(data.DeleteMarkers)
    ) {
      throw new Error("no lists");
    }
    expect(
      new Set(data.Versions.map((version: { Key: string; VersionId: string }) => `${version.Key} ${version.VersionId}`))
        .size,
    ).toBe(1200);
    expect(
      data.DeleteMarkers.every(
        (marker: { Key: string; IsLatest: boolean }) => marker.IsLatest && keys.indexOf(marker.Key) % 3 === 0,
      ),
    ).toBe(true);
    expect(data.Versions[0]).toMatchObject({
      Key: keys[0],
      VersionId: expect.any(String),
      IsLatest: false,
      Size: expect.any(Number),
      ETag: expect.any(String),
      LastModified: expect.any(Date),
    });
    expect(data.Versions.filter((version: { IsLatest: boolean }) => version.IsLatest)).toHaveLength(400);
  });

  it("stops at Limit and resumes from the markers without gaps or repeats", async () => {
    const first = await run("listObjectVersions", { bucket: versioned, prefix: "v/", limit: "1100" });
    expect(first?.data).toMatchObject({ IsTruncated: true, NextKeyMarker: expect.any(String) });
    const firstData = first?.data;
    if (
      !firstData ||
      typeof firstData !== "object" ||
      !("NextKeyMarker" in firstData) ||
      !("NextVersionIdMarker" in firstData)
    )
      throw new Error("no markers");
    const rest = await run("listObjectVersions", {
      bucket: versioned,
      prefix: "v/",
      keyMarker: firstData.NextKeyMarker,
      versionIdMarker: firstData.NextVersionIdMarker,
    });
    const entries = (page: unknown): string[] => {
      if (
        !page ||
        typeof page !== "object" ||
        !("Versions" in page) ||
        !("DeleteMarkers" in page) ||
        !Array.isArray(page.Versions) ||
        !Array.isArray(page.DeleteMarkers)
      )
        return [];
      return [...page.Versions, ...page.DeleteMarkers].map(
        (entry: { Key: string; VersionId: string }) => `${entry.Key} ${entry.VersionId}`,
      );
    };
    const all = [...entries(firstData), ...entries(rest?.data)];
    expect(entries(firstData)).toHaveLength(1100);
    expect(all).toHaveLength(1400);
    expect(new Set(all).size).toBe(1400);
    expect(rest?.data).toMatchObject({ IsTruncated: false });
  });

  it.each([
    [{ limit: "0" }, "Limit (limit): must be a whole number from 1 to 1,000,000; got 0."],
    [
      { versionIdMarker: "abc" },
      "Version ID Marker (versionIdMarker): is only used together with Key Marker; give both NextKeyMarker and NextVersionIdMarker of the earlier call.",
    ],
  ])("refuses bad input %# before sending anything", async (inputs, message) => {
    const before = proxy.seen.length;
    const error = await failure("listObjectVersions", {
      accessKey: keyConnection({ endpoint: proxy.endpoint }),
      bucket,
      ...inputs,
    });
    expect(error.message).toBe(message);
    expect(proxy.seen.length).toBe(before);
  });
});
