/** Object tags against the real server. */
import {
  GetObjectTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from "@aws-sdk/client-s3";
import { failure, keyConnection, newBucket, run, useTestBucket } from "../../../support/harness";
import { match } from "../../../support/matchers";
import { type CountingProxy, startCountingProxy } from "../../../support/servers/countingProxy";
import { testTarget } from "../../../support/target";

const { bucket, verifier: s3 } = useTestBucket("tags");
let proxy: CountingProxy;

beforeAll(async () => {
  proxy = await startCountingProxy(testTarget().endpoint);
});
afterAll(async () => {
  await proxy.close();
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
      match.arrayContaining(tags.map(({ key: Key, value: Value }) => ({ Key, Value }))),
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

describe.each(["getObjectTagging", "deleteObjectTagging"])("%s", (actionKey) => {
  it("refuses a bad bucket name or key before sending anything", async () => {
    const before = proxy.seen.length;
    const connection = keyConnection({ endpoint: proxy.endpoint });
    expect(
      (await failure(actionKey, { accessKey: connection, bucket: "bad bucket", objectKey: "a.txt" })).message,
    ).toMatch(/^Bucket \(bucket\): "bad bucket" is not a valid bucket name/);
    expect((await failure(actionKey, { accessKey: connection, bucket, objectKey: "k".repeat(1025) })).message).toBe(
      "Object Key (objectKey): object keys are at most 1,024 bytes of UTF-8; this one has 1,025.",
    );
    expect(proxy.seen.length).toBe(before);
  });
});
