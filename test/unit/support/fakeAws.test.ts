/**
 * Exercises test/support/fakeAws through the real AWS SDK v3 clients over HTTP.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from "@aws-sdk/client-sns";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { startFakeAws, useFakeAws } from "../../support/fakeAws";
import { match } from "../../support/matchers";

const REGION = "us-east-1";

const fake = useFakeAws();

interface Creds {
  accessKeyId?: string;
  secretAccessKey?: string;
}

function credentials(over: Creds = {}): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: over.accessKeyId ?? fake.accessKeyId,
    secretAccessKey: over.secretAccessKey ?? fake.secretAccessKey,
  };
}

function s3(over: Creds = {}): S3Client {
  return new S3Client({
    region: REGION,
    endpoint: fake.endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    credentials: credentials(over),
    maxAttempts: 1,
  });
}

function sns(over: Creds = {}): SNSClient {
  return new SNSClient({ region: REGION, endpoint: fake.endpoint, credentials: credentials(over), maxAttempts: 1 });
}

function sts(over: Creds = {}): STSClient {
  return new STSClient({ region: REGION, endpoint: fake.endpoint, credentials: credentials(over), maxAttempts: 1 });
}

interface SdkFailure {
  name: string;
  httpStatusCode: number | undefined;
  requestId: string | undefined;
  message: string;
}

function hasMetadata(value: unknown): value is { $metadata: { httpStatusCode?: number; requestId?: string } } {
  if (typeof value !== "object" || value === null || !("$metadata" in value)) return false;
  const meta = value.$metadata;
  return typeof meta === "object" && meta !== null;
}

/** Runs `fn`, expects it to throw an SDK service exception, and returns its essentials. */
async function failure(fn: () => Promise<unknown>): Promise<SdkFailure> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof Error && hasMetadata(err)) {
      return {
        name: err.name,
        httpStatusCode: err.$metadata.httpStatusCode,
        requestId: err.$metadata.requestId,
        message: err.message,
      };
    }
    throw err;
  }
  throw new Error("expected the call to fail");
}

function md5(body: Buffer | string): string {
  return createHash("md5").update(body).digest("hex");
}

const clients: { destroy(): void }[] = [];
function track<T extends { destroy(): void }>(client: T): T {
  clients.push(client);
  return client;
}

afterAll(() => {
  for (const c of clients) c.destroy();
});

describe("server basics", () => {
  test("listens on a loopback port and exposes its identity", () => {
    expect(fake.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.accountId).toBe("123456789012");
    expect(fake.accessKeyId).not.toBe("");
    expect(fake.secretAccessKey).not.toBe("");
  });

  test("unsigned requests are rejected and recorded", async () => {
    const before = fake.requests.length;
    const stsRes = await fetch(fake.endpoint + "/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    expect(stsRes.status).toBe(403);
    const stsXml = await stsRes.text();
    expect(stsXml).toContain("<Code>MissingAuthenticationToken</Code>");
    expect(stsXml).toContain('xmlns="https://sts.amazonaws.com/doc/2011-06-15/"');

    const s3Res = await fetch(fake.endpoint + "/some-bucket/some%20key");
    expect(s3Res.status).toBe(403);
    expect(s3Res.headers.get("x-amz-request-id")).toMatch(/^[0-9A-F]{16}$/);
    expect(await s3Res.text()).toContain("<Code>AccessDenied</Code>");

    expect(fake.requests.slice(before)).toEqual([
      { service: "sts", action: "GetCallerIdentity", params: {} },
      { service: "s3", action: "GetObject", params: { Bucket: "some-bucket", Key: "some key" } },
    ]);
  });

  test("close() shuts the server down and releases its sockets", async () => {
    const other = await startFakeAws({
      accessKeyId: "AKIAOTHER",
      secretAccessKey: "other-secret",
      accountId: "210987654321",
    });
    const client = new STSClient({
      region: REGION,
      endpoint: other.endpoint,
      credentials: { accessKeyId: "AKIAOTHER", secretAccessKey: "other-secret" },
      maxAttempts: 1,
    });
    const id = await client.send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe("210987654321");
    await other.close();
    await other.close(); // idempotent
    await expect(fetch(other.endpoint + "/")).rejects.toThrow();
    client.destroy();
  });
});

describe("STS", () => {
  test("GetCallerIdentity returns the account, user ARN and user id", async () => {
    const before = fake.requests.length;
    const res = await track(sts()).send(new GetCallerIdentityCommand({}));
    expect(res.Account).toBe(fake.accountId);
    expect(res.Arn).toBe(`arn:aws:iam::${fake.accountId}:user/tester`);
    expect(res.UserId).toMatch(/^AIDA[0-9A-Z]{17}$/);
    expect(res.$metadata.httpStatusCode).toBe(200);
    expect(res.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.requests.slice(before)).toEqual([{ service: "sts", action: "GetCallerIdentity", params: {} }]);
  });

  test("a wrong secret surfaces SignatureDoesNotMatch (403)", async () => {
    const err = await failure(() => track(sts({ secretAccessKey: "wrong" })).send(new GetCallerIdentityCommand({})));
    expect(err).toMatchObject({ name: "SignatureDoesNotMatch", httpStatusCode: 403 });
    expect(err.requestId).toBeDefined();
  });

  test("an unknown access key surfaces InvalidClientTokenId (403)", async () => {
    const err = await failure(() => track(sts({ accessKeyId: "AKIANOBODY" })).send(new GetCallerIdentityCommand({})));
    expect(err).toMatchObject({ name: "InvalidClientTokenId", httpStatusCode: 403 });
  });

  test("a region outside the server's credential scope is rejected", async () => {
    const client = track(
      new STSClient({ region: "eu-west-1", endpoint: fake.endpoint, credentials: credentials(), maxAttempts: 1 }),
    );
    const err = await failure(() => client.send(new GetCallerIdentityCommand({})));
    expect(err).toMatchObject({ name: "SignatureDoesNotMatch", httpStatusCode: 403 });
  });
});

describe("S3", () => {
  const bucket = "fake-aws-bucket";
  const awkwardKeys = [
    "plain.txt",
    "with space/and more spaces.txt",
    "plus+sign+key",
    "percent%20literal%.txt",
    "unicode/ünïcødé-日本語-🚀.bin",
    "symbols !'()*&$@=;:,?#[]~.txt",
  ];

  beforeAll(async () => {
    await track(s3()).send(new CreateBucketCommand({ Bucket: bucket }));
  });

  test("CreateBucket is recorded with the bucket name", () => {
    expect(fake.requests).toContainEqual(
      match.objectContaining({
        service: "s3",
        action: "CreateBucket",
        params: match.objectContaining({ Bucket: bucket }),
      }),
    );
  });

  test.each(awkwardKeys)("PutObject + GetObjectAttributes round-trip key %j", async (key) => {
    const client = track(s3());
    const body = Buffer.from(`content of ${key}`, "utf8");
    const put = await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "text/plain" }),
    );
    expect(put.ETag).toBe(`"${md5(body)}"`);

    const before = fake.requests.length;
    const attrs = await client.send(
      new GetObjectAttributesCommand({
        Bucket: bucket,
        Key: key,
        ObjectAttributes: ["ETag", "ObjectSize", "StorageClass", "Checksum", "ObjectParts"],
      }),
    );
    expect(attrs.ETag).toBe(md5(body)); // unquoted, as AWS returns it
    expect(attrs.ObjectSize).toBe(body.length);
    expect(attrs.StorageClass).toBe("STANDARD");
    expect(attrs.LastModified).toBeInstanceOf(Date);
    expect(Math.abs((attrs.LastModified?.getTime() ?? 0) - Date.now())).toBeLessThan(10_000);
    expect(attrs.Checksum?.ChecksumCRC64NVME).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    expect(attrs.ObjectParts).toBeUndefined();

    const recorded = fake.requests.slice(before);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      service: "s3",
      action: "GetObjectAttributes",
      params: { Bucket: bucket, Key: key, attributes: "" },
    });
    expect(recorded[0]?.params["x-amz-object-attributes"]?.split(",").map((s) => s.trim())).toEqual([
      "ETag",
      "ObjectSize",
      "StorageClass",
      "Checksum",
      "ObjectParts",
    ]);
  });

  test("GetObject / HeadObject return the stored object and its checksum validates in the SDK", async () => {
    const client = track(s3());
    const key = "dir/ünïcødé + space %.json";
    const body = Buffer.from(JSON.stringify({ hello: "world" }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "application/json" }));
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: "ENABLED" }));
    expect(got.ContentType).toBe("application/json");
    expect(got.ChecksumCRC64NVME).toBeDefined();
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? []).equals(body)).toBe(true);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength).toBe(body.length);
    expect(head.ETag).toBe(`"${md5(body)}"`);
  });

  test("only the requested attributes are returned", async () => {
    const client = track(s3());
    const res = await client.send(
      new GetObjectAttributesCommand({ Bucket: bucket, Key: "plain.txt", ObjectAttributes: ["ObjectSize"] }),
    );
    expect(res.ObjectSize).toBe(Buffer.byteLength("content of plain.txt"));
    expect(res.ETag).toBeUndefined();
    expect(res.StorageClass).toBeUndefined();
    expect(res.Checksum).toBeUndefined();
  });

  test("explicit CRC32 checksums (header and aws-chunked trailer) are verified and reported", async () => {
    const client = track(s3());
    const body = Buffer.from("checksummed body ".repeat(100));
    // CRC-32 of the body (zlib.crc32 would compute it, but needs Node >= 20.15).
    const expectedCrc32 = "2kbGOQ==";
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: "crc32-buffer", Body: body, ChecksumAlgorithm: "CRC32" }),
    );
    // A stream body makes the SDK send aws-chunked with a trailing checksum.
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "crc32-stream",
        Body: Readable.from([body.subarray(0, 700), body.subarray(700)]),
        ContentLength: body.length,
        ChecksumAlgorithm: "CRC32",
      }),
    );
    for (const key of ["crc32-buffer", "crc32-stream"]) {
      const res = await client.send(
        new GetObjectAttributesCommand({
          Bucket: bucket,
          Key: key,
          ObjectAttributes: ["Checksum", "ETag", "ObjectSize"],
        }),
      );
      expect(res.Checksum?.ChecksumCRC32).toBe(expectedCrc32);
      expect(res.ETag).toBe(md5(body));
      expect(res.ObjectSize).toBe(body.length);
    }
  });

  test("seeded objects keep their storage class and content type", async () => {
    const body = Buffer.from("seeded");
    fake.putObject("seeded-bucket", "cold/archive object.bin", body, {
      contentType: "application/x-cold",
      storageClass: "GLACIER",
    });
    const client = track(s3());
    const res = await client.send(
      new GetObjectAttributesCommand({
        Bucket: "seeded-bucket",
        Key: "cold/archive object.bin",
        ObjectAttributes: ["ETag", "StorageClass", "ObjectSize"],
      }),
    );
    expect(res).toMatchObject({ ETag: md5(body), StorageClass: "GLACIER", ObjectSize: body.length });
    const head = await client.send(new HeadObjectCommand({ Bucket: "seeded-bucket", Key: "cold/archive object.bin" }));
    expect(head.ContentType).toBe("application/x-cold");
    expect(head.StorageClass).toBe("GLACIER");
  });

  test("versionId selects a specific version", async () => {
    const client = track(s3());
    const vb = "versioned-bucket";
    await client.send(new CreateBucketCommand({ Bucket: vb }));
    await client.send(new PutBucketVersioningCommand({ Bucket: vb, VersioningConfiguration: { Status: "Enabled" } }));
    const v1 = await client.send(new PutObjectCommand({ Bucket: vb, Key: "doc", Body: "version one" }));
    const v2 = await client.send(new PutObjectCommand({ Bucket: vb, Key: "doc", Body: "version two!" }));
    expect(v1.VersionId).toBeDefined();
    expect(v2.VersionId).toBeDefined();
    expect(v1.VersionId).not.toBe(v2.VersionId);

    const before = fake.requests.length;
    const old = await client.send(
      new GetObjectAttributesCommand({
        Bucket: vb,
        Key: "doc",
        VersionId: v1.VersionId,
        ObjectAttributes: ["ETag", "ObjectSize"],
      }),
    );
    expect(old).toMatchObject({ ETag: md5("version one"), ObjectSize: 11, VersionId: v1.VersionId });
    expect(fake.requests[before]?.params.versionId).toBe(v1.VersionId);

    const latest = await client.send(
      new GetObjectAttributesCommand({ Bucket: vb, Key: "doc", ObjectAttributes: ["ETag"] }),
    );
    expect(latest).toMatchObject({ ETag: md5("version two!"), VersionId: v2.VersionId });

    const missing = await failure(() =>
      client.send(
        new GetObjectAttributesCommand({
          Bucket: vb,
          Key: "doc",
          VersionId: "doesNotExist",
          ObjectAttributes: ["ETag"],
        }),
      ),
    );
    expect(missing).toMatchObject({ name: "NoSuchVersion", httpStatusCode: 404 });

    await client.send(new DeleteObjectCommand({ Bucket: vb, Key: "doc" }));
    const deleted = await failure(() =>
      client.send(new GetObjectAttributesCommand({ Bucket: vb, Key: "doc", ObjectAttributes: ["ETag"] })),
    );
    expect(deleted).toMatchObject({ name: "NoSuchKey", httpStatusCode: 404 });
  });

  test("NoSuchKey and NoSuchBucket are 404 XML errors with a request id", async () => {
    const client = track(s3());
    const noKey = await failure(() =>
      client.send(
        new GetObjectAttributesCommand({ Bucket: bucket, Key: "nope/missing key", ObjectAttributes: ["ETag"] }),
      ),
    );
    expect(noKey).toMatchObject({ name: "NoSuchKey", httpStatusCode: 404 });
    expect(noKey.requestId).toMatch(/^[0-9A-F]{16}$/);

    const noBucket = await failure(() =>
      client.send(new GetObjectAttributesCommand({ Bucket: "no-such-bucket", Key: "k", ObjectAttributes: ["ETag"] })),
    );
    expect(noBucket).toMatchObject({ name: "NoSuchBucket", httpStatusCode: 404 });

    const putNoBucket = await failure(() =>
      client.send(new PutObjectCommand({ Bucket: "no-such-bucket", Key: "k", Body: "x" })),
    );
    expect(putNoBucket).toMatchObject({ name: "NoSuchBucket", httpStatusCode: 404 });
  });

  test("a wrong secret surfaces SignatureDoesNotMatch (403) and nothing is stored", async () => {
    const err = await failure(() =>
      track(s3({ secretAccessKey: "wrong" })).send(
        new PutObjectCommand({ Bucket: bucket, Key: "should-not-exist", Body: "x" }),
      ),
    );
    expect(err).toMatchObject({ name: "SignatureDoesNotMatch", httpStatusCode: 403 });
    const check = await failure(() =>
      track(s3()).send(
        new GetObjectAttributesCommand({ Bucket: bucket, Key: "should-not-exist", ObjectAttributes: ["ETag"] }),
      ),
    );
    expect(check.name).toBe("NoSuchKey");
  });

  test("an unknown access key surfaces InvalidAccessKeyId (403)", async () => {
    const err = await failure(() =>
      track(s3({ accessKeyId: "AKIANOBODY" })).send(
        new GetObjectAttributesCommand({ Bucket: bucket, Key: "plain.txt", ObjectAttributes: ["ETag"] }),
      ),
    );
    expect(err).toMatchObject({ name: "InvalidAccessKeyId", httpStatusCode: 403 });
  });

  test("a body that does not match x-amz-content-sha256 is rejected", async () => {
    // Sign a request for one body, send another: the signature covers the header, not the bytes.
    const client = track(s3());
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request;
        if (typeof request === "object" && request !== null && "body" in request) {
          request.body = Buffer.from("tampered");
        }
        return next(args);
      },
      { step: "finalizeRequest", priority: "low", name: "tamperBody" },
    );
    const err = await failure(() =>
      client.send(new PutObjectCommand({ Bucket: bucket, Key: "tampered", Body: "original" })),
    );
    expect(err).toMatchObject({ name: "XAmzContentSHA256Mismatch", httpStatusCode: 400 });
  });
});

describe("SNS", () => {
  test("topic lifecycle: create, attributes, subscriptions, tags, list, delete", async () => {
    const client = track(sns());
    const before = fake.requests.length;

    const created = await client.send(
      new CreateTopicCommand({
        Name: "fake-aws-topic",
        Attributes: { DisplayName: "Fake & <Topic>" },
        Tags: [{ Key: "team", Value: "integrations" }],
      }),
    );
    const topicArn = `arn:aws:sns:${REGION}:${fake.accountId}:fake-aws-topic`;
    expect(created.TopicArn).toBe(topicArn);
    expect(fake.requests[before]).toEqual({
      service: "sns",
      action: "CreateTopic",
      params: {
        Name: "fake-aws-topic",
        "Attributes.entry.1.key": "DisplayName",
        "Attributes.entry.1.value": "Fake & <Topic>",
        "Tags.member.1.Key": "team",
        "Tags.member.1.Value": "integrations",
      },
    });

    // Idempotent by name.
    const again = await client.send(new CreateTopicCommand({ Name: "fake-aws-topic" }));
    expect(again.TopicArn).toBe(topicArn);
    const conflicting = await failure(() =>
      client.send(new CreateTopicCommand({ Name: "fake-aws-topic", Attributes: { DisplayName: "other" } })),
    );
    expect(conflicting).toMatchObject({ name: "InvalidParameterException", httpStatusCode: 400 });

    const attrs = await client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    expect(attrs.Attributes).toMatchObject({
      TopicArn: topicArn,
      Owner: fake.accountId,
      DisplayName: "Fake & <Topic>",
      SubscriptionsConfirmed: "0",
      SubscriptionsPending: "0",
      SubscriptionsDeleted: "0",
    });
    const policy: unknown = JSON.parse(attrs.Attributes?.Policy ?? "null");
    expect(policy).toEqual({
      Version: "2008-10-17",
      Id: "__default_policy_ID",
      Statement: [
        {
          Sid: "__default_statement_ID",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: [
            "SNS:GetTopicAttributes",
            "SNS:SetTopicAttributes",
            "SNS:AddPermission",
            "SNS:RemovePermission",
            "SNS:DeleteTopic",
            "SNS:Subscribe",
            "SNS:ListSubscriptionsByTopic",
            "SNS:Publish",
          ],
          Resource: topicArn,
          Condition: { StringEquals: { "AWS:SourceOwner": fake.accountId } },
        },
      ],
    });

    // SetTopicAttributes stores the value verbatim.
    const newPolicy = JSON.stringify(
      {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "s3",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "SNS:Publish",
            Resource: topicArn,
          },
        ],
      },
      null,
      2,
    );
    await client.send(
      new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: "Policy", AttributeValue: newPolicy }),
    );
    expect(fake.topics.get(topicArn)?.attributes.Policy).toBe(newPolicy);
    const reread = await client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    expect(reread.Attributes?.Policy).toBe(newPolicy);

    // Subscribe: https is pending unless ReturnSubscriptionArn.
    const pending = await client.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: "https", Endpoint: "https://example.com/hook?a=1&b=2" }),
    );
    expect(pending.SubscriptionArn).toBe("pending confirmation");
    const withArn = await client.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: "http",
        Endpoint: "http://example.com/other",
        ReturnSubscriptionArn: true,
      }),
    );
    expect(withArn.SubscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`));
    const sqs = await client.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: "sqs",
        Endpoint: `arn:aws:sqs:${REGION}:${fake.accountId}:queue`,
      }),
    );
    expect(sqs.SubscriptionArn).toMatch(new RegExp(`^${topicArn}:`));

    const subs = fake.topics.get(topicArn)?.subscriptions ?? [];
    expect(subs.map((s) => [s.protocol, s.endpoint, s.confirmed])).toEqual([
      ["https", "https://example.com/hook?a=1&b=2", false],
      ["http", "http://example.com/other", false],
      ["sqs", `arn:aws:sqs:${REGION}:${fake.accountId}:queue`, true],
    ]);

    const badToken = await failure(() =>
      client.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: "bogus" })),
    );
    expect(badToken).toMatchObject({ name: "InvalidParameterException", httpStatusCode: 400 });
    const httpsSub = subs[0];
    if (httpsSub === undefined) throw new Error("missing subscription");
    const confirmed = await client.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: httpsSub.token }));
    expect(confirmed.SubscriptionArn).toBe(httpsSub.arn);
    expect(httpsSub.confirmed).toBe(true);

    const listed = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    expect(listed.Subscriptions).toEqual([
      {
        SubscriptionArn: httpsSub.arn,
        Owner: fake.accountId,
        Protocol: "https",
        Endpoint: "https://example.com/hook?a=1&b=2",
        TopicArn: topicArn,
      },
      {
        SubscriptionArn: "PendingConfirmation",
        Owner: fake.accountId,
        Protocol: "http",
        Endpoint: "http://example.com/other",
        TopicArn: topicArn,
      },
      {
        SubscriptionArn: sqs.SubscriptionArn,
        Owner: fake.accountId,
        Protocol: "sqs",
        Endpoint: `arn:aws:sqs:${REGION}:${fake.accountId}:queue`,
        TopicArn: topicArn,
      },
    ]);
    expect(listed.NextToken).toBeUndefined();

    const counts = await client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    expect(counts.Attributes).toMatchObject({ SubscriptionsConfirmed: "2", SubscriptionsPending: "1" });

    await client.send(new UnsubscribeCommand({ SubscriptionArn: withArn.SubscriptionArn }));
    expect(fake.topics.get(topicArn)?.subscriptions.map((s) => s.protocol)).toEqual(["https", "sqs"]);
    const again404 = await failure(() =>
      client.send(new UnsubscribeCommand({ SubscriptionArn: withArn.SubscriptionArn })),
    );
    expect(again404).toMatchObject({ name: "NotFoundException", httpStatusCode: 404 });
    const pendingArn = await failure(() =>
      client.send(new UnsubscribeCommand({ SubscriptionArn: "pending confirmation" })),
    );
    expect(pendingArn).toMatchObject({ name: "InvalidParameterException", httpStatusCode: 400 });

    const tags = await client.send(new ListTagsForResourceCommand({ ResourceArn: topicArn }));
    expect(tags.Tags).toEqual([{ Key: "team", Value: "integrations" }]);

    await client.send(new CreateTopicCommand({ Name: "second-topic" }));
    const topicsList = await client.send(new ListTopicsCommand({}));
    expect(topicsList.Topics?.map((t) => t.TopicArn)).toEqual([
      topicArn,
      `arn:aws:sns:${REGION}:${fake.accountId}:second-topic`,
    ]);

    await client.send(new DeleteTopicCommand({ TopicArn: topicArn }));
    expect(fake.topics.has(topicArn)).toBe(false);
    // Deleting a topic that does not exist is not an error on AWS either.
    await client.send(new DeleteTopicCommand({ TopicArn: topicArn }));

    expect(fake.requests.slice(before).map((r) => r.action)).toEqual([
      "CreateTopic",
      "CreateTopic",
      "CreateTopic",
      "GetTopicAttributes",
      "SetTopicAttributes",
      "GetTopicAttributes",
      "Subscribe",
      "Subscribe",
      "Subscribe",
      "ConfirmSubscription",
      "ConfirmSubscription",
      "ListSubscriptionsByTopic",
      "GetTopicAttributes",
      "Unsubscribe",
      "Unsubscribe",
      "Unsubscribe",
      "ListTagsForResource",
      "CreateTopic",
      "ListTopics",
      "DeleteTopic",
      "DeleteTopic",
    ]);
    expect(fake.requests.slice(before).every((r) => r.service === "sns")).toBe(true);
  });

  test("unknown topics are NotFound (404) for every topic-scoped action", async () => {
    const client = track(sns());
    const ghost = `arn:aws:sns:${REGION}:${fake.accountId}:ghost`;
    const calls: (() => Promise<unknown>)[] = [
      () => client.send(new GetTopicAttributesCommand({ TopicArn: ghost })),
      () =>
        client.send(
          new SetTopicAttributesCommand({ TopicArn: ghost, AttributeName: "DisplayName", AttributeValue: "x" }),
        ),
      () => client.send(new SubscribeCommand({ TopicArn: ghost, Protocol: "https", Endpoint: "https://example.com" })),
      () => client.send(new ConfirmSubscriptionCommand({ TopicArn: ghost, Token: "t" })),
      () => client.send(new ListSubscriptionsByTopicCommand({ TopicArn: ghost })),
    ];
    for (const call of calls) {
      const err = await failure(call);
      expect(err).toMatchObject({ name: "NotFoundException", httpStatusCode: 404 });
      expect(err.message).toBe("Topic does not exist");
    }
  });

  test("bad parameters are InvalidParameter (400)", async () => {
    const client = track(sns());
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: "params-topic" }));
    const cases: (() => Promise<unknown>)[] = [
      () => client.send(new CreateTopicCommand({ Name: "bad name!" })),
      () => client.send(new GetTopicAttributesCommand({ TopicArn: "not-an-arn" })),
      () => client.send(new SubscribeCommand({ TopicArn, Protocol: "carrier-pigeon", Endpoint: "coop" })),
      () => client.send(new SubscribeCommand({ TopicArn, Protocol: "https", Endpoint: "http://insecure.example.com" })),
      () =>
        client.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "NoSuchAttribute", AttributeValue: "x" })),
      () =>
        client.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "Policy", AttributeValue: "{not json" })),
    ];
    for (const call of cases) {
      expect(await failure(call)).toMatchObject({ name: "InvalidParameterException", httpStatusCode: 400 });
    }
  });

  test("a wrong secret surfaces SignatureDoesNotMatch (403) and changes nothing", async () => {
    const topicsBefore = fake.topics.size;
    const err = await failure(() =>
      track(sns({ secretAccessKey: "wrong" })).send(new CreateTopicCommand({ Name: "never-created" })),
    );
    expect(err).toMatchObject({ name: "SignatureDoesNotMatch", httpStatusCode: 403 });
    const badKey = await failure(() => track(sns({ accessKeyId: "AKIANOBODY" })).send(new ListTopicsCommand({})));
    expect(badKey).toMatchObject({ name: "InvalidClientTokenId", httpStatusCode: 403 });
    expect(fake.topics.size).toBe(topicsBefore);
    expect(fake.requests[fake.requests.length - 2]).toEqual({
      service: "sns",
      action: "CreateTopic",
      params: { Name: "never-created" },
    });
  });
});
