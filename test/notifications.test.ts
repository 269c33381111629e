/**
 * Bucket notifications. Against Ceph: an object written to a bucket configured by
 * bucketEventTriggerConfiguration makes Ceph push the S3 event to a local HTTP endpoint (Ceph
 * topics take a push-endpoint), and entries are upserted by Id. Against our own AWS endpoint
 * (test/support/fakeAws), which replaces configurations whole as AWS does (Ceph merges them,
 * which would hide a lost entry): every other entry of every kind is kept.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  GetBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
  PutBucketNotificationConfigurationCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, DeleteTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { removeConfigurationById, S3_EVENT_NAMES } from "../src/rules/notificationConfig";
import { type CountingProxy, startCountingProxy } from "./support/countingProxy";
import { type FakeAws, startFakeAws } from "./support/fakeAws";
import {
  aws,
  failure,
  fakeAwsConnection,
  keyConnection,
  newBucket,
  removeBuckets,
  run,
  verifierS3,
} from "./support/harness";
import { testTarget } from "./support/target";

const s3 = verifierS3();
let proxy: CountingProxy;

beforeAll(async () => {
  proxy = await startCountingProxy(testTarget().endpoint);
});
afterAll(async () => {
  await removeBuckets();
  await proxy.close();
  s3.destroy();
});

/** Ceph's SNS-compatible API on the RGW endpoint: topics there push to an HTTP endpoint. */
function cephSns(): SNSClient {
  const target = testTarget();
  return new SNSClient({
    region: target.region,
    endpoint: target.endpoint,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
  });
}

interface Received {
  path: string;
  body: unknown;
}

/** A local HTTP endpoint that records every POST it receives. */
async function startEndpoint(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text: the assertion below shows what arrived.
      }
      received.push({ path: request.url ?? "/", body });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === "string") throw new Error("endpoint did not get a port");
  return {
    url: `http://127.0.0.1:${address.port}/s3-events`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The object keys named by the S3 event records an endpoint received. */
function keysIn(received: Received[]): string[] {
  return received.flatMap(({ body }) => {
    const records =
      typeof body === "object" && body !== null && "Records" in body && Array.isArray(body.Records) ? body.Records : [];
    return records.map((record: { s3?: { object?: { key?: string } } }) => record.s3?.object?.key ?? "");
  });
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const onCeph = testTarget().external ? describe.skip : describe;

onCeph("against Ceph", () => {
  const sns = cephSns();
  const topics: string[] = [];

  async function cephTopic(name: string, pushEndpoint?: string): Promise<string> {
    const created = await sns.send(
      new CreateTopicCommand({
        Name: `${name}-${Date.now().toString(36)}`,
        Attributes: pushEndpoint ? { "push-endpoint": pushEndpoint } : undefined,
      }),
    );
    if (!created.TopicArn) throw new Error("Ceph returned no topic ARN");
    topics.push(created.TopicArn);
    return created.TopicArn;
  }

  afterAll(async () => {
    for (const TopicArn of topics) await sns.send(new DeleteTopicCommand({ TopicArn })).catch(() => undefined);
    sns.destroy();
  });

  it("pushes the S3 event of a matching new object to the topic's HTTP endpoint", async () => {
    const endpoint = await startEndpoint();
    try {
      const bucket = await newBucket("notify-e2e");
      const topicArn = await cephTopic("e2e", endpoint.url);
      // Ceph names its topics arn:aws:sns:<zonegroup>:<tenant>:<name>; the ARN check must take that.
      expect(topicArn).toMatch(/^arn:aws:sns:[a-z0-9-]+:[A-Za-z0-9_-]*:e2e-/);
      const configured = await run("bucketEventTriggerConfiguration", {
        bucket,
        snsTopicArn: topicArn,
        eventsList: ["s3:ObjectCreated:*"],
        eventNotificationName: "to-local-endpoint",
        prefix: "in/",
        suffix: ".txt",
      });
      const entry = {
        Id: "to-local-endpoint",
        TopicArn: topicArn,
        Events: ["s3:ObjectCreated:*"],
        Filter: {
          Key: {
            FilterRules: [
              { Name: "prefix", Value: "in/" },
              { Name: "suffix", Value: ".txt" },
            ],
          },
        },
      };
      expect(configured?.data).toMatchObject({ Bucket: bucket, Replaced: false, TopicConfiguration: entry });
      expect(
        (await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }))).TopicConfigurations,
      ).toEqual([entry]);

      await run("putObject", { bucket, objectKey: "out/ignored.txt", fileContents: "no" });
      await run("putObject", { bucket, objectKey: "in/ignored.csv", fileContents: "no" });
      await run("putObject", { bucket, objectKey: "in/report-2024.txt", fileContents: "quarterly numbers" });
      await waitFor(
        () => keysIn(endpoint.received).includes("in/report-2024.txt"),
        "the S3 event of in/report-2024.txt",
      );

      expect(keysIn(endpoint.received)).toEqual(["in/report-2024.txt"]);
      const [delivery] = endpoint.received;
      expect(delivery?.path).toBe("/s3-events");
      expect(delivery?.body).toMatchObject({
        Records: [
          {
            eventName: "ObjectCreated:Put",
            s3: {
              configurationId: "to-local-endpoint",
              bucket: { name: bucket },
              object: { key: "in/report-2024.txt", size: Buffer.byteLength("quarterly numbers") },
            },
          },
        ],
      });
    } finally {
      await endpoint.close();
    }
  });

  it("adds entries by name and updates one in place, keeping the others", async () => {
    const bucket = await newBucket("notify-upsert");
    const topicArn = await cephTopic("upsert");
    const first = await run("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: topicArn,
      eventsList: ["s3:ObjectCreated:*"],
      eventNotificationName: "first",
    });
    expect(first?.data).toMatchObject({ Replaced: false });
    await run("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: topicArn,
      eventsList: ["s3:ObjectCreated:Put"],
      eventNotificationName: "second",
      prefix: "b/",
    });
    const updated = await run("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: topicArn,
      eventsList: ["s3:ObjectRemoved:*", "s3:ObjectCreated:Copy"],
      eventNotificationName: "first",
    });
    expect(updated?.data).toMatchObject({ Replaced: true });

    const got = await run("getBucketNotificationConfiguration", { bucket });
    expect(got?.data).toMatchObject({ Bucket: bucket, QueueConfigurations: [], LambdaFunctionConfigurations: [] });
    const topicsOf =
      got?.data && typeof got.data === "object" && "TopicConfigurations" in got.data
        ? got.data.TopicConfigurations
        : undefined;
    expect(topicsOf).toEqual(
      expect.arrayContaining([
        { Id: "first", TopicArn: topicArn, Events: ["s3:ObjectRemoved:*", "s3:ObjectCreated:Copy"] },
        {
          Id: "second",
          TopicArn: topicArn,
          Events: ["s3:ObjectCreated:Put"],
          Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "b/" }] } },
        },
      ]),
    );
    expect(topicsOf).toHaveLength(2);
  });

  it("explains what the server refuses: a missing topic, an event it does not support", async () => {
    const bucket = await newBucket("notify-refused");
    const missing = await failure("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: "arn:aws:sns:default::no-such-topic",
      eventNotificationName: "x",
    });
    expect(missing.message).toMatch(/^PutBucketNotificationConfiguration failed: NoSuchKey \(HTTP 404/);
    expect(missing.message).toContain("a destination in the configuration does not exist: create the topic first");
    // Ceph 16 notifies only about objects being created and removed.
    const topicArn = await cephTopic("refused");
    const unsupported = await failure("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: topicArn,
      eventNotificationName: "x",
      eventsList: ["s3:ObjectTagging:Put"],
    });
    expect(unsupported.message).toMatch(/^PutBucketNotificationConfiguration failed: InvalidArgument \(HTTP 400/);
    expect(unsupported.message).toContain(
      "some S3-compatible stores support only s3:ObjectCreated and s3:ObjectRemoved events",
    );
    expect(
      (await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }))).TopicConfigurations,
    ).toBeUndefined();
  });

  it("reads an empty configuration as empty lists", async () => {
    const bucket = await newBucket("notify-empty");
    expect((await run("getBucketNotificationConfiguration", { bucket }))?.data).toEqual(
      aws({ Bucket: bucket, TopicConfigurations: [], QueueConfigurations: [], LambdaFunctionConfigurations: [] }),
    );
  });

  it("writes a configuration given as JSON", async () => {
    const bucket = await newBucket("notify-put");
    const topicArn = await cephTopic("put");
    const topicConfigurations = [
      {
        Id: "json-entry",
        TopicArn: topicArn,
        Events: ["s3:ObjectCreated:*"],
        Filter: { Key: { FilterRules: [{ Name: "suffix", Value: ".pdf" }] } },
      },
    ];
    const put = await run("putBucketNotificationConfiguration", {
      bucket,
      topicConfigurations: JSON.stringify(topicConfigurations),
    });
    expect(put?.data).toMatchObject({ Bucket: bucket, TopicConfigurations: topicConfigurations });
    expect(
      (await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }))).TopicConfigurations,
    ).toEqual(topicConfigurations);
  });

  it("refuses an empty replacement that would remove existing notifications, after only reading", async () => {
    const bucket = await newBucket("notify-wipe");
    const topicArn = await cephTopic("wipe");
    await run("bucketEventTriggerConfiguration", { bucket, snsTopicArn: topicArn, eventNotificationName: "one" });
    await run("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: topicArn,
      eventNotificationName: "two",
      eventsList: ["s3:ObjectRemoved:*"],
    });
    const before = proxy.seen.length;
    const error = await failure("putBucketNotificationConfiguration", {
      accessKey: keyConnection({ endpoint: proxy.endpoint }),
      bucket,
      topicConfigurations: "[]",
    });
    expect(error.message).toBe(
      "Remove All Notifications (confirmRemoveAll): every configuration input is empty, which would remove the bucket's 2 topic configurations. Nothing was changed. Turn on Remove All Notifications to remove them, or give the configurations to keep.",
    );
    // Only the read of the current configuration reached the server.
    expect(proxy.seen.slice(before).map(({ method, path }) => `${method} ${path}`)).toEqual([
      expect.stringMatching(new RegExp(`^GET /${bucket}/?\\?notification`)),
    ]);
    expect(
      (await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }))).TopicConfigurations,
    ).toHaveLength(2);
  });

  it("treats an empty replacement of an empty configuration as done, without writing", async () => {
    const bucket = await newBucket("notify-noop");
    const before = proxy.seen.length;
    const result = await run("putBucketNotificationConfiguration", {
      accessKey: keyConnection({ endpoint: proxy.endpoint }),
      bucket,
    });
    expect(result?.data).toEqual(
      aws({ Bucket: bucket, TopicConfigurations: [], QueueConfigurations: [], LambdaFunctionConfigurations: [] }),
    );
    expect(proxy.seen.slice(before).map(({ method }) => method)).toEqual(["GET"]);
  });
});

describe("getBucketNotificationConfiguration", () => {
  it("refuses a bad bucket name before sending anything", async () => {
    const before = proxy.seen.length;
    const error = await failure("getBucketNotificationConfiguration", {
      accessKey: keyConnection({ endpoint: proxy.endpoint }),
      bucket: "ab",
    });
    expect(error.message).toMatch(/^Bucket \(bucket\): "ab" is not a valid bucket name: it has 2 characters/);
    expect(proxy.seen.length).toBe(before);
  });
});

describe("against an endpoint that replaces configurations whole, as AWS does", () => {
  let fake: FakeAws;
  let fakeS3: S3Client;
  const topicArn = "arn:aws:sns:us-east-1:123456789012:s3-events";
  const kept: NotificationConfiguration = {
    TopicConfigurations: [
      {
        Id: "keep-topic",
        TopicArn: "arn:aws:sns:us-east-1:123456789012:other",
        Events: ["s3:ObjectRemoved:*"],
        Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "logs/" }] } },
      },
    ],
    QueueConfigurations: [
      { Id: "keep-queue", QueueArn: "arn:aws:sqs:us-east-1:123456789012:jobs", Events: ["s3:ObjectCreated:Put"] },
    ],
    LambdaFunctionConfigurations: [
      {
        Id: "keep-lambda",
        LambdaFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:thumbs",
        Events: ["s3:ObjectCreated:*"],
      },
    ],
    EventBridgeConfiguration: {},
  };
  const params = (extra: Record<string, unknown>) => ({
    accessKey: fakeAwsConnection(fake),
    awsRegion: "us-east-1",
    ...extra,
  });
  // Like the official component, the SNS-side actions name their connection awsConnection.
  const snsParams = (extra: Record<string, unknown>) => ({
    awsConnection: fakeAwsConnection(fake),
    awsRegion: "us-east-1",
    ...extra,
  });
  const stored = async (bucket: string) => {
    const { $metadata: _metadata, ...configuration } = await fakeS3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: bucket }),
    );
    return configuration;
  };
  const sent = (action: string) => fake.requests.filter((request) => request.action === action).length;

  beforeAll(async () => {
    fake = await startFakeAws();
    fakeS3 = new S3Client({
      region: "us-east-1",
      endpoint: fake.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: fake.accessKeyId, secretAccessKey: fake.secretAccessKey },
    });
  });
  afterAll(async () => {
    fakeS3.destroy();
    await fake.close();
  });

  async function seededBucket(name: string): Promise<string> {
    fake.putObject(name, "seed.txt", Buffer.from("x"));
    await fakeS3.send(new PutBucketNotificationConfigurationCommand({ Bucket: name, NotificationConfiguration: kept }));
    return name;
  }

  it("adds, then updates, one topic entry and keeps every topic, queue, Lambda and EventBridge entry", async () => {
    const bucket = await seededBucket("upsert-keeps-all");
    const added = await run(
      "bucketEventTriggerConfiguration",
      snsParams({
        bucket,
        snsTopicArn: topicArn,
        eventsList: ["s3:ObjectCreated:*"],
        eventNotificationName: "ours",
        suffix: ".csv",
      }),
    );
    const ours = {
      Id: "ours",
      TopicArn: topicArn,
      Events: ["s3:ObjectCreated:*"],
      Filter: { Key: { FilterRules: [{ Name: "suffix", Value: ".csv" }] } },
    };
    expect(added?.data).toMatchObject({ Replaced: false, TopicConfiguration: ours });
    expect(await stored(bucket)).toEqual({ ...kept, TopicConfigurations: [...(kept.TopicConfigurations ?? []), ours] });

    await run(
      "bucketEventTriggerConfiguration",
      snsParams({
        bucket,
        snsTopicArn: topicArn,
        eventsList: ["s3:ObjectRemoved:Delete"],
        eventNotificationName: "ours",
      }),
    );
    expect(await stored(bucket)).toEqual({
      ...kept,
      TopicConfigurations: [
        ...(kept.TopicConfigurations ?? []),
        { Id: "ours", TopicArn: topicArn, Events: ["s3:ObjectRemoved:Delete"] },
      ],
    });
  });

  it("refuses a name that a queue entry already uses, without writing", async () => {
    const bucket = await seededBucket("id-taken");
    const puts = sent("PutBucketNotificationConfiguration");
    const error = await failure(
      "bucketEventTriggerConfiguration",
      snsParams({ bucket, snsTopicArn: topicArn, eventNotificationName: "keep-queue" }),
    );
    expect(error.message).toBe(
      'Event Notification Name (eventNotificationName): "keep-queue" is already the Id of a queue configuration on this bucket; choose another name.',
    );
    expect(sent("PutBucketNotificationConfiguration")).toBe(puts);
    expect(await stored(bucket)).toEqual(kept);
  });

  it("replaces the whole configuration, and removes all only when confirmed", async () => {
    const bucket = await seededBucket("replace-whole");
    const only = [{ Id: "only", QueueArn: "arn:aws:sqs:us-east-1:123456789012:only", Events: ["s3:ObjectCreated:*"] }];
    await run(
      "putBucketNotificationConfiguration",
      params({ bucket, queueConfigurations: only, eventBridgeConfiguration: "{}" }),
    );
    expect(await stored(bucket)).toEqual({ QueueConfigurations: only, EventBridgeConfiguration: {} });

    const puts = sent("PutBucketNotificationConfiguration");
    const refused = await failure("putBucketNotificationConfiguration", params({ bucket }));
    expect(refused.message).toContain(
      "would remove the bucket's 1 queue configuration and EventBridge delivery. Nothing was changed.",
    );
    expect(sent("PutBucketNotificationConfiguration")).toBe(puts);

    await run("putBucketNotificationConfiguration", params({ bucket, confirmRemoveAll: true }));
    expect(sent("PutBucketNotificationConfiguration")).toBe(puts + 1);
    expect(await stored(bucket)).toEqual({});
  });

  const ENTRY_TWO_EVENT =
    'Topic Configurations (topicConfigurations): entry 2: Events[0] "s3:ObjectCreated" is not an S3 event name (did you mean "s3:ObjectCreated:*"?). S3 event names: ';
  it.each([
    [
      {
        topicConfigurations: JSON.stringify([
          { Id: "a", TopicArn: topicArn, Events: ["s3:ObjectCreated:*"] },
          { Id: "b", TopicArn: topicArn, Events: ["s3:ObjectCreated"] },
        ]),
      },
      ENTRY_TWO_EVENT,
    ],
    [
      {
        topicConfigurations: [
          {
            TopicArn: "my-topic",
            Events: ["ObjectRemoved:*"],
            Filter: { Key: { FilterRules: [{ Name: "ending", Value: ".txt" }] } },
            Event: "x",
          },
        ],
      },
      'Topic Configurations (topicConfigurations): entry 1: unknown field "Event" (allowed: Id, TopicArn, Events, Filter); entry 1: TopicArn "my-topic" is not of the form arn:aws:sns:REGION:ACCOUNT_ID:TOPIC_NAME, e.g. arn:aws:sns:us-east-1:123456789012:s3-events; entry 1: Events[0] "ObjectRemoved:*" is not an S3 event name (did you mean "s3:ObjectRemoved:*"?); entry 1: Filter.Key.FilterRules[0].Name must be "prefix" or "suffix". S3 event names: s3:',
    ],
    [
      { queueConfigurations: '[{"QueueArn": "arn:aws:sqs:us-east-1:123456789012:q", "Events": []}' },
      "Queue Configurations (queueConfigurations): is not valid JSON (",
    ],
    [
      { queueConfigurations: [{ QueueArn: "arn:aws:sns:us-east-1:123456789012:t", Events: [] }] },
      'Queue Configurations (queueConfigurations): entry 1: QueueArn "arn:aws:sns:us-east-1:123456789012:t" is not of the form arn:aws:sqs:REGION:ACCOUNT_ID:QUEUE_NAME; entry 1: Events must be a list of at least one event name, e.g. ["s3:ObjectCreated:*"].',
    ],
    [
      { lambdaFunctionConfigurations: ["arn:aws:lambda:us-east-1:123456789012:function:f"] },
      'Lambda Function Configurations (lambdaFunctionConfigurations): entry 1: must be an object with Id, LambdaFunctionArn, Events, Filter; got "arn:aws:lambda:us-east-1:123456789012:function:f".',
    ],
    [
      {
        lambdaFunctionConfigurations: [
          {
            LambdaFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:f",
            Events: ["s3:ObjectCreated:*"],
            Filter: {
              Key: {
                FilterRules: [
                  { Name: "prefix", Value: "a/" },
                  { Name: "Prefix", Value: "b/" },
                ],
              },
            },
          },
        ],
      },
      "Lambda Function Configurations (lambdaFunctionConfigurations): entry 1: Filter has more than one prefix rule.",
    ],
    [
      { eventBridgeConfiguration: '{"EventBridgeArn": "arn:aws:events:us-east-1:123456789012:bus"}' },
      "EventBridge Configuration (eventBridgeConfiguration): EventBridge takes no settings: give {} to send every event of the bucket to EventBridge, or leave it empty; got an object.",
    ],
    [
      {
        topicConfigurations: [{ Id: "same", TopicArn: topicArn, Events: ["s3:ObjectCreated:*"] }],
        queueConfigurations: [
          { Id: "same", QueueArn: "arn:aws:sqs:us-east-1:123456789012:q", Events: ["s3:ObjectCreated:*"] },
        ],
      },
      'Queue Configurations (queueConfigurations): the Id "same" is used twice (also in Topic Configurations); every entry needs its own Id.',
    ],
    [{ confirmRemoveAll: "sure" }, 'Remove All Notifications (confirmRemoveAll): must be true or false; got "sure".'],
  ])("refuses bad configuration %# before sending anything", async (inputs, message) => {
    const before = fake.requests.length;
    const error = await failure("putBucketNotificationConfiguration", params({ bucket: "never-touched", ...inputs }));
    expect(error.message.startsWith(message)).toBe(true);
    expect(fake.requests.length).toBe(before);
  });

  it("lists every S3 event name when one is wrong", async () => {
    const error = await failure(
      "putBucketNotificationConfiguration",
      params({ bucket: "never-touched", topicConfigurations: [{ TopicArn: topicArn, Events: ["s3:ObjectCreated"] }] }),
    );
    expect(error.message).toContain(S3_EVENT_NAMES.join(", "));
    for (const name of [
      "s3:ObjectCreated:CompleteMultipartUpload",
      "s3:ObjectRemoved:DeleteMarkerCreated",
      "s3:ObjectRestore:Delete",
      "s3:Replication:*",
      "s3:LifecycleExpiration:*",
      "s3:ObjectTagging:Put",
      "s3:ObjectAcl:Put",
      "s3:IntelligentTiering",
    ]) {
      expect(S3_EVENT_NAMES).toContain(name);
    }
    expect(S3_EVENT_NAMES).not.toContain("s3:TestEvent");
  });

  it.each([
    [
      { eventsList: ["ObjectCreated:*"] },
      'Event Types (eventsList): "ObjectCreated:*" is not an S3 event name (did you mean "s3:ObjectCreated:*"?). S3 event names: ',
    ],
    [
      { eventsList: ["s3:ObjectCreated:Put", "s3:ObjectDeleted:*"] },
      'Event Types (eventsList): "s3:ObjectDeleted:*" is not an S3 event name. S3 event names: ',
    ],
    [{ eventsList: [] }, "Event Types (eventsList): give at least one event, e.g. s3:ObjectCreated:*."],
    [
      { snsTopicArn: "s3-events" },
      'SNS Topic ARN (snsTopicArn): "s3-events" is not an SNS topic ARN; use the form arn:aws:sns:REGION:ACCOUNT_ID:TOPIC_NAME',
    ],
    [
      { snsTopicArn: "arn:aws:sqs:us-east-1:123456789012:q" },
      'SNS Topic ARN (snsTopicArn): "arn:aws:sqs:us-east-1:123456789012:q" is not an SNS topic ARN',
    ],
    [{ eventNotificationName: " " }, "Event Notification Name (eventNotificationName): is required."],
    [
      { eventNotificationName: "n".repeat(256) },
      "Event Notification Name (eventNotificationName): is at most 255 characters; this one has 256.",
    ],
    [{ prefix: "p".repeat(1025) }, "Key Prefix Filter (prefix): is at most 1,024 bytes."],
    [{ bucket: "not a bucket" }, 'Bucket (bucket): "not a bucket" is not a valid bucket name'],
    [
      { bucketOwnerAccountid: "12" },
      'Bucket Owner Account ID (bucketOwnerAccountid): must be a 12-digit AWS account ID such as 123456789012; got "12".',
    ],
  ])("refuses bad trigger configuration %# before sending anything", async (inputs, message) => {
    const before = fake.requests.length;
    const error = await failure(
      "bucketEventTriggerConfiguration",
      params({
        bucket: "never-touched",
        snsTopicArn: topicArn,
        eventsList: ["s3:ObjectCreated:*"],
        eventNotificationName: "n",
        ...inputs,
      }),
    );
    expect(error.message.startsWith(message)).toBe(true);
    expect(fake.requests.length).toBe(before);
  });
});

describe("removeConfigurationById (for undoing a setup)", () => {
  it("removes exactly the entry with that Id and keeps every other entry", () => {
    const configuration: NotificationConfiguration = {
      TopicConfigurations: [
        { Id: "mine", TopicArn: "arn:aws:sns:us-east-1:123456789012:t", Events: ["s3:ObjectCreated:*"] },
        { Id: "theirs", TopicArn: "arn:aws:sns:us-east-1:123456789012:t", Events: ["s3:ObjectRemoved:*"] },
      ],
      QueueConfigurations: [
        { Id: "queue", QueueArn: "arn:aws:sqs:us-east-1:123456789012:q", Events: ["s3:ObjectCreated:*"] },
      ],
      LambdaFunctionConfigurations: [
        {
          Id: "lambda",
          LambdaFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:f",
          Events: ["s3:ObjectCreated:*"],
        },
      ],
      EventBridgeConfiguration: {},
    };
    expect(removeConfigurationById(configuration, "mine")).toEqual({
      removed: true,
      configuration: { ...configuration, TopicConfigurations: [configuration.TopicConfigurations?.[1]] },
    });
    expect(removeConfigurationById(configuration, "queue").configuration.QueueConfigurations).toEqual([]);
    expect(removeConfigurationById(configuration, "absent")).toEqual({ removed: false, configuration });
  });
});
