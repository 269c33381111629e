import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { type FakeAws, startFakeAws } from "./support/fakeAws";
import {
  failure,
  fakeAwsRoleConnection,
  harness,
  newBucket,
  region,
  removeBuckets,
  roleConnection,
  run,
  sha256,
  verifierS3,
} from "./support/harness";
import { testTarget } from "./support/target";

const s3 = verifierS3();
let bucket: string;

beforeAll(async () => {
  bucket = await newBucket("presign");
});
afterAll(async () => {
  await removeBuckets();
  s3.destroy();
});

/** generatePresignedUrl's result is the URL itself; generatePresignedUrlDetailed's holds it in url. */
function urlOf(data: unknown): string {
  if (typeof data === "string") return data;
  if (typeof data === "object" && data !== null && "url" in data && typeof data.url === "string") return data.url;
  throw new Error("no url in the result");
}

it("makes a download URL that a plain HTTP GET can use, for a key with spaces and unicode", async () => {
  const key = "shared/quarterly report ü+%.pdf";
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "report body" }));
  const before = Date.now();
  expect(
    urlOf(
      (await run("generatePresignedUrl", { bucket, objectKey: key, actionType: "download", expirationSeconds: 600 }))
        ?.data,
    ),
  ).toContain("X-Amz-Expires=600");
  const result = await run("generatePresignedUrlDetailed", {
    bucket,
    objectKey: key,
    actionType: "download",
    expirationSeconds: 600,
  });
  expect(result?.data).toMatchObject({ method: "GET", requiredHeaders: {} });
  const url = urlOf(result?.data);
  expect(url).toContain("X-Amz-Expires=600");
  const expiresAt: unknown =
    result?.data && typeof result.data === "object" && "expiresAt" in result.data ? result.data.expiresAt : undefined;
  expect(expiresAt).toBeInstanceOf(Date);
  if (expiresAt instanceof Date) expect(Math.abs(expiresAt.getTime() - (before + 600_000))).toBeLessThan(5000);
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("report body");
});

it("makes an upload URL that a plain HTTP PUT can use, with and without a content type", async () => {
  const plain = urlOf(
    (await run("generatePresignedUrl", { bucket, objectKey: "inbox/upload 1.bin", actionType: "upload" }))?.data,
  );
  const bytes = Buffer.from("uploaded by a partner");
  expect((await fetch(plain, { method: "PUT", body: bytes })).status).toBe(200);
  const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "inbox/upload 1.bin" }));
  expect(sha256(Buffer.from((await stored.Body?.transformToByteArray()) ?? []))).toBe(sha256(bytes));

  const typed = await run("generatePresignedUrlDetailed", {
    bucket,
    objectKey: "inbox/typed.csv",
    actionType: "upload",
    contentType: "text/csv",
  });
  expect(typed?.data).toMatchObject({ method: "PUT", requiredHeaders: { "Content-Type": "text/csv" } });
  expect(
    (await fetch(urlOf(typed?.data), { method: "PUT", body: "a,b", headers: { "Content-Type": "text/csv" } })).status,
  ).toBe(200);
  expect((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "inbox/typed.csv" }))).ContentType).toBe(
    "text/csv",
  );
});

it("refuses expirations outside 1 to 604,800 seconds and a content type on a download", async () => {
  expect(
    (await failure("generatePresignedUrl", { bucket, objectKey: "a", expirationSeconds: 604801 })).message,
  ).toMatch(/Expiration \(seconds\) \(expirationSeconds\): must be a whole number from 1 to 604,800; got 604,801/);
  expect((await failure("generatePresignedUrl", { bucket, objectKey: "a", expirationSeconds: "0" })).message).toMatch(
    /expirationSeconds/,
  );
  expect((await failure("generatePresignedUrl", { bucket, objectKey: "a", actionType: "delete" })).message).toMatch(
    /Action \(actionType\): must be one of download, upload/,
  );
  expect((await failure("generatePresignedUrl", { bucket, objectKey: "a", contentType: "text/csv" })).message).toMatch(
    /Content Type \(contentType\): only applies to upload URLs/,
  );
});

const withRole = testTarget().roleArn ? describe : describe.skip;
withRole("with the role connection", () => {
  it("never hands out a URL that outlives the role session", async () => {
    const connection = roleConnection({ sessionDurationSeconds: "900" });
    await expect(
      harness.action("generatePresignedUrl", {
        accessKey: connection,
        awsRegion: region(),
        bucket,
        objectKey: "a",
        expirationSeconds: 3600,
      }),
    ).rejects.toThrow(/longer than the connection's role session \(900 s\).*Session Duration/);

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "role.txt", Body: "via role" }));
    const result = await harness.action("generatePresignedUrl", {
      accessKey: connection,
      awsRegion: region(),
      bucket,
      objectKey: "role.txt",
      expirationSeconds: 600,
    });
    const response = await fetch(urlOf(result?.data));
    expect(await response.text()).toBe("via role");
  });
});

describe("with a role session renewed for a longer URL", () => {
  // The first session lasts 400 s, the next 3,600 s: a URL of 1,800 s needs the second one.
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws({ roleSessionSeconds: [400, 3600] });
  });
  afterAll(() => fake.close());

  const credentialOf = (url: string) => {
    const query = new URL(url).searchParams;
    return {
      accessKeyId: query.get("X-Amz-Credential")?.split("/")[0],
      sessionToken: query.get("X-Amz-Security-Token"),
    };
  };

  it("signs with exactly the session whose expiry it checked, in both presigning actions", async () => {
    const params = {
      accessKey: fakeAwsRoleConnection(fake, { sessionDurationSeconds: "3600" }),
      awsRegion: "us-east-1",
      bucket: "presign-bucket",
      objectKey: "report.pdf",
    };
    const short = await harness.action("generatePresignedUrlDetailed", { ...params, expirationSeconds: 60 });
    expect(credentialOf(urlOf(short?.data))).toEqual({
      accessKeyId: fake.roleSessions[0]?.accessKeyId,
      sessionToken: fake.roleSessions[0]?.sessionToken,
    });

    const before = Date.now();
    const long = await harness.action("generatePresignedUrlDetailed", { ...params, expirationSeconds: 1800 });
    expect(fake.roleSessions).toHaveLength(2);
    const renewed = {
      accessKeyId: fake.roleSessions[1]?.accessKeyId,
      sessionToken: fake.roleSessions[1]?.sessionToken,
    };
    expect(credentialOf(urlOf(long?.data))).toEqual(renewed);
    const expiresAt = Reflect.get(Object(long?.data), "expiresAt");
    expect(expiresAt instanceof Date && Math.abs(expiresAt.getTime() - (before + 1_800_000))).toBeLessThan(5000);

    const parts = await harness.action("generatePresignedForMultiparUploads", {
      ...params,
      uploadId: "upload-1",
      urlsToGenerate: 2,
      expirationSeconds: 1800,
    });
    const urls = Array.isArray(parts?.data)
      ? parts.data.map((part: unknown) => String(Reflect.get(Object(part), "url")))
      : [];
    expect(urls.map(credentialOf)).toEqual([renewed, renewed]);
  });
});
