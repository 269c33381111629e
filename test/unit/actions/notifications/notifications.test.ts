/**
 * Bucket notification actions against our own AWS endpoint (test/support/fakeAws), which
 * replaces configurations whole as AWS does (Ceph merges them, which would hide a lost entry):
 * every other entry of every kind is kept, and bad configurations are refused before anything
 * is sent. (Against Ceph, with real event deliveries: test/integration/actions/notifications.)
 */
import {
  GetBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
  PutBucketNotificationConfigurationCommand,
} from "@aws-sdk/client-s3";
import { S3_EVENT_NAMES } from "../../../../src/rules/notificationConfig";
import { useFakeAws } from "../../../support/fakeAws";
import { failure, fakeAwsConnection, run } from "../../../support/harness";

describe("against an endpoint that replaces configurations whole, as AWS does", () => {
  const fake = useFakeAws();
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
    const { $metadata: _metadata, ...configuration } = await fake.s3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: bucket }),
    );
    return configuration;
  };
  const sent = (action: string) => fake.requests.filter((request) => request.action === action).length;

  async function seededBucket(name: string): Promise<string> {
    fake.putObject(name, "seed.txt", Buffer.from("x"));
    await fake.s3.send(
      new PutBucketNotificationConfigurationCommand({ Bucket: name, NotificationConfiguration: kept }),
    );
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
      snsParams({
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
