/**
 * End to end with Ceph: an object written to a bucket makes Ceph push the S3 event to a
 * Ceph topic's push-endpoint, our SNS-style relay, which signs it as an SNS Notification and
 * posts it to the webhook trigger (through spectral's harness). The flow gets the object.
 */
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateTopicCommand, DeleteTopicCommand } from "@aws-sdk/client-sns";
import { signingCertificates } from "../../../src/sns/signingCertificate";
import { bytesOf, harness, newBucket, run, sha256, useVerifier, verifierSns } from "../../support/harness";
import { match } from "../../support/matchers";
import { type SnsRelay, startSnsRelay } from "../../support/servers/snsRelay";
import { TestSnsSigner } from "../../support/snsSigner";

const RELAY_TOPIC = "arn:aws:sns:us-east-1:123456789012:ceph-relay";
const signer = new TestSnsSigner("us-east-1");
const s3 = useVerifier();
// Ceph's SNS-compatible API on the gateway's endpoint.
const cephSns = verifierSns();
let relay: SnsRelay;
let cephTopicArn: string | undefined;

beforeAll(async () => {
  signingCertificates.remember(signer.certificateUrl, signer.certificatePem);
  relay = await startSnsRelay({
    signer,
    topicArn: RELAY_TOPIC,
    deliver: (request) => harness.trigger("snsS3NotificationWebhook", request, { allowedTopicArns: [RELAY_TOPIC] }),
  });
});

afterAll(async () => {
  if (cephTopicArn) await cephSns.send(new DeleteTopicCommand({ TopicArn: cephTopicArn })).catch(() => undefined);
  await relay.close();
  cephSns.destroy();
});

it("delivers an object written to the bucket to the flow, as a verified S3 event naming the object", async () => {
  const bucket = await newBucket("sns-e2e");
  // Ceph's SNS-compatible CreateTopic: the push-endpoint attribute is where Ceph posts events.
  const topic = await cephSns.send(
    new CreateTopicCommand({ Name: `${bucket}-events`, Attributes: { "push-endpoint": relay.endpoint } }),
  );
  cephTopicArn = topic.TopicArn;
  await run("bucketEventTriggerConfiguration", {
    bucket,
    snsTopicArn: cephTopicArn,
    eventsList: ["s3:ObjectCreated:*"],
    eventNotificationName: "to-the-relay",
    prefix: "incoming/",
  });

  // A key with a space and a plus: Ceph sends keys as they are, S3 form-encodes them.
  const key = "incoming/q3 report+final ü.csv";
  const body = "id,amount\n1,42\n";
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "elsewhere/ignored.csv", Body: "not under the prefix" }));
  const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

  const delivery = await relay.waitFor(({ outcome }) => outcome.branch === "Notification", 30_000);
  expect(delivery.outcome).toMatchObject({ status: 200, branch: "Notification" });
  expect(delivery.outcome.data).toMatchObject({
    TopicArn: RELAY_TOPIC,
    MessageId: delivery.message.MessageId,
    IsS3Event: true,
  });
  expect(delivery.outcome.data.Records).toEqual([
    match.objectContaining({
      EventName: "ObjectCreated:Put",
      EventSource: "ceph:s3",
      ConfigurationId: "to-the-relay",
      Bucket: bucket,
      Key: key,
      Size: Buffer.byteLength(body),
      ETag: put.ETag?.replace(/"/g, ""),
    }),
  ]);
  // Only the object under the prefix was announced.
  expect(relay.delivered).toHaveLength(1);

  // The key from the event reads back the very bytes that were written.
  const records = delivery.outcome.data.Records;
  const eventKey: unknown =
    Array.isArray(records) && typeof records[0] === "object" && records[0] !== null
      ? Reflect.get(records[0], "Key")
      : undefined;
  const read = await run("getObject", { bucket, objectKey: eventKey });
  expect(sha256(bytesOf(read))).toBe(sha256(body));
});
