/**
 * The webhook trigger's one-step event setup: instance deploy creates the topic, the policy
 * statement, the subscription and the bucket's notification entry; instance delete removes
 * exactly those. S3 and SNS are both our fakeAws here: Ceph refuses a notification whose
 * topic it does not host itself (NoSuchKey), and has no SetTopicAttributes or Subscribe, so it
 * cannot hold this setup; fakeAws keeps a bucket's notification configuration as sent, holds
 * queue, Lambda and EventBridge entries Ceph cannot, and keeps SNS state the test can read.
 */
import {
  CreateBucketCommand,
  GetBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
  PutBucketNotificationConfigurationCommand,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, SetTopicAttributesCommand, SubscribeCommand } from "@aws-sdk/client-sns";
import { isRecord } from "../../../src/glue/guards";
import { signingCertificates } from "../../../src/sns/signingCertificate";
import { useFakeAws } from "../../support/fakeAws";
import { fakeAwsConnection, harness } from "../../support/harness";
import { match } from "../../support/matchers";
import { snsRequest, TestSnsSigner } from "../../support/snsSigner";
import { triggerOutcome } from "../../support/triggerOutcome";

const WEBHOOK_URL = "https://hooks.example.com/trigger/SW5zdGFuY2VGbG93Q29uZmlnOjE=";
const signer = new TestSnsSigner("us-east-1");
const fake = useFakeAws();
let otherTopicArn: string;
const OTHER_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "theirs", Effect: "Allow", Principal: { AWS: "*" }, Action: "SNS:Publish", Resource: "*" }],
});

beforeAll(async () => {
  signingCertificates.remember(signer.certificateUrl, signer.certificatePem);
  otherTopicArn = (await fake.sns.send(new CreateTopicCommand({ Name: "someone-elses-topic" }))).TopicArn ?? "";
  await fake.sns.send(
    new SetTopicAttributesCommand({ TopicArn: otherTopicArn, AttributeName: "Policy", AttributeValue: OTHER_POLICY }),
  );
});

/** The statements of a topic's access policy. */
function statementsOf(policy: string | undefined): unknown[] {
  const parsed: unknown = JSON.parse(policy ?? "{}");
  if (!isRecord(parsed) || !Array.isArray(parsed.Statement)) throw new Error(`not an access policy: ${policy}`);
  const statements: unknown[] = parsed.Statement;
  return statements;
}

const context = (instanceState: Record<string, unknown>, webhookUrl = WEBHOOK_URL) => ({
  instanceState,
  webhookUrls: { "S3 events": webhookUrl, "Another flow": "https://hooks.example.com/trigger/other" },
  flow: { id: "flow-1", name: "S3 events", stableId: "flow-stable-1" },
  instance: { id: "instance-1", name: "Acme" },
});

async function bucketWithOtherNotifications(name: string): Promise<NotificationConfiguration> {
  await fake.s3.send(new CreateBucketCommand({ Bucket: name }));
  await fake.s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: name,
      NotificationConfiguration: {
        TopicConfigurations: [
          {
            Id: "their-logs",
            TopicArn: otherTopicArn,
            Events: ["s3:ObjectRemoved:*"],
            Filter: { Key: { FilterRules: [{ Name: "suffix", Value: ".log" }] } },
          },
        ],
        QueueConfigurations: [
          {
            Id: "their-queue",
            QueueArn: "arn:aws:sqs:us-east-1:123456789012:uploads",
            Events: ["s3:ObjectCreated:Put"],
          },
        ],
        LambdaFunctionConfigurations: [
          {
            Id: "their-lambda",
            LambdaFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:thumbs",
            Events: ["s3:ObjectRestore:Completed"],
          },
        ],
        EventBridgeConfiguration: {},
      },
    }),
  );
  return notifications(name);
}

async function notifications(bucket: string): Promise<NotificationConfiguration> {
  const { $metadata: _metadata, ...configuration } = await fake.s3.send(
    new GetBucketNotificationConfigurationCommand({ Bucket: bucket }),
  );
  return configuration;
}

const setupParams = (bucket: string) => ({
  accessKey: fakeAwsConnection(fake),
  awsRegion: "us-east-1",
  bucket,
  eventsList: ["s3:ObjectCreated:*"],
  prefix: "incoming/",
  suffix: ".csv",
});

function setupOf(state: Record<string, unknown> | undefined): Record<string, unknown> {
  const setup: unknown = state?.snsS3EventSetup;
  if (typeof setup !== "object" || setup === null) throw new Error("no event setup in the instance state");
  return { ...setup };
}

async function deploy(
  params: Record<string, unknown>,
  instanceState: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const result = await harness.triggerOnInstanceDeploy("snsS3NotificationWebhook", params, context(instanceState));
  return result?.instanceState ?? {};
}

async function remove(
  params: Record<string, unknown>,
  instanceState: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const result = await harness.triggerOnInstanceDelete("snsS3NotificationWebhook", params, context(instanceState));
  return result?.instanceState ?? {};
}

it("deploy then delete leaves the bucket's notifications and every topic policy exactly as before", async () => {
  const bucket = "lifecycle-bucket";
  const before = await bucketWithOtherNotifications(bucket);
  const otherPolicyBefore = fake.topics.get(otherTopicArn)?.attributes.Policy;

  const deployed = await deploy(setupParams(bucket), { unrelated: "kept" });
  expect(deployed.unrelated).toBe("kept");
  const setup = setupOf(deployed);
  const topicArn = String(setup.topicArn);
  expect(setup).toEqual({
    region: "us-east-1",
    bucket,
    topicArn: match.stringMatching(/^arn:aws:sns:us-east-1:123456789012:prismatic-s3-lifecycle-bucket-[0-9a-f]{16}$/),
    subscriptionArn: match.stringMatching(new RegExp(`^${topicArn}:`)),
    notificationId: topicArn.split(":")[5],
  });

  // The topic lets this bucket (of this account) publish, next to its owner's default statement.
  const topic = fake.topics.get(topicArn);
  const policy: unknown = JSON.parse(topic?.attributes.Policy ?? "{}");
  expect(policy).toMatchObject({
    Statement: [
      match.objectContaining({ Sid: "__default_statement_ID" }),
      {
        Sid: `AllowS3Publish-${bucket}`,
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: topicArn,
        Condition: {
          ArnLike: { "aws:SourceArn": `arn:aws:s3:::${bucket}` },
          StringEquals: { "aws:SourceAccount": "123456789012" },
        },
      },
    ],
  });
  expect(topic?.subscriptions.map(({ protocol, endpoint }) => ({ protocol, endpoint }))).toEqual([
    { protocol: "https", endpoint: WEBHOOK_URL },
  ]);
  // The bucket's configuration gained exactly one entry.
  expect(await notifications(bucket)).toEqual({
    ...before,
    TopicConfigurations: [
      ...(before.TopicConfigurations ?? []),
      {
        Id: setup.notificationId,
        TopicArn: topicArn,
        Events: ["s3:ObjectCreated:*"],
        Filter: {
          Key: {
            FilterRules: [
              { Name: "prefix", Value: "incoming/" },
              { Name: "suffix", Value: ".csv" },
            ],
          },
        },
      },
    ],
  });

  // With no allowlist, the webhook accepts that topic's messages, thanks to the saved state.
  const delivered = await harness.trigger(
    "snsS3NotificationWebhook",
    snsRequest(signer.notification(topicArn, "{}")),
    { allowedTopicArns: [] },
    { instanceState: deployed },
  );
  expect(triggerOutcome(delivered).branch).toBe("Notification");

  const afterDelete = await remove(setupParams(bucket), deployed);
  expect(afterDelete).toEqual({ unrelated: "kept" });
  expect(await notifications(bucket)).toEqual(before);
  expect(fake.topics.has(topicArn)).toBe(false);
  expect(fake.topics.get(otherTopicArn)?.attributes.Policy).toBe(otherPolicyBefore);
  expect(fake.requests.filter(({ action }) => action === "DeleteTopic").map(({ params }) => params.TopicArn)).toEqual([
    topicArn,
  ]);
});

it("redeploying changes nothing twice, and a topic someone else subscribed to is kept on delete", async () => {
  const bucket = "redeploy-bucket";
  const before = await bucketWithOtherNotifications(bucket);
  const first = await deploy(setupParams(bucket));
  const again = await deploy(setupParams(bucket), first);
  expect(setupOf(again)).toEqual(setupOf(first));
  const topicArn = String(setupOf(again).topicArn);
  const topic = fake.topics.get(topicArn);
  expect(topic?.subscriptions).toHaveLength(1);
  expect(statementsOf(topic?.attributes.Policy)).toHaveLength(2);
  expect(
    (await notifications(bucket)).TopicConfigurations?.filter(({ Id }) => Id === setupOf(again).notificationId),
  ).toHaveLength(1);

  await fake.sns.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: "https", Endpoint: "https://audit.example.com/sns" }),
  );
  await remove(setupParams(bucket), again);
  expect(await notifications(bucket)).toEqual(before);
  const kept = fake.topics.get(topicArn);
  expect(kept?.subscriptions.map(({ endpoint }) => endpoint)).toEqual(["https://audit.example.com/sns"]);
  expect(
    statementsOf(kept?.attributes.Policy).map((statement) => (isRecord(statement) ? statement.Sid : undefined)),
  ).toEqual(["__default_statement_ID"]);
});

it("moving to another bucket on redeploy takes the setup off the first one", async () => {
  const first = "move-from-bucket";
  const second = "move-to-bucket";
  const firstBefore = await bucketWithOtherNotifications(first);
  const secondBefore = await bucketWithOtherNotifications(second);
  const deployed = await deploy(setupParams(first));
  const moved = await deploy(setupParams(second), deployed);
  expect(await notifications(first)).toEqual(firstBefore);
  expect(fake.topics.has(String(setupOf(deployed).topicArn))).toBe(false);
  expect((await notifications(second)).TopicConfigurations).toHaveLength(2);
  await remove(setupParams(second), moved);
  expect(await notifications(second)).toEqual(secondBefore);
});

it("leaves nothing behind when the first deploy fails half-way", async () => {
  const topicsBefore = [...fake.topics.keys()];
  await expect(deploy(setupParams("no-such-bucket"))).rejects.toThrow(
    /GetBucketNotificationConfiguration failed: NoSuchBucket/,
  );
  expect([...fake.topics.keys()]).toEqual(topicsBefore);
});

it("does nothing without a bucket, and refuses a bucket without a connection or a flow URL SNS cannot use", async () => {
  const requestsBefore = fake.requests.length;
  expect(await deploy({ allowedTopicArns: [otherTopicArn] }, { unrelated: 1 })).toEqual({ unrelated: 1 });
  await expect(deploy({ bucket: "some-bucket" })).rejects.toThrow(
    "Connection (accessKey): is required when Bucket is set",
  );
  await expect(
    harness.triggerOnInstanceDeploy(
      "snsS3NotificationWebhook",
      setupParams("some-bucket"),
      context({}, "http://hooks.example.com/x"),
    ),
  ).rejects.toThrow(/webhook URL \(http:\/\/hooks.example.com\/x\) is not an https URL/);
  await expect(deploy({ ...setupParams("some-bucket"), eventsList: ["ObjectCreated:*"] })).rejects.toThrow(
    /Event Types \(eventsList\): "ObjectCreated:\*" is not an S3 event name \(did you mean "s3:ObjectCreated:\*"\?\)/,
  );
  expect(fake.requests.length).toBe(requestsBefore);
});
