import { PutObjectCommand } from "@aws-sdk/client-s3";
import { failure, run, useTestBucket } from "../../../support/harness";
import { match } from "../../../support/matchers";

const { bucket, verifier: s3 } = useTestBucket("list");
const KEYS = [
  "a.txt",
  "docs/readme.md",
  "docs/guides/intro.md",
  "docs/guides/advanced ü.md",
  "images/logo.png",
  "images/raw/photo 1+2.jpg",
  "z.txt",
];

beforeAll(async () => {
  await Promise.all(KEYS.map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))));
});

/** listObjectsDetailed's record: keys or records, folders, and the paging token. */
async function list(params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await run("listObjectsDetailed", { bucket, ...params });
  const data: unknown = result?.data;
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new Error("unexpected listObjectsDetailed result");
  return { ...data };
}

describe("listObjects (the official shape)", () => {
  it("returns the key names of the bucket, as a list", async () => {
    expect((await run("listObjects", { bucket }))?.data).toEqual([...KEYS].sort());
    expect((await run("listObjects", { bucket, prefix: "images/" }))?.data).toEqual([
      "images/logo.png",
      "images/raw/photo 1+2.jpg",
    ]);
  });

  it("returns S3's whole answer with includeMetadata, $metadata included", async () => {
    const result = await run("listObjects", { bucket, prefix: "docs/", delimiter: "/", includeMetadata: true });
    expect(result?.data).toMatchObject({
      $metadata: { httpStatusCode: 200, requestId: match.any(String) },
      Name: bucket,
      Prefix: "docs/",
      Contents: [
        {
          Key: "docs/readme.md",
          Size: "docs/readme.md".length,
          ETag: match.any(String),
          LastModified: match.any(Date),
        },
      ],
      CommonPrefixes: [{ Prefix: "docs/guides/" }],
      IsTruncated: false,
      KeyCount: 2,
    });
  });

  it("pages with the official pagination group, and with top-level maxKeys and continuationToken", async () => {
    const first = await run("listObjects", { bucket, includeMetadata: true, pagination: { maxKeys: "3" } });
    const page: unknown = first?.data;
    if (typeof page !== "object" || page === null || !("NextContinuationToken" in page)) throw new Error("no token");
    expect(page).toMatchObject({
      IsTruncated: true,
      Contents: KEYS.slice()
        .sort()
        .slice(0, 3)
        .map((Key) => ({ Key })),
    });
    const token = page.NextContinuationToken;
    expect(
      (await run("listObjects", { bucket, pagination: { maxKeys: "3", continuationToken: token } }))?.data,
    ).toEqual(KEYS.slice().sort().slice(3, 6));
    expect((await run("listObjects", { bucket, maxKeys: 3, continuationToken: token }))?.data).toEqual(
      KEYS.slice().sort().slice(3, 6),
    );
    expect((await run("listObjects", { bucket, maxKeys: 2, fetchAll: true }))?.data).toEqual(KEYS.slice().sort());
    const conflict = await failure("listObjects", { bucket, maxKeys: 5, pagination: { maxKeys: "3" } });
    expect(conflict.message).toBe(
      "Max Keys (pagination.maxKeys): is set both in Pagination and on its own, to different values; clear one of them.",
    );
    expect((await failure("listObjects", { bucket, pagination: { maxKeys: "5000" } })).message).toMatch(
      /^Max Keys \(pagination.maxKeys\): must be a whole number from 1 to 1,000/,
    );
  });
});

describe("listObjectsDetailed", () => {
  it("lists every key by default, as key names", async () => {
    const result = await list({});
    expect(result.Keys).toEqual([...KEYS].sort());
    expect(result).toMatchObject({
      $metadata: { httpStatusCode: 200 },
      KeyCount: KEYS.length,
      IsTruncated: false,
      CommonPrefixes: [],
    });
    expect(result.Contents).toBeUndefined();
  });

  it("returns folders with a delimiter, and filters by prefix", async () => {
    expect(await list({ delimiter: "/" })).toMatchObject({
      Keys: ["a.txt", "z.txt"],
      CommonPrefixes: ["docs/", "images/"],
    });
    expect(await list({ prefix: "docs/", delimiter: "/" })).toMatchObject({
      Keys: ["docs/readme.md"],
      CommonPrefixes: ["docs/guides/"],
    });
    expect((await list({ prefix: "images/raw/" })).Keys).toEqual(["images/raw/photo 1+2.jpg"]);
    expect((await list({ startAfter: "images/raw/photo 1+2.jpg" })).Keys).toEqual(["z.txt"]);
  });

  it("returns full records with includeMetadata", async () => {
    const result = await list({ prefix: "docs/readme", includeMetadata: true });
    expect(result.Keys).toBeUndefined();
    expect(result.Contents).toEqual([
      {
        Key: "docs/readme.md",
        Size: "docs/readme.md".length,
        ETag: match.any(String),
        LastModified: match.any(Date),
        StorageClass: "STANDARD",
      },
    ]);
  });

  it("pages with maxKeys and continuationToken, and fetchAll follows every page up to limit", async () => {
    const first = await list({ maxKeys: 3 });
    expect(first).toMatchObject({
      Keys: KEYS.slice().sort().slice(0, 3),
      IsTruncated: true,
      NextContinuationToken: match.any(String),
    });
    const second = await list({ maxKeys: 3, continuationToken: first.NextContinuationToken });
    expect(second.Keys).toEqual(KEYS.slice().sort().slice(3, 6));

    const all = await list({ maxKeys: 2, fetchAll: true });
    expect(all).toMatchObject({ Keys: KEYS.slice().sort(), IsTruncated: false });

    const limited = await list({ maxKeys: 2, fetchAll: true, limit: 5 });
    expect(limited).toMatchObject({ Keys: KEYS.slice().sort().slice(0, 5), IsTruncated: true });
    const rest = await list({ fetchAll: true, continuationToken: limited.NextContinuationToken });
    expect(rest.Keys).toEqual(KEYS.slice().sort().slice(5));
  });

  it("refuses bad input and explains a missing bucket", async () => {
    expect((await failure("listObjectsDetailed", { bucket, maxKeys: 1001 })).message).toMatch(
      /Max Keys \(maxKeys\): must be a whole number from 1 to 1,000; got 1,001/,
    );
    expect((await failure("listObjectsDetailed", { bucket, limit: 0 })).message).toMatch(
      /Limit \(limit\): must be a whole number from 1 to 1,000,000/,
    );
    expect((await failure("listObjectsDetailed", { bucket, fetchAll: "sometimes" })).message).toMatch(
      /Fetch All \(fetchAll\): must be true or false/,
    );
    expect((await failure("listObjects", { bucket: "missing-bucket-for-list-test" })).message).toMatch(
      /ListObjectsV2 failed: NoSuchBucket/,
    );
  });
});
