/**
 * A flow built on Prismatic's own Amazon S3 component, replayed on ours: every action of its
 * product page runs through spectral's harness with exactly the official input keys (values
 * as such a flow saves them: every key present, unset ones empty, defaults as declared, see
 * test/support/officialComponent.ts), against Ceph, or our fake AWS endpoint for the calls
 * Ceph lacks (SNS subscriptions and policies, GetCallerIdentity, GetObjectAttributes). Each
 * result must have the shape the page's example payload documents (test/support/pageShapes.ts).
 */
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { ConfirmSubscriptionCommand, CreateTopicCommand, DeleteTopicCommand } from "@aws-sdk/client-sns";
import type { Connection } from "@prismatic-io/spectral";
import { signingCertificates } from "../../src/sns/signingCertificate";
import { useFakeAws } from "../support/fakeAws";
import {
  fakeAwsConnection,
  harness,
  keyConnection,
  region,
  removeAfterTests,
  useVerifier,
  verifierSns,
} from "../support/harness";
import { match } from "../support/matchers";
import { OFFICIAL_ACTIONS } from "../support/officialComponent";
import { PAGE_NOTIFICATION_SHAPE, PAGE_SHAPES, shapeProblems } from "../support/pageShapes";
import { type LoopbackHttps, routeHttpsToLoopback } from "../support/servers/loopbackHttps";
import { type SnsFields, snsRequest, TestSnsSigner } from "../support/snsSigner";
import { uniqueBucketName } from "../support/target";
import { triggerOutcome } from "../support/triggerOutcome";

const s3 = useVerifier();
const fake = useFakeAws();
// Made here (versioned, with Object Lock) rather than by the component; removed with the file's buckets.
const bucket = removeAfterTests(uniqueBucketName("official"));
const locked = removeAfterTests(uniqueBucketName("official-lock"));
const spare = removeAfterTests(uniqueBucketName("official-spare"));
let fakeTopicArn = "";
let cephTopicArn = "";
const replayed = new Set<string>();

/** What earlier steps returned, for later ones (as a flow references earlier results). */
const earlier: Record<string, unknown> = {};

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
  await s3.send(new CreateBucketCommand({ Bucket: locked, ObjectLockEnabledForBucket: true }));
  await s3.send(new CreateBucketCommand({ Bucket: spare }));
  fake.putObject("attributes-bucket", "reports/q1.csv", Buffer.from("id,amount\n1,42\n"), { contentType: "text/csv" });
  fakeTopicArn = (await fake.sns.send(new CreateTopicCommand({ Name: "official-flow" }))).TopicArn ?? "";
});

afterAll(async () => {
  if (cephTopicArn) {
    const sns = verifierSns();
    await sns.send(new DeleteTopicCommand({ TopicArn: cephTopicArn })).catch(() => undefined);
    sns.destroy();
  }
});

/**
 * The inputs a flow built on the official component hands this action: every official key,
 * unset ones empty and defaults as declared, its connection under the official key. Only
 * official keys may be given: the replay proves that nothing of ours is needed.
 */
function officialParams(
  action: string,
  values: Record<string, unknown>,
  connection: Connection,
  awsRegion: string,
): Record<string, unknown> {
  const declared = OFFICIAL_ACTIONS[action] ?? [];
  const params: Record<string, unknown> = Object.fromEntries(
    declared.map((input) => [input.key, input.type === "connection" ? connection : (input.default ?? "")]),
  );
  for (const [key, value] of Object.entries(values)) {
    if (!declared.some((input) => input.key === key))
      throw new Error(`${key} is not an input of the official ${action}`);
    params[key] = value;
  }
  if ("awsRegion" in params) params.awsRegion = awsRegion;
  return params;
}

/** Runs one action as the official flow would, and checks its result against the page. */
async function replay(
  action: string,
  values: Record<string, unknown>,
  where: "ceph" | "fake" = "ceph",
): Promise<Record<string, unknown>> {
  const connection = where === "ceph" ? keyConnection() : fakeAwsConnection(fake);
  const result: unknown = await harness.action(
    action,
    officialParams(action, values, connection, where === "ceph" ? region() : "us-east-1"),
  );
  const shape = PAGE_SHAPES[action];
  if (shape === undefined) throw new Error(`the page documents no result for ${action}`);
  expect(shapeProblems(result, shape)).toEqual([]);
  replayed.add(action);
  if (typeof result !== "object" || result === null) throw new Error(`${action} returned ${String(result)}`);
  return { ...result };
}

const field = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (at, name) => (typeof at === "object" && at !== null ? Reflect.get(at, name) : undefined),
    value,
  );

describe("objects", () => {
  it("putObject", async () => {
    const result = await replay("putObject", {
      bucket,
      objectKey: "docs/report.txt",
      fileContents: "written by an official flow",
      tagging: [{ key: "team", value: "ops" }],
    });
    earlier.versionId = field(result, "data", "VersionId");
  });
  it("getObject", async () => {
    const result = await replay("getObject", { bucket, objectKey: "docs/report.txt" });
    expect(String(result.data)).toBe("written by an official flow");
    expect(result.contentType).toBe("text/plain");
  });
  it("headObject", async () => {
    const result = await replay("headObject", { bucket, objectKey: "docs/report.txt", versionId: earlier.versionId });
    expect(field(result, "data", "ContentLength")).toBe("written by an official flow".length);
  });
  it("copyObject", () =>
    replay("copyObject", {
      sourceBucket: bucket,
      sourceKey: "docs/report.txt",
      destinationBucket: bucket,
      destinationKey: "docs/copy of report.txt",
    }));
  it("listObjects", async () => {
    const result = await replay("listObjects", {
      bucket,
      prefix: "docs/",
      pagination: { maxKeys: "", continuationToken: "" },
    });
    expect(result.data).toEqual(["docs/copy of report.txt", "docs/report.txt"]);
  });
  it("generatePresignedUrl", async () => {
    const result = await replay("generatePresignedUrl", { bucket, objectKey: "docs/report.txt" });
    expect(await (await fetch(String(result.data))).text()).toBe("written by an official flow");
  });
  it("deleteObject", async () => {
    const result = await replay("deleteObject", { bucket, objectKey: "docs/copy of report.txt" });
    expect(field(result, "data", "DeleteMarker")).toBe(true);
  });
  it("deleteObjects", async () => {
    const result = await replay("deleteObjects", { bucket, objectKeys: ["docs/report.txt"] });
    expect(field(result, "data", "Deleted")).toEqual([{ Key: "docs/report.txt" }]);
  });
});

describe("multipart uploads", () => {
  const objectKey = "big/assembled.bin";
  it("createMultipartUpload", async () => {
    earlier.uploadId = field(
      await replay("createMultipartUpload", { bucket, objectKey, tagging: [] }),
      "data",
      "UploadId",
    );
  });
  it("uploadPart", async () => {
    earlier.part = field(
      await replay("uploadPart", {
        bucket,
        objectKey,
        uploadId: earlier.uploadId,
        partNumber: "1",
        fileChunk: Buffer.alloc(1024, 7),
      }),
      "data",
      "part",
    );
  });
  it("listParts", () => replay("listParts", { bucket, objectKey, uploadId: earlier.uploadId }));
  it("listMultipartUploads", () => replay("listMultipartUploads", { bucket }));
  it("generatePresignedForMultiparUploads", async () => {
    const result = await replay("generatePresignedForMultiparUploads", {
      bucket,
      objectKey,
      uploadId: earlier.uploadId,
      urlsToGenerate: "2",
    });
    expect(field(result, "data", "length")).toBe(2);
  });
  it("completeMultipartUpload", () =>
    replay("completeMultipartUpload", { bucket, objectKey, uploadId: earlier.uploadId, parts: [earlier.part] }));
  it("abortMultipartUpload", async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "big/abandoned.bin" }));
    await replay("abortMultipartUpload", { bucket, objectKey: "big/abandoned.bin", uploadId: UploadId });
  });
});

describe("buckets and account", () => {
  it("getBucketLocation", () => replay("getBucketLocation", { bucket }));
  it("headBucket", () => replay("headBucket", { bucket }));
  it("listBuckets", () => replay("listBuckets", {}));
  it("deleteBucket", () => replay("deleteBucket", { bucket: spare }));
  it("getCurrentAccount", () => replay("getCurrentAccount", {}, "fake"));
  it("getObjectAttributes", () =>
    replay(
      "getObjectAttributes",
      { bucket: "attributes-bucket", objectKey: "reports/q1.csv", objectAttributes: ["ObjectSize"] },
      "fake",
    ));
});

describe("object lock", () => {
  it("putObjectLockConfiguration", () =>
    replay("putObjectLockConfiguration", {
      bucket: locked,
      defaultRetentionMode: "GOVERNANCE",
      defaultRetentionYears: "1",
    }));
  it("getObjectLockConfiguration", () => replay("getObjectLockConfiguration", { bucket: locked }));
  it("putObjectRetention", async () => {
    await s3.send(new PutObjectCommand({ Bucket: locked, Key: "held.txt", Body: "held" }));
    // Past the bucket's default of one year, which the new version already has.
    await replay("putObjectRetention", {
      bucket: locked,
      objectKey: "held.txt",
      retentionMode: "GOVERNANCE",
      retainUntilDate: new Date(Date.now() + 2 * 366 * 86_400_000).toISOString(),
    });
  });
  it("getObjectRetention", () => replay("getObjectRetention", { bucket: locked, objectKey: "held.txt" }));
});

describe("notifications and SNS", () => {
  it("createTopic", async () => {
    cephTopicArn = String(
      field(await replay("createTopic", { name: `official-${Date.now().toString(36)}` }), "data", "TopicArn"),
    );
  });
  it("putBucketNotificationConfiguration", () =>
    replay("putBucketNotificationConfiguration", {
      bucket,
      topicConfigurations: JSON.stringify([{ Id: "official", TopicArn: cephTopicArn, Events: ["s3:ObjectCreated:*"] }]),
    }));
  it("getBucketNotificationConfiguration", async () => {
    const result = await replay("getBucketNotificationConfiguration", { bucket });
    expect(field(result, "data", "TopicConfigurations")).toEqual([
      match.objectContaining({ Id: "official", TopicArn: cephTopicArn }),
    ]);
  });
  it("bucketEventTriggerConfiguration", () =>
    replay("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: cephTopicArn,
      eventsList: ["s3:ObjectRemoved:*"],
      eventNotificationName: "official-removals",
      bucketOwnerAccountid: "123456789012",
    }));
  it("updateTopicPolicy", () =>
    replay(
      "updateTopicPolicy",
      { bucket: "attributes-bucket", snsTopicArn: fakeTopicArn, bucketOwnerAccountid: fake.accountId },
      "fake",
    ));
  it("subscribeToTopic", async () => {
    earlier.subscriptionArn = field(
      await replay(
        "subscribeToTopic",
        { snsTopicArn: fakeTopicArn, endpoint: "https://hooks.example.com/trigger/official" },
        "fake",
      ),
      "data",
      "SubscriptionArn",
    );
  });
  it("unsubscribeFromTopic", () =>
    replay("unsubscribeFromTopic", { subscriptionArn: earlier.subscriptionArn }, "fake"));
});

describe("the page's four-step webhook setup", () => {
  // The flow the page describes: Create Topic, Update Topic Policy, Subscribe to Topic (the
  // webhook's URL), Bucket SNS Event Trigger Configuration; then SNS asks the webhook to
  // confirm, and the webhook, which has no connection in the official component, confirms by
  // visiting the SubscribeURL. That URL is SNS's; here a loopback HTTPS server answers for it
  // (the test routes sns.us-east-1.amazonaws.com to it) and confirms at our fake SNS endpoint.
  const signer = new TestSnsSigner("us-east-1");
  const webhookUrl = "https://hooks.example.com/trigger/SW5zdGFuY2VGbG93Q29uZmlnOnBhZ2U=";
  let standIn: LoopbackHttps;
  let topicArn = "";
  let token = "";

  beforeAll(async () => {
    signingCertificates.remember(signer.certificateUrl, signer.certificatePem);
    standIn = await routeHttpsToLoopback("sns.us-east-1.amazonaws.com", (request, response) => {
      const query = new URL(request.url ?? "/", "https://sns.us-east-1.amazonaws.com").searchParams;
      fake.sns
        .send(
          new ConfirmSubscriptionCommand({ TopicArn: query.get("TopicArn") ?? "", Token: query.get("Token") ?? "" }),
        )
        .then(({ SubscriptionArn }) => {
          response.writeHead(200, { "content-type": "text/xml" });
          response.end(
            `<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>${SubscriptionArn}</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>`,
          );
        })
        .catch(() => response.writeHead(404).end());
    });
  });

  afterAll(() => standIn.restore());

  const deliver = async (message: SnsFields, params: Record<string, unknown>) =>
    triggerOutcome(await harness.trigger("snsS3NotificationWebhook", snsRequest(message), params));

  it("sets up the topic, its policy, the subscription and the bucket's events with the official inputs", async () => {
    fake.putObject("page-setup-bucket", "seed.txt", Buffer.from("x"));
    const connection = fakeAwsConnection(fake);
    const official = (action: string, values: Record<string, unknown>) =>
      harness.action(action, officialParams(action, values, connection, "us-east-1"));
    topicArn = String(field(await official("createTopic", { name: "page-setup" }), "data", "TopicArn"));
    await official("updateTopicPolicy", {
      bucket: "page-setup-bucket",
      snsTopicArn: topicArn,
      bucketOwnerAccountid: fake.accountId,
    });
    await official("subscribeToTopic", { snsTopicArn: topicArn, endpoint: webhookUrl });
    await official("bucketEventTriggerConfiguration", {
      bucket: "page-setup-bucket",
      snsTopicArn: topicArn,
      eventsList: ["s3:ObjectCreated:*"],
      eventNotificationName: "page-setup",
      bucketOwnerAccountid: fake.accountId,
    });
    const subscription = fake.topics.get(topicArn)?.subscriptions[0];
    expect(subscription).toMatchObject({ endpoint: webhookUrl, confirmed: false });
    token = subscription?.token ?? "";
  });

  it("without Topic ARN refuses the confirmation, naming the topic and the input to set", async () => {
    const outcome = await deliver(signer.subscriptionMessage("SubscriptionConfirmation", topicArn, token), {
      expectedTopicArn: "",
    });
    expect(outcome).toMatchObject({ branch: "Refused", status: 403 });
    expect(outcome.data.Reason).toContain(`set Topic ARN (expectedTopicArn) to ${topicArn}`);
    expect(fake.topics.get(topicArn)?.subscriptions[0]?.confirmed).toBe(false);
  });

  it("with Topic ARN set confirms the subscription through its SubscribeURL, then passes the bucket's events on", async () => {
    const confirmed = await deliver(signer.subscriptionMessage("SubscriptionConfirmation", topicArn, token), {
      expectedTopicArn: topicArn,
    });
    expect(confirmed).toMatchObject({
      branch: "Subscribe",
      status: 200,
      data: { Confirmed: true, ConfirmedThrough: "SubscribeURL" },
    });
    expect(fake.topics.get(topicArn)?.subscriptions[0]?.confirmed).toBe(true);

    const event = JSON.stringify({
      Records: [
        {
          eventSource: "aws:s3",
          eventName: "ObjectCreated:Put",
          s3: { bucket: { name: "page-setup-bucket" }, object: { key: "new.csv", size: 3 } },
        },
      ],
    });
    const notified = await deliver(signer.notification(topicArn, event), { expectedTopicArn: topicArn });
    expect(notified.branch).toBe("Notification");
    expect(shapeProblems(notified.data, PAGE_NOTIFICATION_SHAPE, "body.data")).toEqual([]);
    expect(notified.data).toMatchObject({
      TopicArn: topicArn,
      Message: event,
      Records: [match.objectContaining({ Bucket: "page-setup-bucket", Key: "new.csv" })],
    });
  });
});

it("replayed every action of the page", () => {
  expect([...replayed].sort()).toEqual(Object.keys(PAGE_SHAPES).sort());
});
