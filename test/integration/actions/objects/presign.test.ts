/**
 * The presigning actions against the test S3: the URLs they make work for a plain HTTP client.
 * (How the role connection's session is renewed for a long URL is in
 * test/unit/actions/objects/presignRoleSession.test.ts, against the fake AWS endpoint.)
 */
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { failure, harness, region, roleConnection, run, sha256, urlOf, useTestBucket } from "../../../support/harness";
import { testTarget } from "../../../support/target";

const { bucket, verifier: s3 } = useTestBucket("presign");

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
