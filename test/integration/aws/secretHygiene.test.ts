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

describe("answers that repeat the request's session token", () => {
  const wrongSecret = "wrongSecretForTheFakeEndpoint0000000002";

  it("keeps it out of the step's error when SNS repeats the signed request in SignatureDoesNotMatch, with a connection or dynamic credentials", async () => {
    // AWS's query services put the canonical request, x-amz-security-token line included, in the message.
    const fake = await startFakeAws();
    const connectionToken = "snsConnectionTokenThatMustNotLeak/FwoGZXIvYXdzEJr+0001==";
    const dynamicToken = "snsDynamicTokenThatMustNotLeak/FwoGZXIvYXdzEJr+0002==";
    const before = process.env.AWS_ENDPOINT_URL_SNS;
    // Dynamic credentials have no endpoint of their own: the SDK's endpoint variable leads them to the fake.
    process.env.AWS_ENDPOINT_URL_SNS = fake.endpoint;
    const failures: string[] = [];
    const failed = async (params: Record<string, unknown>): Promise<void> => {
      const error = await harness
        .action("createTopic", { awsRegion: "us-east-1", name: "hygiene-topic", ...params })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
      if (!(error instanceof Error)) throw new Error("createTopic did not fail");
      failures.push(`${error.message} ${JSON.stringify(error)}`);
    };
    try {
      await failed({
        awsConnection: keyConnectionTo(fakeAwsConnection({ ...fake, secretAccessKey: wrongSecret }), connectionToken),
      });
      await failed({
        dynamicAccessKeyId: fake.accessKeyId,
        dynamicSecretAccessKey: wrongSecret,
        dynamicSessionToken: dynamicToken,
      });
    } finally {
      if (before === undefined) delete process.env.AWS_ENDPOINT_URL_SNS;
      else process.env.AWS_ENDPOINT_URL_SNS = before;
      await fake.close();
    }
    const answered = fake.requests.filter((request) => request.action === "CreateTopic");
    expect(answered).toHaveLength(2);
    expect(failures).toHaveLength(2);
    for (const message of failures) {
      expect(message).toMatch(
        /CreateTopic failed: SignatureDoesNotMatch \(HTTP 403, request id [^)]+\): The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\./,
      );
      expect(message).not.toMatch(/Canonical String|String-to-Sign|x-amz-security-token/);
    }
    const tokens = [
      connectionToken,
      dynamicToken,
      encodeURIComponent(connectionToken),
      encodeURIComponent(dynamicToken),
    ];
    expect(secretsIn(failures.join("\n"), [...tokens, wrongSecret])).toEqual([]);
    expect(secretsIn(readFileSync(process.env.AWS_S3_DEBUG_FILE ?? "", "utf8"), tokens)).toEqual([]);
  });

  it("keeps it out of the debug log and the error when S3 echoes it as Token-0 (ExpiredToken, InvalidToken)", async () => {
    // A session that ends as it is handed out; S3 repeats an expired or unknown token as Token-0.
    const fake = await startFakeAws({ roleSessionSeconds: [0] });
    const bogusToken = "unknownSessionTokenThatMustNotLeak/FwoGZXIvYXdzEJr+0003==";
    const codes: string[] = [];
    let expiredToken = "";
    try {
      const sts = new STSClient({
        region: "us-east-1",
        endpoint: fake.endpoint,
        credentials: { accessKeyId: fake.accessKeyId, secretAccessKey: fake.secretAccessKey },
      });
      const assumed = await sts.send(
        new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/hygiene", RoleSessionName: "expired" }),
      );
      sts.destroy();
      expiredToken = assumed.Credentials?.SessionToken ?? "";
      expect(expiredToken).not.toBe("");
      for (const token of [expiredToken, bogusToken]) {
        const before = errors.length;
        await attempt(
          harness.action("getObject", {
            accessKey: keyConnectionTo(fakeAwsConnection(fake), token),
            awsRegion: "us-east-1",
            bucket: "any-bucket",
            objectKey: "a.txt",
          }),
        );
        codes.push(...errors.slice(before).map((error) => /failed: (\w+)/.exec(error)?.[1] ?? error));
      }
    } finally {
      await fake.close();
    }
    expect(codes).toEqual(["ExpiredToken", "InvalidToken"]);
    const log = readFileSync(process.env.AWS_S3_DEBUG_FILE ?? "", "utf8");
    const lines = log.split("\n").filter((line) => /ExpiredToken|InvalidToken/.test(line));
    expect(lines.some((line) => line.includes('"Token-0":"[redacted]"'))).toBe(true);
    const tokens = [expiredToken, bogusToken, encodeURIComponent(expiredToken), encodeURIComponent(bogusToken)];
    expect(secretsIn(log, tokens)).toEqual([]);
    expect(secretsIn(errors.join("\n"), tokens)).toEqual([]);
  });
});
