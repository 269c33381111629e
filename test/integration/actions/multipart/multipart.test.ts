import { randomBytes } from "node:crypto";
import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { actions } from "../../../../src/actions";
import { presigningS3Client } from "../../../../src/aws/clients";
import { isRecord } from "../../../../src/glue/guards";
import {
  aws,
  failure,
  harness,
  keyConnection,
  region,
  roleConnection,
  run,
  sha256,
  useTestBucket,
} from "../../../support/harness";
import { match } from "../../../support/matchers";
import { outputProblems } from "../../../support/outputs";
import { startCountingProxy } from "../../../support/servers/countingProxy";
import { startFailingProxy } from "../../../support/servers/failingProxy";
import { testTarget } from "../../../support/target";

const MIB = 1024 * 1024;
const { bucket, verifier: s3 } = useTestBucket("multipart");

/** Runs an action and returns its data, which must match the action's output schema. */
async function data(actionKey: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await run(actionKey, { bucket, ...params });
  if (!isRecord(result?.data)) throw new Error(`${actionKey} returned no record`);
  expect(outputProblems(actionKey, result.data)).toEqual([]);
  return result.data;
}

async function stored(key: string): Promise<Buffer> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from((await response.Body?.transformToByteArray()) ?? []);
}

/** The keys with multipart uploads still in progress, as the component's listMultipartUploads sees them. */
async function openUploads(prefix?: string): Promise<unknown[]> {
  const listed = await data("listMultipartUploads", { prefix });
  if (!Array.isArray(listed.Uploads)) throw new Error("listMultipartUploads returned no Uploads");
  return listed.Uploads.map((upload) => (isRecord(upload) ? upload.Key : undefined));
}

interface PartUrl {
  partNumber: number;
  url: string;
}

/** generatePresignedForMultiparUploads's result: a URL for each part. */
function partUrls(result: unknown): PartUrl[] {
  if (!Array.isArray(result)) throw new Error("expected a list of URLs");
  return result.map((entry: unknown) => {
    if (!isRecord(entry) || typeof entry.partNumber !== "number" || typeof entry.url !== "string")
      throw new Error(`expected { partNumber, url }, got ${JSON.stringify(entry)}`);
    return { partNumber: entry.partNumber, url: entry.url };
  });
}

async function exists(key: string): Promise<boolean> {
  return s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    () => false,
  );
}

it("marks exactly the read-only large-object actions as safe", () => {
  const keys = [
    "putObject",
    "copyObject",
    "uploadFromUrl",
    "createMultipartUpload",
    "uploadPart",
    "completeMultipartUpload",
    "abortMultipartUpload",
    "listMultipartUploads",
    "listParts",
    "generatePresignedForMultiparUploads",
    "createUploadStream",
    "writeUploadStream",
    "closeUploadStream",
  ];
  const safe = keys.filter(
    (key) => Object.entries(actions).find(([name]) => name === key)?.[1].performSafety === "safe",
  );
  expect(safe).toEqual(["listMultipartUploads", "listParts", "generatePresignedForMultiparUploads"]);
});

describe("multipart upload actions", () => {
  it("round-trips parts sent out of order, completed from a shuffled mix of part records and whole results", async () => {
    const key = "manual/report ü+%.bin";
    const bytes = randomBytes(10 * MIB + 12345);
    const created = await data("createMultipartUpload", {
      objectKey: key,
      contentType: "application/x-report",
      metadata: [{ key: "origin", value: "erp" }],
    });
    expect(created).toMatchObject({ Bucket: bucket, Key: key, UploadId: match.any(String) });
    const uploadId = created.UploadId;

    const chunks = [bytes.subarray(0, 5 * MIB), bytes.subarray(5 * MIB, 10 * MIB), bytes.subarray(10 * MIB)];
    const results: Record<number, Record<string, unknown>> = {};
    for (const partNumber of [3, 1, 2]) {
      results[partNumber] = await data("uploadPart", {
        objectKey: key,
        uploadId,
        partNumber,
        fileChunk: chunks[partNumber - 1],
      });
      expect(results[partNumber]).toMatchObject({
        ETag: match.stringMatching(/[0-9a-f]{32}/),
        part: { PartNumber: partNumber, ETag: results[partNumber].ETag },
      });
    }

    const listed = await data("listParts", { objectKey: key, uploadId });
    expect(listed).toMatchObject({ UploadId: uploadId, PartCount: 3 });
    expect(listed.Parts).toEqual(
      [1, 2, 3].map((number) =>
        match.objectContaining({ PartNumber: number, ETag: results[number].ETag, Size: chunks[number - 1].length }),
      ),
    );
    expect(await openUploads("manual/")).toEqual([key]);

    const completed = await data("completeMultipartUpload", {
      objectKey: key,
      uploadId,
      parts: [results[2], results[3].part, JSON.stringify(results[1].part)],
    });
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    // Ceph answers CompleteMultipartUpload with an empty ETag: the action fills it in.
    expect(completed).toMatchObject({ Bucket: bucket, Key: key, ETag: head.ETag, PartCount: 3 });
    expect(head.ETag).toMatch(/-3"?$/);
    expect(sha256(await stored(key))).toBe(sha256(bytes));
    expect(head).toMatchObject({ ContentType: "application/x-report", Metadata: { origin: "erp" } });
    expect(await openUploads("manual/")).toEqual([]);
  });

  it("aborts an upload, leaving nothing behind, and names the upload in later errors", async () => {
    const key = "aborted/file.bin";
    const { UploadId: uploadId } = await data("createMultipartUpload", { objectKey: key });
    await data("uploadPart", { objectKey: key, uploadId, partNumber: 1, fileChunk: randomBytes(1024) });
    expect(await openUploads("aborted/")).toEqual([key]);
    expect(await data("abortMultipartUpload", { objectKey: key, uploadId })).toEqual(
      aws({ Bucket: bucket, Key: key, UploadId: uploadId, Aborted: true }, 204),
    );
    expect(await openUploads("aborted/")).toEqual([]);
    expect((await failure("listParts", { bucket, objectKey: key, uploadId })).message).toMatch(
      // AWS answers NoSuchUpload, Ceph NoSuchKey: either way the hint is about the upload.
      /^ListParts failed: (NoSuchUpload|NoSuchKey) \(HTTP 404.*Hint: the multipart upload does not exist: it was completed or aborted, or the upload id is wrong\.$/,
    );
  });

  it("lists every upload in progress, filtered by prefix", async () => {
    const keys = ["listing/a.bin", "listing/b.bin", "other/c.bin"];
    const ids: unknown[] = [];
    for (const key of keys) ids.push((await data("createMultipartUpload", { objectKey: key })).UploadId);
    expect((await openUploads("listing/")).sort()).toEqual(["listing/a.bin", "listing/b.bin"]);
    const all = await data("listMultipartUploads", {});
    expect(all).toMatchObject({ Bucket: bucket, Prefix: "", UploadCount: match.any(Number) });
    expect(all.Uploads).toEqual(
      match.arrayContaining(
        keys.map((key, index) =>
          match.objectContaining({ Key: key, UploadId: ids[index], Initiated: match.any(Date) }),
        ),
      ),
    );
    for (const [index, key] of keys.entries())
      await data("abortMultipartUpload", { objectKey: key, uploadId: ids[index] });
  });

  describe("refuses a broken parts list before anything is sent", () => {
    const part = (PartNumber: unknown, ETag: unknown = '"0123456789abcdef0123456789abcdef"') => ({ PartNumber, ETag });
    it.each([
      [
        "a gap",
        [part(1), part(3)],
        "Parts (parts): parts must be numbered 1 to 2 without gaps, but part 2 is missing (got parts 1, 3).",
      ],
      ["a missing first part", [part(2), part(3), part(4)], "part 1 is missing (got parts 2-4)"],
      [
        "a duplicate",
        [part(2), part(1), { part: part(2) }],
        "Parts (parts): part 2 is listed twice (entries 1 and 3); list each part once",
      ],
      [
        "a missing ETag",
        [part(1), { PartNumber: 2 }],
        "Parts (parts): part 2 (entry 2) has no ETag. Pass the part records Upload Part returned",
      ],
      ["an empty ETag", [part(1, '""')], "part 1 (entry 1) has no ETag"],
      [
        "a part number out of range",
        [part(0)],
        "Parts (parts): entry 1 needs a PartNumber from 1 to 10,000; got number 0.",
      ],
      ["a part number of 10,001", [part(10001)], "entry 1 needs a PartNumber from 1 to 10,000; got number 10001."],
      [
        "something that is not a part",
        ["hello"],
        'Parts (parts): entry 1 must be a part record such as {"PartNumber": 1',
      ],
      ["no parts", [], "Parts (parts): give at least one part"],
    ])("%s", async (_name, parts, message) => {
      const proxy = await startCountingProxy(testTarget().endpoint);
      try {
        const connection = keyConnection({ endpoint: proxy.endpoint });
        const error = await harness
          .action("completeMultipartUpload", {
            accessKey: connection,
            awsRegion: region(),
            bucket,
            objectKey: "x.bin",
            uploadId: "some-upload",
            parts,
          })
          .then(
            () => new Error("completeMultipartUpload succeeded"),
            (thrown: unknown) => (thrown instanceof Error ? thrown : new Error(String(thrown))),
          );
        expect(error.message).toContain(message);
        expect(proxy.seen).toEqual([]);
      } finally {
        await proxy.close();
      }
    });
  });

  it("refuses part numbers outside 1 to 10,000 and a missing upload id", async () => {
    const base = { bucket, objectKey: "x.bin", uploadId: "u", fileChunk: "abc" };
    expect((await failure("uploadPart", { ...base, partNumber: 0 })).message).toBe(
      "Part Number (partNumber): must be a whole number from 1 to 10,000; got 0.",
    );
    expect((await failure("uploadPart", { ...base, partNumber: 10001 })).message).toBe(
      "Part Number (partNumber): must be a whole number from 1 to 10,000; got 10,001.",
    );
    expect((await failure("uploadPart", { ...base, partNumber: "first" })).message).toBe(
      'Part Number (partNumber): must be a whole number from 1 to 10,000; got "first".',
    );
    expect((await failure("uploadPart", { ...base, partNumber: "" })).message).toBe(
      "Part Number (partNumber): is required: a whole number from 1 to 10,000.",
    );
    expect((await failure("uploadPart", { ...base, partNumber: 1, uploadId: "" })).message).toBe(
      "Upload ID (uploadId): is required.",
    );
  });
});

describe("generatePresignedForMultiparUploads", () => {
  it("makes one URL per part that a plain HTTP PUT can use, and the upload completes with their ETags", async () => {
    const key = "presigned/upload 1.bin";
    const bytes = randomBytes(5 * MIB + 777);
    const { UploadId: uploadId } = await data("createMultipartUpload", { objectKey: key });
    const result = await run("generatePresignedForMultiparUploads", {
      bucket,
      objectKey: key,
      uploadId,
      urlsToGenerate: 2,
      expirationSeconds: 900,
    });
    const urls = partUrls(result?.data);
    expect(outputProblems("generatePresignedForMultiparUploads", result?.data)).toEqual([]);
    expect(result?.data).toEqual(
      [1, 2].map((partNumber) => ({ partNumber, url: match.stringContaining(`partNumber=${partNumber}`) })),
    );
    expect(urls[0].url).toContain("X-Amz-Expires=900");

    const chunks = [bytes.subarray(0, 5 * MIB), bytes.subarray(5 * MIB)];
    // Sent in reverse order, by an HTTP client that knows nothing of S3.
    const parts = [];
    for (const index of [1, 0]) {
      const response = await fetch(urls[index].url, { method: "PUT", body: chunks[index] });
      expect(response.status).toBe(200);
      parts.push({ PartNumber: urls[index].partNumber, ETag: response.headers.get("etag") });
    }
    await data("completeMultipartUpload", { objectKey: key, uploadId, parts });
    expect(sha256(await stored(key))).toBe(sha256(bytes));
  });

  it("refuses URL counts outside 1 to 10,000 and expirations outside 1 to 604,800 seconds", async () => {
    const base = { bucket, objectKey: "x.bin", uploadId: "u" };
    expect((await failure("generatePresignedForMultiparUploads", { ...base, urlsToGenerate: 0 })).message).toBe(
      "Number of URLs (urlsToGenerate): must be a whole number from 1 to 10,000; got 0.",
    );
    expect((await failure("generatePresignedForMultiparUploads", { ...base, urlsToGenerate: 10001 })).message).toBe(
      "Number of URLs (urlsToGenerate): must be a whole number from 1 to 10,000; got 10,001.",
    );
    expect(
      (await failure("generatePresignedForMultiparUploads", { ...base, urlsToGenerate: 2, expirationSeconds: 604801 }))
        .message,
    ).toBe("Expiration (seconds) (expirationSeconds): must be a whole number from 1 to 604,800; got 604,801.");
  });

  it("signs 10,000 URLs, each exactly the URL the SDK's getSignedUrl makes for its part", async () => {
    const key = "folder/ä b+c (1).bin";
    const result = await run("generatePresignedForMultiparUploads", {
      bucket,
      objectKey: key,
      uploadId: "2~Upload.Id_-x",
      urlsToGenerate: 10000,
      expirationSeconds: 600,
    });
    const urls = partUrls(result?.data);
    expect(urls).toHaveLength(10000);
    const { client: presigner } = await presigningS3Client({ accessKey: keyConnection(), awsRegion: region() }, 600);
    for (const index of [0, 1, 2, 4999, 9999]) {
      const { url, partNumber } = urls[index];
      expect(partNumber).toBe(index + 1);
      const stamp = new URL(url).searchParams.get("X-Amz-Date") ?? "";
      const signingDate = new Date(
        stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"),
      );
      const command = new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId: "2~Upload.Id_-x",
        PartNumber: partNumber,
      });
      expect(url).toBe(await getSignedUrl(presigner, command, { expiresIn: 600, signingDate }));
    }
  });

  const withRole = testTarget().roleArn ? it : it.skip;
  withRole("never hands out URLs that outlive the role session", async () => {
    const connection = roleConnection({ sessionDurationSeconds: "900" });
    await expect(
      harness.action("generatePresignedForMultiparUploads", {
        accessKey: connection,
        awsRegion: region(),
        bucket,
        objectKey: "x.bin",
        uploadId: "u",
        urlsToGenerate: 1,
        expirationSeconds: 3600,
      }),
    ).rejects.toThrow(/longer than the connection's role session \(900 s\)/);

    // URLs signed with the role's session (its token travels in every URL) work for every part.
    const key = "presigned/by role.bin";
    const bytes = randomBytes(5 * MIB + 10);
    const { UploadId: uploadId } = await data("createMultipartUpload", { objectKey: key });
    const result = await harness.action("generatePresignedForMultiparUploads", {
      accessKey: connection,
      awsRegion: region(),
      bucket,
      objectKey: key,
      uploadId,
      urlsToGenerate: 2,
      expirationSeconds: 600,
    });
    const urls = partUrls(result?.data);
    const parts = [];
    for (const [index, chunk] of [bytes.subarray(0, 5 * MIB), bytes.subarray(5 * MIB)].entries()) {
      expect(urls[index].url).toContain("X-Amz-Security-Token=");
      const response = await fetch(urls[index].url, { method: "PUT", body: chunk });
      expect(response.status).toBe(200);
      parts.push({ PartNumber: index + 1, ETag: response.headers.get("etag") });
    }
    await data("completeMultipartUpload", { objectKey: key, uploadId, parts });
    expect(sha256(await stored(key))).toBe(sha256(bytes));
  });
});

describe("putObject", () => {
  it("sends a body above the multipart threshold as parallel parts, keeping every write option", async () => {
    const key = "put/big file.bin";
    const bytes = randomBytes(12 * MIB + 1);
    const put = await data("putObject", {
      objectKey: key,
      fileContents: { data: bytes, contentType: "application/x-big" },
      multipartThresholdMiB: 5,
      partSizeMiB: 5,
      concurrency: 3,
      metadata: [{ key: "batch", value: "7" }],
      tagging: [{ key: "size", value: "big" }],
      cacheControl: "max-age=60",
    });
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(put).toEqual(
      aws({ Bucket: bucket, Key: key, ETag: head.ETag, VersionId: undefined, Location: match.any(String) }),
    );
    expect(head.ETag).toMatch(/-3"?$/);
    expect(head).toMatchObject({
      ContentType: "application/x-big",
      Metadata: { batch: "7" },
      CacheControl: "max-age=60",
      ContentLength: bytes.length,
    });
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))).TagSet).toEqual([
      { Key: "size", Value: "big" },
    ]);
    expect(sha256(await stored(key))).toBe(sha256(bytes));
  });

  it("keeps a single PUT below the threshold", async () => {
    const bytes = randomBytes(6 * MIB);
    const put = await data("putObject", { objectKey: "put/small.bin", fileContents: bytes });
    expect(put.ETag).toMatch(/^"?[0-9a-f]{32}"?$/);
    expect(sha256(await stored("put/small.bin"))).toBe(sha256(bytes));
  });

  it("aborts the multipart upload when a part fails, leaving no parts behind", async () => {
    const proxy = await startFailingProxy(
      testTarget().endpoint,
      (request) => request.method === "PUT" && request.query.get("partNumber") === "2",
    );
    try {
      const key = "put/failing.bin";
      const error = await harness
        .action("putObject", {
          accessKey: keyConnection({ endpoint: proxy.endpoint }),
          awsRegion: region(),
          bucket,
          objectKey: key,
          fileContents: randomBytes(16 * MIB),
          multipartThresholdMiB: 5,
          partSizeMiB: 5,
        })
        .then(
          () => new Error("putObject succeeded"),
          (thrown: unknown) => (thrown instanceof Error ? thrown : new Error(String(thrown))),
        );
      expect(error.message).toMatch(
        /^UploadPart failed: InvalidArgument \(HTTP 400, request id failing-proxy\): Rejected by the test proxy\./,
      );
      expect(proxy.seen.filter((request) => request.failed)).toHaveLength(1);
      expect(proxy.seen.some((request) => request.method === "DELETE" && request.query.has("uploadId"))).toBe(true);
      expect(await openUploads("put/")).toEqual([]);
      expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
      expect(await exists(key)).toBe(false);
    } finally {
      await proxy.close();
    }
  });

  it("never overwrites with Do Not Overwrite on, also above the multipart threshold", async () => {
    const key = "put/guarded.bin";
    const bytes = randomBytes(12 * MIB);
    const params = { objectKey: key, multipartThresholdMiB: 5, partSizeMiB: 5, ifNoneMatch: true };
    const put = await data("putObject", { ...params, fileContents: bytes });
    expect(put.ETag).toMatch(/^"?[0-9a-f]{32}"?$/);
    expect((await failure("putObject", { bucket, ...params, fileContents: randomBytes(12 * MIB) })).message).toMatch(
      /^PutObject failed: PreconditionFailed \(HTTP 412/,
    );
    expect(sha256(await stored(key))).toBe(sha256(bytes));
  });

  it("refuses tuning values outside their ranges", async () => {
    const base = { bucket, objectKey: "x.bin", fileContents: "abc" };
    expect((await failure("putObject", { ...base, partSizeMiB: 4 })).message).toBe(
      "Part Size (MiB) (partSizeMiB): must be a whole number from 5 to 512; got 4.",
    );
    expect((await failure("putObject", { ...base, concurrency: 11 })).message).toBe(
      "Concurrency (concurrency): must be a whole number from 1 to 10; got 11.",
    );
    expect((await failure("putObject", { ...base, multipartThresholdMiB: 6000 })).message).toBe(
      "Multipart Threshold (MiB) (multipartThresholdMiB): must be a whole number from 5 to 5,120; got 6,000.",
    );
  });
});
