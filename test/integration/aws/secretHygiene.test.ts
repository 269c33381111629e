/**
 * Secrets never appear in debug logs, errors or results' logs: every path that handles a
 * secret runs here with debug logging on, and the log and every error are searched for the
 * secret key, session tokens and presigned-URL signatures.
 */
import { readFileSync } from "node:fs";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { startFakeAws } from "../../support/fakeAws";
import {
  fakeAwsConnection,
  harness,
  keyConnection,
  newBucket,
  region,
  removeBuckets,
  roleConnection,
  run,
} from "../../support/harness";
import { secretsIn } from "../../support/secrets";
import { testTarget } from "../../support/target";

const target = testTarget();
const errors: string[] = [];
const wrongSecret = "wrongSecretThatMustNotLeakAnywhere000001";

async function attempt(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    errors.push(error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : String(error));
  }
}

afterAll(removeBuckets);

const withRole = target.roleArn ? it : it.skip;
withRole(
  "keeps the secret key, role and session tokens, and URL signatures out of the debug log and errors",
  async () => {
    const logFile = process.env.AWS_S3_DEBUG_FILE;
    expect(logFile).toBeTruthy();
    const bucket = await newBucket("hygiene");

    // Temporary credentials with a session token, used through the access key connection.
    const sts = new STSClient({
      region: region(),
      endpoint: target.endpoint,
      credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    });
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: target.roleArn, RoleSessionName: "hygiene-test", DurationSeconds: 900 }),
    );
    sts.destroy();
    const temporary = assumed.Credentials;
    if (!temporary?.SessionToken || !temporary.SecretAccessKey || !temporary.AccessKeyId)
      throw new Error("no temporary credentials");
    const tokenConnection = keyConnection({
      accessKeyId: temporary.AccessKeyId,
      secretAccessKey: temporary.SecretAccessKey,
      sessionToken: temporary.SessionToken,
    });

    await harness.action("putObject", {
      accessKey: tokenConnection,
      awsRegion: region(),
      bucket,
      objectKey: "token.txt",
      fileContents: "x",
    });
    await harness.action("putObject", {
      accessKey: roleConnection(),
      awsRegion: region(),
      bucket,
      objectKey: "role.txt",
      fileContents: "y",
    });
    const download = await run("generatePresignedUrl", { bucket, objectKey: "role.txt", expirationSeconds: 300 });
    const upload = await harness.action("generatePresignedUrlDetailed", {
      accessKey: roleConnection(),
      awsRegion: region(),
      bucket,
      objectKey: "up.txt",
      actionType: "upload",
    });
    const signatures = [download?.data, upload?.data].map((data) => {
      const text =
        typeof data === "string"
          ? data
          : typeof data === "object" && data !== null && "url" in data && typeof data.url === "string"
            ? data.url
            : undefined;
      return text === undefined ? undefined : (new URL(text).searchParams.get("X-Amz-Signature") ?? undefined);
    });
    expect(signatures.every(Boolean)).toBe(true);

    await attempt(
      harness.action("listBuckets", {
        accessKey: keyConnection({ secretAccessKey: wrongSecret }),
        awsRegion: region(),
      }),
    );
    await attempt(
      harness.action("listBuckets", {
        accessKey: roleConnection({ secretAccessKey: wrongSecret }),
        awsRegion: region(),
      }),
    );
    await attempt(
      harness.action("getObject", {
        accessKey: tokenConnection,
        awsRegion: region(),
        bucket,
        objectKey: "missing.txt",
      }),
    );
    await attempt(
      harness.action("getObject", {
        accessKey: keyConnection({ sessionToken: "bogus-session-token-value-123456" }),
        awsRegion: region(),
        bucket,
        objectKey: "token.txt",
      }),
    );
    expect(errors).toHaveLength(4);

    const log = readFileSync(logFile ?? "", "utf8");
    expect(log.split("\n").filter(Boolean).length).toBeGreaterThan(10);
    const secrets = [
      target.secretAccessKey,
      wrongSecret,
      temporary.SecretAccessKey,
      temporary.SessionToken,
      "bogus-session-token-value-123456",
      ...signatures,
    ];
    expect(secretsIn(log, secrets)).toEqual([]);
    expect(secretsIn(errors.join("\n"), secrets)).toEqual([]);
  },
);

it("keeps a session token out of the debug log when S3 repeats the signed request in a SignatureDoesNotMatch answer", async () => {
  // AWS's answer to a bad signature carries CanonicalRequest, StringToSign and SignatureProvided,
  // and the canonical request holds the x-amz-security-token header line; our AWS endpoint answers alike.
  const fake = await startFakeAws();
  const token = "sessionTokenThatMustNotLeak/FwoGZXIvYXdzEJr+0000==";
  try {
    const connection = fakeAwsConnection({ ...fake, secretAccessKey: "wrongSecretForTheFakeEndpoint0000000001" });
    await attempt(
      harness.action("getObject", {
        accessKey: keyConnectionTo(connection, token),
        awsRegion: "us-east-1",
        bucket: "any-bucket",
        objectKey: "a.txt",
      }),
    );
  } finally {
    await fake.close();
  }
  const log = readFileSync(process.env.AWS_S3_DEBUG_FILE ?? "", "utf8");
  const lines = log.split("\n").filter((line) => line.includes("SignatureDoesNotMatch"));
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.some((line) => line.includes('"CanonicalRequest":"[removed]"'))).toBe(true);
  expect(secretsIn(log, [token, encodeURIComponent(token)])).toEqual([]);
  expect(secretsIn(errors.join("\n"), [token])).toEqual([]);
});

/** The connection with a session token added, as temporary credentials carry one. */
function keyConnectionTo(
  connection: { key: string; configVarKey: string; fields: Record<string, unknown> },
  sessionToken: string,
) {
  return { ...connection, fields: { ...connection.fields, sessionToken } };
}
