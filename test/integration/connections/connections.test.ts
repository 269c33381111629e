import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { isConnectionError } from "@prismatic-io/spectral";
import {
  bytesOf,
  harness,
  keyConnection,
  newBucket,
  region,
  removeBuckets,
  roleConnection,
  run,
} from "../../support/harness";
import { startCountingProxy } from "../../support/servers/countingProxy";
import { testTarget } from "../../support/target";

const target = testTarget();
afterAll(removeBuckets);

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
    const error = await rejection(
      harness.action("listBuckets", { accessKey: keyConnection({ secretAccessKey: secret }), awsRegion: region() }),
    );
    expect(isConnectionError(error)).toBe(true);
    expect(error.message).toMatch(/credentials were rejected/);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });

  it("reports a wrong secret on an object call as a connection error too", async () => {
    const secret = "anotherWrongSecretThatMustStayHidden98765";
    const error = await rejection(
      harness.action("headObject", {
        accessKey: keyConnection({ secretAccessKey: secret }),
        awsRegion: region(),
        bucket: "any-bucket",
        objectKey: "a",
      }),
    );
    expect(isConnectionError(error)).toBe(true);
    expect(error.message).not.toContain(secret);
  });

  it("names the broken field of a misconfigured connection", async () => {
    const badEndpoint = await rejection(
      harness.action("listBuckets", { accessKey: keyConnection({ endpoint: "not a url" }), awsRegion: region() }),
    );
    expect(isConnectionError(badEndpoint)).toBe(true);
    expect(badEndpoint.message).toMatch(/Custom Endpoint \(endpoint\) "not a url" is not a URL/);
    const noKey = await rejection(
      harness.action("listBuckets", { accessKey: keyConnection({ accessKeyId: "" }), awsRegion: region() }),
    );
    expect(noKey.message).toMatch(/Access Key ID \(accessKeyId\) is empty/);
  });

  it("says which endpoint could not be reached", async () => {
    const error = await rejection(
      harness.action("listBuckets", {
        accessKey: keyConnection({ endpoint: "http://127.0.0.1:9", forcePathStyle: "true" }),
        awsRegion: region(),
      }),
    );
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
      await harness.action("createBucket", { accessKey: connection, awsRegion: region(), bucket: name });
      await harness.action("putObject", {
        accessKey: connection,
        awsRegion: region(),
        bucket: name,
        objectKey: "via role.txt",
        fileContents: "hello",
      });
      const got = await harness.action("getObject", {
        accessKey: connection,
        awsRegion: region(),
        bucket: name,
        objectKey: "via role.txt",
      });
      expect(got?.contentType).toBe("text/plain");
      await harness.action("deleteObject", {
        accessKey: connection,
        awsRegion: region(),
        bucket: name,
        objectKey: "via role.txt",
      });
      await harness.action("deleteBucket", { accessKey: connection, awsRegion: region(), bucket: name });
      expect(proxy.seen.filter((request) => request.action === "AssumeRole")).toHaveLength(1);
      expect(proxy.seen.length).toBeGreaterThanOrEqual(6);
    } finally {
      await proxy.close();
    }
  });

  it("is known by its Role ARN under any key, as a code-native integration's inline connection is keyed", async () => {
    const proxy = await startCountingProxy(target.endpoint ?? "");
    try {
      const inline = { ...roleConnection({ endpoint: proxy.endpoint }), key: "customerS3Connection" };
      await harness.action("listBuckets", { accessKey: inline, awsRegion: region() });
      expect(proxy.seen.filter((request) => request.action === "AssumeRole")).toHaveLength(1);
      const keyPair = { ...keyConnection({ endpoint: proxy.endpoint }), key: "customerS3Connection" };
      await harness.action("listBuckets", { accessKey: keyPair, awsRegion: region() });
      expect(proxy.seen.filter((request) => request.action === "AssumeRole")).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it("reports a role that cannot be assumed as a connection error, without the secret", async () => {
    const secret = "roleSecretThatIsWrongAndMustNotLeak000000";
    const error = await rejection(
      harness.action("listBuckets", { accessKey: roleConnection({ secretAccessKey: secret }), awsRegion: region() }),
    );
    expect(isConnectionError(error)).toBe(true);
    expect(error.message).toMatch(/Could not assume the connection's role/);
    expect(error.message).not.toContain(secret);
  });

  it("refuses session durations outside 900 to 43,200 seconds and malformed role ARNs", async () => {
    const short = await rejection(
      harness.action("listBuckets", {
        accessKey: roleConnection({ sessionDurationSeconds: "300" }),
        awsRegion: region(),
      }),
    );
    expect(short.message).toMatch(
      /Session Duration \(seconds\) \(sessionDurationSeconds\) must be a whole number of seconds from 900 to 43,200; got "300"/,
    );
    const arn = await rejection(
      harness.action("listBuckets", { accessKey: roleConnection({ roleARN: "my-role" }), awsRegion: region() }),
    );
    expect(arn.message).toMatch(/Role ARN \(roleARN\) "my-role" is not a role ARN/);
  });
});

describe("dynamic credentials (dynamicAccessKeyId, dynamicSecretAccessKey, dynamicSessionToken)", () => {
  // Dynamic credentials carry no endpoint: on the platform they reach AWS. Here the SDK's own
  // service-specific endpoint setting (AWS_ENDPOINT_URL_S3, read when a client has no endpoint)
  // sends those clients to the test server; an IP endpoint is addressed path-style by the SDK.
  const saved = process.env.AWS_ENDPOINT_URL_S3;
  beforeAll(() => {
    process.env.AWS_ENDPOINT_URL_S3 = target.endpoint;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3;
    else process.env.AWS_ENDPOINT_URL_S3 = saved;
  });
  const dynamic = { dynamicAccessKeyId: target.accessKeyId, dynamicSecretAccessKey: target.secretAccessKey };

  it("are used instead of a connection", async () => {
    const bucket = await newBucket("dynamic");
    await run("putObject", { bucket, objectKey: "dynamic.txt", fileContents: "given to the step" });
    const got = await harness.action("getObject", {
      ...dynamic,
      awsRegion: region(),
      bucket,
      objectKey: "dynamic.txt",
    });
    expect(bytesOf(got).toString()).toBe("given to the step");
  });

  (target.roleArn ? it : it.skip)("take temporary credentials with their session token", async () => {
    const sts = new STSClient({
      region: region(),
      endpoint: target.endpoint,
      credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    });
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({ RoleArn: target.roleArn, RoleSessionName: "dynamic-test" }),
    );
    sts.destroy();
    const listed = await harness.action("listBuckets", {
      awsRegion: region(),
      dynamicAccessKeyId: Credentials?.AccessKeyId,
      dynamicSecretAccessKey: Credentials?.SecretAccessKey,
      dynamicSessionToken: Credentials?.SessionToken,
    });
    expect(Array.isArray(listed?.data)).toBe(true);
    const withoutToken = await rejection(
      harness.action("listBuckets", {
        awsRegion: region(),
        dynamicAccessKeyId: Credentials?.AccessKeyId,
        dynamicSecretAccessKey: Credentials?.SecretAccessKey,
      }),
    );
    expect(isConnectionError(withoutToken)).toBe(false);
    expect(withoutToken.message).toMatch(
      /The step's dynamic credentials \(dynamicAccessKeyId, dynamicSecretAccessKey\) were rejected/,
    );
    expect(withoutToken.message).not.toContain(Credentials?.SecretAccessKey ?? "-");
  });

  it("report a wrong secret naming the step's inputs, not a connection, and without the secret", async () => {
    const secret = "dynamicSecretThatIsWrongAndMustNotLeak00";
    const error = await rejection(
      harness.action("listBuckets", {
        awsRegion: region(),
        dynamicAccessKeyId: target.accessKeyId,
        dynamicSecretAccessKey: secret,
      }),
    );
    expect(isConnectionError(error)).toBe(false);
    expect(error.message).toMatch(/dynamic credentials \(dynamicAccessKeyId, dynamicSecretAccessKey\) were rejected/);
    expect(error.message).not.toContain(secret);
  });

  it.each<[string, boolean, Record<string, string>, RegExp]>([
    [
      "a connection and dynamic credentials",
      true,
      dynamic,
      /^Dynamic Access Key ID \(dynamicAccessKeyId\): give either a Connection \(accessKey\) or dynamic credentials, not both/,
    ],
    [
      "a connection and a dynamic secret",
      true,
      { dynamicSecretAccessKey: "s" },
      /^Dynamic Secret Access Key \(dynamicSecretAccessKey\): give either a Connection \(accessKey\) or dynamic credentials/,
    ],
    [
      "nothing",
      false,
      {},
      /^Connection \(accessKey\): no credentials were given\. Choose an Amazon S3 connection for this step, or give Dynamic Access Key ID \(dynamicAccessKeyId\) and Dynamic Secret Access Key \(dynamicSecretAccessKey\)\./,
    ],
    [
      "a dynamic key without its secret",
      false,
      { dynamicAccessKeyId: "AKIAEXAMPLE" },
      /^Connection \(accessKey\): no connection was given and Dynamic Secret Access Key \(dynamicSecretAccessKey\) is empty/,
    ],
  ])(
    "with %s are refused by the official component's rules before anything is sent",
    async (_case, withConnection, inputs, message) => {
      const proxy = await startCountingProxy(target.endpoint);
      try {
        const params = {
          awsRegion: region(),
          bucket: "any-bucket",
          ...inputs,
          ...(withConnection ? { accessKey: keyConnection({ endpoint: proxy.endpoint }) } : {}),
        };
        expect((await rejection(harness.action("listObjects", params))).message).toMatch(message);
        expect(proxy.seen).toEqual([]);
      } finally {
        await proxy.close();
      }
    },
  );

  it("name awsConnection on the SNS actions, as the official component does", async () => {
    const error = await rejection(harness.action("createTopic", { awsRegion: region(), name: "no-credentials" }));
    expect(error.message).toMatch(/^Connection \(awsConnection\): no credentials were given/);
  });
});
