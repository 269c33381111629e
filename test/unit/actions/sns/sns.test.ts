/**
 * SNS topic actions. SetTopicAttributes, Subscribe and Unsubscribe are missing from Ceph 16, so
 * these run against our own endpoint speaking the SNS query protocol (test/support/fakeAws),
 * which keeps topics, policies and subscriptions: the tests check the exact policy document
 * and subscription the actions produce. (createTopic against Ceph: test/integration/actions/sns.)
 */
import { SetTopicAttributesCommand } from "@aws-sdk/client-sns";
import {
  bucketPublishStatement,
  parseTopicPolicy,
  withoutBucketPublishStatement,
} from "../../../../src/rules/topicPolicy";
import { useFakeAws } from "../../../support/fakeAws";
import { aws, failure, fakeAwsConnection, run } from "../../../support/harness";

const fake = useFakeAws();

const params = (extra: Record<string, unknown>) => ({
  awsConnection: fakeAwsConnection(fake),
  awsRegion: "us-east-1",
  ...extra,
});
const topicArnOf = (result: { data?: unknown } | undefined): string => {
  const data = result?.data;
  if (typeof data === "object" && data !== null && "TopicArn" in data && typeof data.TopicArn === "string")
    return data.TopicArn;
  throw new Error("no TopicArn in the result");
};
const policyOf = (topicArn: string): unknown => JSON.parse(fake.topics.get(topicArn)?.attributes.Policy ?? "null");

describe("createTopic", () => {
  it("creates a tagged topic and returns its ARN", async () => {
    const result = await run(
      "createTopic",
      params({
        name: "invoices-s3-events",
        tags: [
          { key: "team", value: "finance" },
          { key: "env", value: "prod" },
        ],
      }),
    );
    expect(result?.data).toEqual(aws({ TopicArn: `arn:aws:sns:us-east-1:${fake.accountId}:invoices-s3-events` }));
    expect(fake.topics.get(`arn:aws:sns:us-east-1:${fake.accountId}:invoices-s3-events`)?.tags).toEqual({
      team: "finance",
      env: "prod",
    });
  });

  it.each([
    [
      { name: "events.fifo" },
      'Name (name): S3 event notifications cannot be sent to FIFO topics; use a name without .fifo (got "events.fifo").',
    ],
    [
      { name: "my topic!" },
      'Name (name): "my topic!" is not a topic name: use 1 to 256 letters, digits, hyphens (-) and underscores (_).',
    ],
    [{ name: "" }, "Name (name): is required."],
    [
      { name: "ok", tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: "v" })) },
      "Tags (tags): a topic can have at most 50 tags; got 51.",
    ],
    [
      { name: "ok", tags: { "aws:cloudformation:stack-name": "x" } },
      'Tags (tags): tag keys starting with "aws:" are reserved; got "aws:cloudformation:stack-name".',
    ],
  ])("refuses bad input %# before sending anything", async (inputs, message) => {
    const before = fake.requests.length;
    expect((await failure("createTopic", params(inputs))).message).toBe(message);
    expect(fake.requests.length).toBe(before);
  });
});

describe("updateTopicPolicy", () => {
  let topicArn: string;
  let defaultStatement: unknown;
  const otherStatement = {
    Sid: "AllowOpsAccountSubscribe",
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::210987654321:root" },
    Action: ["SNS:Subscribe", "SNS:Receive"],
    Resource: "",
  };

  beforeAll(async () => {
    topicArn = topicArnOf(await run("createTopic", params({ name: "policy-topic" })));
    const initial = parseTopicPolicy(fake.topics.get(topicArn)?.attributes.Policy, topicArn);
    defaultStatement = initial.Statement[0];
    expect(defaultStatement).toMatchObject({ Sid: "__default_statement_ID" });
    // Someone else's statement, which every update must keep.
    await fake.sns.send(
      new SetTopicAttributesCommand({
        TopicArn: topicArn,
        AttributeName: "Policy",
        AttributeValue: JSON.stringify({
          ...initial,
          Statement: [...initial.Statement, { ...otherStatement, Resource: topicArn }],
        }),
      }),
    );
  });

  it("adds the bucket's publish statement, pinned to the owner given under the official key, and keeps the default and other statements", async () => {
    const result = await run(
      "updateTopicPolicy",
      params({ snsTopicArn: topicArn, bucket: "invoices.example-com", bucketOwnerAccountid: "1234-5678-9012" }),
    );
    const ours = {
      Sid: "AllowS3Publish-invoices_example-com",
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "SNS:Publish",
      Resource: topicArn,
      Condition: {
        ArnLike: { "aws:SourceArn": "arn:aws:s3:::invoices.example-com" },
        StringEquals: { "aws:SourceAccount": "123456789012" },
      },
    };
    const expected = {
      Version: "2008-10-17",
      Id: "__default_policy_ID",
      Statement: [defaultStatement, { ...otherStatement, Resource: topicArn }, ours],
    };
    expect(policyOf(topicArn)).toEqual(expected);
    expect(result?.data).toEqual(aws({ TopicArn: topicArn, StatementId: ours.Sid, Replaced: false, Policy: expected }));
    expect(fake.requests.filter((request) => request.action === "SetTopicAttributes").at(-1)?.params).toMatchObject({
      TopicArn: topicArn,
      AttributeName: "Policy",
    });
  });

  it("replaces its own statement in place on a rerun and adds one per bucket", async () => {
    const rerun = await run(
      "updateTopicPolicy",
      params({ snsTopicArn: topicArn, bucket: "invoices.example-com", bucketOwnerAccountid: "210987654321" }),
    );
    expect(rerun?.data).toMatchObject({ Replaced: true });
    await run(
      "updateTopicPolicy",
      params({ snsTopicArn: topicArn, bucket: "receipts", bucketOwnerAccountid: "123456789012" }),
    );
    expect(policyOf(topicArn)).toEqual({
      Version: "2008-10-17",
      Id: "__default_policy_ID",
      Statement: [
        defaultStatement,
        { ...otherStatement, Resource: topicArn },
        {
          Sid: "AllowS3Publish-invoices_example-com",
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "SNS:Publish",
          Resource: topicArn,
          Condition: {
            ArnLike: { "aws:SourceArn": "arn:aws:s3:::invoices.example-com" },
            StringEquals: { "aws:SourceAccount": "210987654321" },
          },
        },
        bucketPublishStatement(topicArn, "receipts", "123456789012"),
      ],
    });
  });

  it("takes the statement out again, leaving everything else (for undoing a setup)", () => {
    const policy = parseTopicPolicy(fake.topics.get(topicArn)?.attributes.Policy, topicArn);
    const { policy: without, removed } = withoutBucketPublishStatement(policy, "invoices.example-com");
    expect(removed).toBe(true);
    expect(without.Statement.map((statement) => statement.Sid)).toEqual([
      "__default_statement_ID",
      "AllowOpsAccountSubscribe",
      "AllowS3Publish-receipts",
    ]);
    expect(withoutBucketPublishStatement(without, "invoices.example-com")).toEqual({ policy: without, removed: false });
  });

  it("starts a fresh document for a topic without a policy, and uses the topic's partition", () => {
    const chinaTopic = "arn:aws-cn:sns:cn-north-1:123456789012:t";
    expect(parseTopicPolicy(undefined, chinaTopic)).toEqual({ Version: "2012-10-17", Statement: [] });
    expect(bucketPublishStatement(chinaTopic, "b1")).toMatchObject({
      Condition: { ArnLike: { "aws:SourceArn": "arn:aws-cn:s3:::b1" } },
    });
    expect(() => parseTopicPolicy("{not json", chinaTopic)).toThrow(
      /The access policy of topic arn:aws-cn:sns:cn-north-1:123456789012:t is not valid JSON/,
    );
  });

  it("explains a topic that does not exist", async () => {
    const error = await failure(
      "updateTopicPolicy",
      params({
        snsTopicArn: `arn:aws:sns:us-east-1:${fake.accountId}:missing`,
        bucket: "receipts",
        bucketOwnerAccountid: "123456789012",
      }),
    );
    expect(error.message).toMatch(/^GetTopicAttributes failed: NotFound \(HTTP 404/);
  });

  it.each([
    [
      { snsTopicArn: "policy-topic" },
      'SNS Topic ARN (snsTopicArn): "policy-topic" is not an SNS topic ARN; use the form arn:aws:sns:REGION:ACCOUNT_ID:TOPIC_NAME, e.g. arn:aws:sns:us-east-1:123456789012:s3-events (createTopic returns it).',
    ],
    [
      { bucketOwnerAccountid: "12345" },
      'Bucket Owner Account ID (bucketOwnerAccountid): must be a 12-digit AWS account ID such as 123456789012; got "12345".',
    ],
    // A flow that saved the value under another key must fail loudly, never get a policy without the owner condition.
    [
      { bucketOwnerAccountid: "", bucketOwnerAccountId: "123456789012" },
      "Bucket Owner Account ID (bucketOwnerAccountid): is required",
    ],
    [{ bucket: "no spaces" }, 'Bucket (bucket): "no spaces" is not a valid bucket name'],
  ])("refuses bad input %# before sending anything", async (inputs, message) => {
    const before = fake.requests.length;
    const policy = policyOf(topicArn);
    const error = await failure(
      "updateTopicPolicy",
      params({ snsTopicArn: topicArn, bucket: "receipts", bucketOwnerAccountid: "123456789012", ...inputs }),
    );
    expect(error.message.startsWith(message)).toBe(true);
    expect(fake.requests.length).toBe(before);
    expect(policyOf(topicArn)).toEqual(policy);
  });
});

describe("subscribeToTopic and unsubscribeFromTopic", () => {
  let topicArn: string;
  beforeAll(async () => {
    topicArn = topicArnOf(await run("createTopic", params({ name: "subscribed-topic" })));
  });

  it("subscribes an https endpoint, returns the subscription ARN while pending, and unsubscribes it", async () => {
    const endpoint = "https://hooks.example.com/trigger/SW5zdGFuY2U=?flow=s3";
    const result = await run("subscribeToTopic", params({ snsTopicArn: topicArn, endpoint }));
    const subscriptions = fake.topics.get(topicArn)?.subscriptions ?? [];
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]).toMatchObject({ protocol: "https", endpoint, confirmed: false });
    const subscriptionArn = subscriptions[0]?.arn;
    expect(subscriptionArn).toMatch(/^arn:aws:sns:/);
    expect(result?.data).toEqual(aws({ SubscriptionArn: subscriptionArn }));
    expect(fake.requests.filter((request) => request.action === "Subscribe").at(-1)?.params).toMatchObject({
      ReturnSubscriptionArn: "true",
      Protocol: "https",
    });

    const removed = await run("unsubscribeFromTopic", params({ subscriptionArn }));
    expect(removed?.data).toEqual(aws({ SubscriptionArn: subscriptionArn }));
    expect(fake.topics.get(topicArn)?.subscriptions).toEqual([]);
  });

  it("explains a subscription that no longer exists", async () => {
    const error = await failure(
      "unsubscribeFromTopic",
      params({ subscriptionArn: `${topicArn}:0f3a1c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b` }),
    );
    expect(error.message).toMatch(/^Unsubscribe failed: NotFound \(HTTP 404/);
  });

  it.each([
    [
      "subscribeToTopic",
      { endpoint: "http://hooks.example.com/x" },
      "Endpoint (endpoint): must be an https URL; got one starting with http://.",
    ],
    [
      "subscribeToTopic",
      { endpoint: "hooks.example.com/x" },
      'Endpoint (endpoint): "hooks.example.com/x" is not a URL; give an https URL such as https://hooks.example.com/s3-events.',
    ],
    ["subscribeToTopic", { endpoint: "" }, "Endpoint (endpoint): is required."],
    [
      "subscribeToTopic",
      { snsTopicArn: "arn:aws:sns:us-east-1:123456789012" },
      'SNS Topic ARN (snsTopicArn): "arn:aws:sns:us-east-1:123456789012" is not an SNS topic ARN',
    ],
    [
      "unsubscribeFromTopic",
      { subscriptionArn: "pending confirmation" },
      "Subscription ARN (subscriptionArn): the subscription is still pending confirmation, so it has no ARN yet; use the ARN subscribeToTopic returned.",
    ],
    [
      "unsubscribeFromTopic",
      { subscriptionArn: "arn:aws:sns:us-east-1:123456789012:topic" },
      'Subscription ARN (subscriptionArn): "arn:aws:sns:us-east-1:123456789012:topic" is not an SNS subscription ARN',
    ],
  ])("%s refuses bad input %# before sending anything", async (actionKey, inputs, message) => {
    const before = fake.requests.length;
    const error = await failure(
      actionKey,
      params({ snsTopicArn: topicArn, endpoint: "https://hooks.example.com/x", ...inputs }),
    );
    expect(error.message.startsWith(message)).toBe(true);
    expect(fake.requests.length).toBe(before);
    expect(fake.topics.get(topicArn)?.subscriptions).toEqual([]);
  });
});
