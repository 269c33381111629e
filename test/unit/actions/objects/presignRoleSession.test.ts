/**
 * The role connection's presigned URLs, against our own STS endpoint (test/support/fakeAws),
 * which hands out sessions of chosen lengths: a URL is signed with the very session whose
 * expiry was checked, renewed first when it would end sooner than the URL.
 */
import { useFakeAws } from "../../../support/fakeAws";
import { fakeAwsRoleConnection, harness, urlOf } from "../../../support/harness";

describe("with a role session renewed for a longer URL", () => {
  // The first session lasts 400 s, the next 3,600 s: a URL of 1,800 s needs the second one.
  const fake = useFakeAws({ roleSessionSeconds: [400, 3600] });

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
    const expiresAt: unknown = Reflect.get(Object(long?.data), "expiresAt");
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
