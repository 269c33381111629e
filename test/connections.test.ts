import { isConnectionError } from "@prismatic-io/spectral";
import { harness, keyConnection, region, roleConnection } from "./support/harness";
import { startCountingProxy } from "./support/countingProxy";
import { testTarget } from "./support/target";

const target = testTarget();

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected a failure");
}

describe("access key connection", () => {
  it("reports a wrong secret as a connection error, without the secret", async () => {
    const secret = "wrongSecretKeyThatMustNeverBeShown0123456";
    const error = await rejection(harness.action("listBuckets", { connection: keyConnection({ secretAccessKey: secret }), awsRegion: region() }));
    expect(isConnectionError(error)).toBe(true);
    expect(error.message).toMatch(/credentials were rejected/);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });

  it("reports a wrong secret on an object call as a connection error too", async () => {
    const secret = "anotherWrongSecretThatMustStayHidden98765";
    const error = await rejection(
      harness.action("headObject", { connection: keyConnection({ secretAccessKey: secret }), awsRegion: region(), bucket: "any-bucket", objectKey: "a" }),
    );
    expect(isConnectionError(error)).toBe(true);
    expect(error.message).not.toContain(secret);
  });

  it("names the broken field of a misconfigured connection", async () => {
    const badEndpoint = await rejection(harness.action("listBuckets", { connection: keyConnection({ endpoint: "not a url" }), awsRegion: region() }));
    expect(isConnectionError(badEndpoint)).toBe(true);
    expect(badEndpoint.message).toMatch(/Custom Endpoint \(endpoint\) "not a url" is not a URL/);
    const noKey = await rejection(harness.action("listBuckets", { connection: keyConnection({ accessKeyId: "" }), awsRegion: region() }));
    expect(noKey.message).toMatch(/Access Key ID \(accessKeyId\) is empty/);
  });

  it("says which endpoint could not be reached", async () => {
    const error = await rejection(harness.action("listBuckets", { connection: keyConnection({ endpoint: "http://127.0.0.1:9", forcePathStyle: "true" }), awsRegion: region() }));
    expect(error.message).toMatch(/could not reach the endpoint http:\/\/127\.0\.0\.1:9 \(.*ECONNREFUSED/);
  });
});

const withRole = target.roleArn ? describe : describe.skip;
withRole("role connection (STS AssumeRole)", () => {
  it("works end to end through the role's temporary credentials, assuming the role once", async () => {
    const proxy = await startCountingProxy(target.endpoint ?? "");
    try {
      const connection = roleConnection({ endpoint: proxy.endpoint, sessionName: "component-test" });
      const name = `role-${Date.now().toString(36)}`;
      await harness.action("createBucket", { connection, awsRegion: region(), bucket: name });
      await harness.action("putObject", { connection, awsRegion: region(), bucket: name, objectKey: "via role.txt", fileContents: "hello" });
      const got = await harness.action("getObject", { connection, awsRegion: region(), bucket: name, objectKey: "via role.txt" });
      expect(got?.contentType).toBe("text/plain");
      await harness.action("deleteObject", { connection, awsRegion: region(), bucket: name, objectKey: "via role.txt" });
      await harness.action("deleteBucket", { connection, awsRegion: region(), bucket: name });
      expect(proxy.seen.filter((request) => request.action === "AssumeRole")).toHaveLength(1);
      expect(proxy.seen.length).toBeGreaterThanOrEqual(6);
    } finally {
      await proxy.close();
    }
  });

  it("reports a role that cannot be assumed as a connection error, without the secret", async () => {
    const secret = "roleSecretThatIsWrongAndMustNotLeak000000";
    const error = await rejection(harness.action("listBuckets", { connection: roleConnection({ secretAccessKey: secret }), awsRegion: region() }));
    expect(isConnectionError(error)).toBe(true);
    expect(error.message).toMatch(/Could not assume the connection's role/);
    expect(error.message).not.toContain(secret);
  });

  it("refuses session durations outside 900 to 43,200 seconds and malformed role ARNs", async () => {
    const short = await rejection(harness.action("listBuckets", { connection: roleConnection({ sessionDurationSeconds: "300" }), awsRegion: region() }));
    expect(short.message).toMatch(/Session Duration \(sessionDurationSeconds\) must be a whole number of seconds from 900 to 43,200/);
    const arn = await rejection(harness.action("listBuckets", { connection: roleConnection({ roleARN: "my-role" }), awsRegion: region() }));
    expect(arn.message).toMatch(/Role ARN \(roleARN\) "my-role" is not a role ARN/);
  });
});
