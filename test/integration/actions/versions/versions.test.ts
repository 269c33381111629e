/** Bucket versioning and object versions against the real server. */
import { DeleteObjectCommand, PutBucketVersioningCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { isRecord } from "../../../../src/glue/guards";
import { aws, failure, keyConnection, newBucket, run, useTestBucket } from "../../../support/harness";
import { match } from "../../../support/matchers";
import { type CountingProxy, startCountingProxy } from "../../../support/servers/countingProxy";
import { testTarget, uniqueBucketName } from "../../../support/target";

const { bucket, verifier: s3 } = useTestBucket("versions");
let proxy: CountingProxy;

beforeAll(async () => {
  proxy = await startCountingProxy(testTarget().endpoint);
});
afterAll(async () => {
  await proxy.close();
});

describe.each(["getBucketVersioning", "listObjectVersions"])("%s", (actionKey) => {
  it("refuses a bad bucket name before sending anything", async () => {
    const before = proxy.seen.length;
    const connection = keyConnection({ endpoint: proxy.endpoint });
    expect(
      (await failure(actionKey, { accessKey: connection, bucket: "bad bucket", objectKey: "a.txt" })).message,
    ).toMatch(/^Bucket \(bucket\): "bad bucket" is not a valid bucket name/);
    expect(proxy.seen.length).toBe(before);
  });
});

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

interface ListedVersion {
  Key: string;
  VersionId: string;
  IsLatest: boolean;
}

/** A listObjectVersions result's Versions or DeleteMarkers, each entry checked. */
function listed(page: unknown, field: "Versions" | "DeleteMarkers"): ListedVersion[] {
  const entries = isRecord(page) ? page[field] : undefined;
  if (!Array.isArray(entries)) throw new Error(`no ${field} in the result`);
  return entries.map((entry: unknown) => {
    if (
      !isRecord(entry) ||
      typeof entry.Key !== "string" ||
      typeof entry.VersionId !== "string" ||
      typeof entry.IsLatest !== "boolean"
    )
      throw new Error(`${field} holds ${JSON.stringify(entry)}`);
    return { Key: entry.Key, VersionId: entry.VersionId, IsLatest: entry.IsLatest };
  });
}

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
    const versions = listed(data, "Versions");
    const markers = listed(data, "DeleteMarkers");
    expect(new Set(versions.map((version) => `${version.Key} ${version.VersionId}`)).size).toBe(1200);
    expect(markers.every((marker) => marker.IsLatest && keys.indexOf(marker.Key) % 3 === 0)).toBe(true);
    const firstVersion: unknown = isRecord(data) && Array.isArray(data.Versions) ? data.Versions[0] : undefined;
    expect(firstVersion).toMatchObject({
      Key: keys[0],
      VersionId: match.any(String),
      IsLatest: false,
      Size: match.any(Number),
      ETag: match.any(String),
      LastModified: match.any(Date),
    });
    expect(versions.filter((version) => version.IsLatest)).toHaveLength(400);
  });

  it("stops at Limit and resumes from the markers without gaps or repeats", async () => {
    const first = await run("listObjectVersions", { bucket: versioned, prefix: "v/", limit: "1100" });
    expect(first?.data).toMatchObject({ IsTruncated: true, NextKeyMarker: match.any(String) });
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
    const entries = (page: unknown): string[] =>
      [...listed(page, "Versions"), ...listed(page, "DeleteMarkers")].map((entry) => `${entry.Key} ${entry.VersionId}`);
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
