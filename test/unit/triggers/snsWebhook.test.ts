/**
 * The SNS webhook trigger, driven through spectral's harness with messages signed by a
 * throwaway key. Its certificate reaches the trigger through the trigger's own certificate
 * cache (primed here), at an SNS URL: nothing in the component can be told to skip a check.
 */
import { CreateTopicCommand, SubscribeCommand } from "@aws-sdk/client-sns";
import { outboundGets } from "../../../src/sns/boundedGet";
import { releaseMessage, replayMemory } from "../../../src/sns/replayMemory";
import { certificateUrlProblem, signingCertificates } from "../../../src/sns/signingCertificate";
import { useFakeAws } from "../../support/fakeAws";
import { fakeAwsConnection, harness } from "../../support/harness";
import { routeHttpsToLoopback } from "../../support/servers/loopbackHttps";
import { foreignKey, type SnsFields, snsRequest, TestSnsSigner } from "../../support/snsSigner";
import { triggerOutcome } from "../../support/triggerOutcome";

const ACCOUNT_TOPICS = "arn:aws:sns:us-east-1:123456789012:*";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:s3-events";
const OTHER_ACCOUNT_TOPIC = "arn:aws:sns:us-east-1:999999999999:s3-events";
const KEY_AS_S3_SENDS_IT = "reports/q1+2024%2Bfinal%C3%BC.csv";
const KEY = "reports/q1 2024+finalü.csv";
const S3_EVENT = JSON.stringify({
  Records: [
    {
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: "us-east-1",
      eventTime: "2024-03-01T12:00:00.055Z",
      eventName: "ObjectCreated:Put",
      s3: {
        s3SchemaVersion: "1.0",
        configurationId: "new-reports",
        bucket: { name: "acme-data", arn: "arn:aws:s3:::acme-data" },
        object: {
          key: KEY_AS_S3_SENDS_IT,
          size: 12551,
          eTag: "c8a35e0c8dc9b8a2b622339fa5b12345",
          versionId: "3HL4kqtJlcpXroDTDmjVBH40Nrjfkd",
          sequencer: "0064B068D4E19CDEAD",
        },
      },
    },
  ],
});

const signer = new TestSnsSigner("us-east-1");

beforeAll(() => {
  signingCertificates.remember(signer.certificateUrl, signer.certificatePem);
});

async function deliver(
  fields: SnsFields,
  params: Record<string, unknown> = {},
  instanceState: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const result = await harness.trigger(
    "snsS3NotificationWebhook",
    snsRequest(fields, headers),
    { allowedTopicArns: [TOPIC], ...params },
    { instanceState },
  );
  return triggerOutcome(result);
}

describe("genuine messages", () => {
  it.each(["1", "2"] as const)(
    "accepts a notification signed with SignatureVersion %s and parses the S3 event",
    async (signatureVersion) => {
      const message = signer.notification(TOPIC, S3_EVENT, {}, { signatureVersion });
      const outcome = await deliver(message);
      expect(outcome).toMatchObject({ branch: "Notification", status: 200, body: "OK" });
      expect(outcome.data).toMatchObject({
        Type: "Notification",
        MessageId: message.MessageId,
        TopicArn: TOPIC,
        IsS3Event: true,
        Message: S3_EVENT,
      });
      expect(outcome.data.Records).toEqual([
        {
          EventName: "ObjectCreated:Put",
          EventTime: "2024-03-01T12:00:00.055Z",
          EventSource: "aws:s3",
          AwsRegion: "us-east-1",
          ConfigurationId: "new-reports",
          Bucket: "acme-data",
          Key: KEY,
          Size: 12551,
          ETag: "c8a35e0c8dc9b8a2b622339fa5b12345",
          VersionId: "3HL4kqtJlcpXroDTDmjVBH40Nrjfkd",
          Sequencer: "0064B068D4E19CDEAD",
        },
      ]);
      expect(replayMemory(outcome.instanceState ?? {}).entries.size).toBe(1);
    },
  );

  it("accepts a notification without a Subject, and one from a topic matched by an account-wide pattern", async () => {
    const { Subject: _subject, ...withoutSubject } = signer.notification(TOPIC, S3_EVENT);
    const unsigned = signer.sign(withoutSubject);
    expect((await deliver(unsigned)).branch).toBe("Notification");
    const other = signer.notification("arn:aws:sns:us-east-1:123456789012:another-topic", S3_EVENT);
    expect((await deliver(other, { allowedTopicArns: [ACCOUNT_TOPICS] })).branch).toBe("Notification");
  });

  it("reports the s3:TestEvent S3 sends when a notification is configured", async () => {
    const test = JSON.stringify({
      Service: "Amazon S3",
      Event: "s3:TestEvent",
      Time: "2024-03-01T12:00:00.000Z",
      Bucket: "acme-data",
      RequestId: "5582815E1AEA5ADF",
      HostId: "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR",
    });
    const outcome = await deliver(signer.notification(TOPIC, test));
    expect(outcome.branch).toBe("Notification");
    expect(outcome.data).toMatchObject({
      IsS3Event: true,
      Records: [],
      TestEvent: { Event: "s3:TestEvent", Bucket: "acme-data", Time: "2024-03-01T12:00:00.000Z" },
    });
  });

  it("passes on a message that is not an S3 event, marked as such", async () => {
    const outcome = await deliver(signer.notification(TOPIC, "hello from a person publishing by hand"));
    expect(outcome).toMatchObject({ branch: "Notification", status: 200 });
    expect(outcome.data).toMatchObject({
      IsS3Event: false,
      Records: [],
      Message: "hello from a person publishing by hand",
    });
  });

  it("reports an UnsubscribeConfirmation on the Subscribe branch without visiting any URL", async () => {
    const before = outboundGets.started;
    const outcome = await deliver(signer.subscriptionMessage("UnsubscribeConfirmation", TOPIC, "a".repeat(64)));
    expect(outcome).toMatchObject({ branch: "Subscribe", status: 200 });
    expect(outcome.data).toMatchObject({ Type: "UnsubscribeConfirmation", TopicArn: TOPIC, Confirmed: false });
    expect(outboundGets.started).toBe(before);
  });

  it("accepts, with no allowlist, only the topic its own event setup created", async () => {
    const state = {
      snsS3EventSetup: { region: "us-east-1", bucket: "acme-data", topicArn: TOPIC, notificationId: "prismatic-1" },
    };
    expect((await deliver(signer.notification(TOPIC, S3_EVENT), { allowedTopicArns: [] }, state)).branch).toBe(
      "Notification",
    );
    const other = await deliver(
      signer.notification("arn:aws:sns:us-east-1:123456789012:other", S3_EVENT),
      { allowedTopicArns: [] },
      state,
    );
    expect(other).toMatchObject({ branch: "Refused", status: 403 });
  });

  it("asks SNS to come back later while its own setup is being deployed (Bucket set, topic not saved yet)", async () => {
    const message = signer.subscriptionMessage("SubscriptionConfirmation", TOPIC, "b".repeat(64));
    const outcome = await deliver(message, { allowedTopicArns: [], bucket: "acme-data" });
    expect(outcome).toMatchObject({ branch: "Refused", status: 503, body: "Service Unavailable" });
    expect(outcome.data.Reason).toMatch(/event setup is not saved yet/);
  });

  it("refuses everything, saying why, when there is neither an allowlist nor an own topic", async () => {
    const outcome = await deliver(signer.notification(TOPIC, S3_EVENT), { allowedTopicArns: [] });
    expect(outcome).toMatchObject({ branch: "Refused", status: 403, body: "Forbidden" });
    expect(outcome.data.Reason).toBe(
      `the trigger trusts no SNS topic yet, so the message from ${TOPIC} was refused: set Topic ARN (expectedTopicArn) to ${TOPIC}, or add it to Allowed Topic ARNs (allowedTopicArns); or give the trigger a Bucket so it sets up the bucket's events (and its own topic) when the instance is deployed`,
    );
  });
});

describe("Accept Any Topic", () => {
  const untrusted = "arn:aws:sns:us-east-1:999999999999:untrusted";

  it("accepts a correctly signed message from any topic when no topic is named", async () => {
    const outcome = await deliver(signer.notification(untrusted, S3_EVENT), {
      allowedTopicArns: [],
      acceptAnyTopic: true,
    });
    expect(outcome.branch).toBe("Notification");
  });

  it.each([
    ["Allowed Topic ARNs", { allowedTopicArns: [TOPIC] }, /Allowed Topic ARNs \(allowedTopicArns\) names the topics/],
    ["Topic ARN", { allowedTopicArns: [], expectedTopicArn: TOPIC }, /Topic ARN \(expectedTopicArn\) names the topics/],
    [
      "both",
      { allowedTopicArns: [ACCOUNT_TOPICS], expectedTopicArn: TOPIC },
      /Topic ARN \(expectedTopicArn\) and Allowed Topic ARNs \(allowedTopicArns\) name the topics/,
    ],
  ])(
    "never widens %s: a genuine message from another topic fails as a configuration error",
    async (_named, trust, names) => {
      const params = { ...trust, acceptAnyTopic: true };
      const refusal =
        /Accept Any Topic \(acceptAnyTopic\): is on while .*Turn Accept Any Topic off to accept only the topics named there, or empty .* to accept a correctly signed message from any topic/;
      await expect(deliver(signer.notification(untrusted, S3_EVENT), params)).rejects.toThrow(refusal);
      await expect(deliver(signer.notification(untrusted, S3_EVENT), params)).rejects.toThrow(names);
      // Also the named topic's messages: the contradiction is fixed in the configuration, not guessed at.
      await expect(deliver(signer.notification(TOPIC, S3_EVENT), params)).rejects.toThrow(refusal);
    },
  );

  it("refuses the combination when the instance is deployed", async () => {
    await expect(
      harness.triggerOnInstanceDeploy("snsS3NotificationWebhook", { allowedTopicArns: [TOPIC], acceptAnyTopic: true }),
    ).rejects.toThrow(/Accept Any Topic \(acceptAnyTopic\): is on while Allowed Topic ARNs \(allowedTopicArns\)/);
  });
});

describe("forged, stale and replayed messages", () => {
  interface Forgery {
    name: string;
    message: () => SnsFields;
    params?: Record<string, unknown>;
    status: number;
    reason: RegExp;
  }
  const notification = (extra: SnsFields = {}): SnsFields => signer.notification(TOPIC, S3_EVENT, extra);
  const confirmation = (extra: SnsFields = {}): SnsFields =>
    signer.subscriptionMessage("SubscriptionConfirmation", TOPIC, "f".repeat(64), extra);
  const altered = (message: SnsFields, field: string, value: string | undefined): SnsFields => {
    const copy = { ...message };
    if (value === undefined) delete copy[field];
    else copy[field] = value;
    return copy;
  };
  const badSignature = /the signature does not match the message/;
  const badCertificateUrl =
    /the signing certificate URL is not https:\/\/sns\.<region>\.<AWS domain>\/SimpleNotificationService-<id>\.pem/;
  const signedWithUrl = (url: string) => () => notification({ SigningCertURL: url });
  const accountWide = { allowedTopicArns: [ACCOUNT_TOPICS] };

  const forgeries: Forgery[] = [
    {
      name: "Message altered",
      message: () => altered(notification(), "Message", S3_EVENT.replace("acme-data", "other-data")),
      status: 403,
      reason: badSignature,
    },
    {
      name: "MessageId altered",
      message: () => altered(notification(), "MessageId", "11111111-2222-3333-4444-555555555555"),
      status: 403,
      reason: badSignature,
    },
    {
      name: "Subject altered",
      message: () => altered(notification(), "Subject", "Something else"),
      status: 403,
      reason: badSignature,
    },
    {
      name: "Subject removed",
      message: () => altered(notification(), "Subject", undefined),
      status: 403,
      reason: badSignature,
    },
    {
      name: "Timestamp altered",
      message: () => altered(notification(), "Timestamp", new Date(Date.now() + 1000).toISOString()),
      status: 403,
      reason: badSignature,
    },
    {
      name: "TopicArn altered (to another allowed topic)",
      message: () => altered(notification(), "TopicArn", "arn:aws:sns:us-east-1:123456789012:another-topic"),
      params: accountWide,
      status: 403,
      reason: badSignature,
    },
    {
      name: "Type altered",
      message: () => altered(confirmation(), "Type", "Notification"),
      status: 403,
      reason: badSignature,
    },
    {
      name: "confirmation Token altered",
      message: () => altered(confirmation(), "Token", "e".repeat(64)),
      status: 403,
      reason: badSignature,
    },
    {
      name: "confirmation SubscribeURL altered",
      message: () =>
        altered(
          confirmation(),
          "SubscribeURL",
          `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=${"e".repeat(64)}`,
        ),
      status: 403,
      reason: badSignature,
    },
    {
      name: "confirmation Message altered",
      message: () => altered(confirmation(), "Message", "Please confirm"),
      status: 403,
      reason: badSignature,
    },
    {
      name: "SignatureVersion 3",
      message: () => altered(notification(), "SignatureVersion", "3"),
      status: 403,
      reason: /the SignatureVersion is neither 1 nor 2/,
    },
    {
      name: "SignatureVersion 2 signature presented as version 1",
      message: () => altered(notification(), "SignatureVersion", "1"),
      status: 403,
      reason: badSignature,
    },
    {
      name: "signature from another key",
      message: () => signer.notification(TOPIC, S3_EVENT, {}, { key: foreignKey() }),
      status: 403,
      reason: badSignature,
    },
    {
      name: "certificate URL over http",
      message: signedWithUrl(signer.certificateUrl.replace("https:", "http:")),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL on a look-alike host",
      message: signedWithUrl("https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-1.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL with the SNS host in its path",
      message: signedWithUrl("https://evil.com/sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL with userinfo",
      message: signedWithUrl("https://evil.com@sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL with a port",
      message: signedWithUrl("https://sns.us-east-1.amazonaws.com:443/SimpleNotificationService-1.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL with another port",
      message: signedWithUrl("https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-1.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL on an IPv4 literal",
      message: signedWithUrl("https://54.239.0.1/SimpleNotificationService-1.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL on an IPv6 literal",
      message: signedWithUrl("https://[::1]/SimpleNotificationService-1.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL with a backslash",
      message: signedWithUrl("https://sns.us-east-1.amazonaws.com\\@evil.com/x.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL with a query",
      message: signedWithUrl("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem?redirect=evil.com"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL not ending in .pem",
      message: signedWithUrl("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem/x"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL of a China region on .com",
      message: signedWithUrl("https://sns.cn-north-1.amazonaws.com/SimpleNotificationService-0123abcd.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL of a commercial region on .com.cn",
      message: signedWithUrl("https://sns.us-east-1.amazonaws.com.cn/SimpleNotificationService-0123abcd.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL with another .pem path",
      message: signedWithUrl("https://sns.us-east-1.amazonaws.com/uploads/anything.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL with a name that is not hex",
      message: signedWithUrl("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-zz.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "certificate URL of a region-shaped host outside AWS's partitions",
      message: signedWithUrl("https://sns.xx-fake-1.amazonaws.com/SimpleNotificationService-0123abcd.pem"),
      status: 403,
      reason: badCertificateUrl,
    },
    {
      name: "SignatureVersion 1 when version 2 is required",
      message: () => signer.notification(TOPIC, S3_EVENT, {}, { signatureVersion: "1" }),
      params: { requireSignatureVersion2: true },
      status: 403,
      reason: /SignatureVersion 1 \(SHA1\), which Require Signature Version 2 \(requireSignatureVersion2\) refuses/,
    },
    {
      name: "topic outside the allowlist",
      message: () => signer.notification(OTHER_ACCOUNT_TOPIC, S3_EVENT),
      params: accountWide,
      status: 403,
      reason:
        /^the topic arn:aws:sns:us-east-1:999999999999:s3-events is not one the trigger trusts: set Topic ARN \(expectedTopicArn\) to arn:aws:sns:us-east-1:999999999999:s3-events/,
    },
    {
      name: "old Timestamp",
      message: () => notification({ Timestamp: new Date(Date.now() - 3_601_000).toISOString() }),
      status: 403,
      reason: /the message is 3601 s old, older than the 3600 s allowed \(maxMessageAgeSeconds\)/,
    },
    {
      name: "Timestamp older than a lowered maximum age",
      message: () => notification({ Timestamp: new Date(Date.now() - 120_000).toISOString() }),
      params: { maxMessageAgeSeconds: "60" },
      status: 403,
      reason: /older than the 60 s allowed/,
    },
    {
      name: "Timestamp in the future",
      message: () => notification({ Timestamp: new Date(Date.now() + 3_600_000).toISOString() }),
      status: 403,
      reason: /Timestamp is in the future/,
    },
    {
      name: "message without its fields",
      message: () => ({ Type: "Notification" }),
      status: 400,
      reason: /the SNS message has no MessageId/,
    },
    {
      name: "unknown message Type",
      message: () => signer.sign({ ...notification(), Type: "Subscribe" }),
      status: 400,
      reason: /Type is not Notification, SubscriptionConfirmation or UnsubscribeConfirmation/,
    },
  ];

  it.each(forgeries)("refuses: $name", async ({ message, params, status, reason }) => {
    const before = outboundGets.started;
    const outcome = await deliver(message(), params);
    expect(outcome.status).toBe(status);
    expect(outcome.branch).toBe("Refused");
    expect(outcome.data.Reason).toMatch(reason);
    // The sender learns the status text and nothing else.
    expect(outcome.body).toBe({ 400: "Bad Request", 403: "Forbidden", 409: "Conflict" }[status]);
    expect(outcome.instanceState).toBeUndefined();
    expect(outboundGets.started).toBe(before);
  });

  it("accepts SignatureVersion 2 when it is required", async () => {
    expect(
      (
        await deliver(signer.notification(TOPIC, S3_EVENT, {}, { signatureVersion: "2" }), {
          requireSignatureVersion2: true,
        })
      ).branch,
    ).toBe("Notification");
  });

  it.each([
    ["another host", `https://sns.us-east-1.amazonaws.com.evil.example/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:1`],
    [
      "another region than the topic",
      `https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:1`,
    ],
    ["another action", `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&SubscriptionArn=${TOPIC}:1`],
    [
      "another topic's subscription",
      `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}-other:1`,
    ],
    ["a path", `https://sns.us-east-1.amazonaws.com/x?Action=Unsubscribe&SubscriptionArn=${TOPIC}:1`],
  ])("hands the flow no UnsubscribeURL that points to %s (SNS does not sign it)", async (_name, url) => {
    const outcome = await deliver(signer.notification(TOPIC, S3_EVENT, { UnsubscribeURL: url }));
    expect(outcome.branch).toBe("Notification");
    expect(outcome.data.UnsubscribeURL).toBeUndefined();
  });

  it("hands the flow SNS's own UnsubscribeURL for this topic", async () => {
    const url = `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:885a69c3-c9e8-4e60-95e0-eef25d212345`;
    expect((await deliver(signer.notification(TOPIC, S3_EVENT, { UnsubscribeURL: url }))).data.UnsubscribeURL).toBe(
      url,
    );
  });

  it("accepts certificate URLs of the European Sovereign Cloud, China and GovCloud, and only SNS's file names", () => {
    expect(
      certificateUrlProblem(
        "https://sns.eusc-de-east-1.amazonaws.eu/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem",
      ),
    ).toBeUndefined();
    expect(
      certificateUrlProblem(
        "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem",
      ),
    ).toBeUndefined();
    expect(
      certificateUrlProblem(
        "https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem",
      ),
    ).toBeUndefined();
    expect(
      certificateUrlProblem("https://sns.eu-west-1.amazonaws.eu/SimpleNotificationService-9c6465fa.pem"),
    ).toBeDefined();
  });

  it("remembers a certificate URL that could not be fetched, so forged messages do not make it ask SNS again", async () => {
    // SNS's host is answered on 127.0.0.1 here: no connection leaves the machine.
    const standIn = await routeHttpsToLoopback("sns.us-east-1.amazonaws.com", (_request, response) =>
      response.writeHead(404).end(),
    );
    try {
      const url = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-00000000000000000000000000000bad.pem";
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const outcome = await deliver(notification({ SigningCertURL: url }));
        expect(outcome).toMatchObject({ status: 403, branch: "Refused" });
        expect(outcome.data.Reason).toBe("the signing certificate could not be fetched: the server answered HTTP 404");
      }
      expect(standIn.requests).toEqual(["/SimpleNotificationService-00000000000000000000000000000bad.pem"]);
    } finally {
      await standIn.restore();
    }
  });

  it("refuses a repeated MessageId, with the replay memory carried in instance state and held by the process", async () => {
    const message = notification();
    const first = await deliver(message);
    expect(first.status).toBe(200);
    const again = await deliver(message, {}, first.instanceState);
    expect(again).toMatchObject({ status: 409, branch: "Refused", body: "Conflict" });
    expect(again.data.Reason).toMatch(/was already received/);
    // An execution that started from older state is caught by what this process remembers.
    expect((await deliver(message)).status).toBe(409);
  });

  it("refuses the second of two deliveries of one message that run at the same time", async () => {
    const message = notification();
    const outcomes = await Promise.all([deliver(message), deliver(message)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([200, 409]);
  });

  it("still refuses a replay after more than 1,000 other messages within the age window", async () => {
    const first = notification();
    let state = (await deliver(first)).instanceState ?? {};
    for (let index = 0; index < 1_200; index += 1)
      state = (await deliver(notification(), {}, state)).instanceState ?? state;
    expect(replayMemory(state).entries.size).toBe(1_201);
    // A fresh process would only have the state: release this one's claims to prove the state holds the id.
    releaseMessage(first.MessageId ?? "");
    expect((await deliver(first, {}, state)).status).toBe(409);
  });

  it("refuses messages older than what a full memory covers, so no replay slips through a dropped id", async () => {
    // 60 s of age window hold 120 ids; 130 messages of the last 30 s overflow it.
    const params = { maxMessageAgeSeconds: "60" };
    const sentAt = (index: number) => new Date(Date.now() - 30_000 + index * 200).toISOString();
    const firstMessage = notification({ Timestamp: sentAt(0) });
    let state = (await deliver(firstMessage, params)).instanceState ?? {};
    for (let index = 1; index < 130; index += 1)
      state = (await deliver(notification({ Timestamp: sentAt(index) }), params, state)).instanceState ?? state;
    expect(replayMemory(state).entries.size).toBe(120);
    releaseMessage(firstMessage.MessageId ?? "");
    const replay = await deliver(firstMessage, params, state);
    expect(replay).toMatchObject({ status: 403, branch: "Refused" });
    expect(replay.data.Reason).toMatch(
      /older than what the replay memory still covers: more than 120 messages arrived within 60 s \(maxMessageAgeSeconds\)/,
    );
    expect((await deliver(notification(), params, state)).status).toBe(200);
  });

  it("quotes nothing long or multi-line from a request in its refusal (a 100,000-character TopicArn with line breaks)", async () => {
    const huge = `arn:aws:sns:us-east-1:123456789012:${"x\n".repeat(50_000)}`;
    for (const params of [{}, { allowedTopicArns: [], expectedTopicArn: "" }]) {
      const outcome = await deliver({ ...notification(), TopicArn: huge }, params);
      expect(outcome).toMatchObject({ status: 403, branch: "Refused" });
      expect(String(outcome.data.Reason).length).toBeLessThan(1100);
      expect(String(outcome.data.Reason)).not.toMatch(/[\n\r]/);
    }
  });

  it("refuses a body that is not JSON and a type header that contradicts the body", async () => {
    const notJson = await harness.trigger(
      "snsS3NotificationWebhook",
      { body: { data: "<xml/>" }, rawBody: { data: Buffer.from("<xml/>") } },
      { allowedTopicArns: [TOPIC] },
    );
    expect(triggerOutcome(notJson)).toMatchObject({
      status: 400,
      branch: "Refused",
      data: { Reason: "the body is not JSON, so it is not an SNS message" },
    });
    const mismatch = await deliver(notification(), {}, {}, { "x-amz-sns-message-type": "SubscriptionConfirmation" });
    expect(mismatch).toMatchObject({ status: 400, branch: "Refused" });
  });

  it("refuses an allowlist entry that is not a topic ARN before anything runs", async () => {
    await expect(deliver(notification(), { allowedTopicArns: ["s3-events"] })).rejects.toThrow(
      /Allowed Topic ARNs \(allowedTopicArns\): "s3-events" is not an SNS topic ARN/,
    );
    await expect(
      deliver(notification(), { allowedTopicArns: ["arn:aws:sns:us-east-1:123456789012:s3-*"] }),
    ).rejects.toThrow(/is not an SNS topic ARN/);
  });
});

describe("subscription confirmations", () => {
  const fake = useFakeAws();
  const webhookUrl = "https://hooks.example.com/trigger/SW5zdGFuY2VGbG93";

  async function pendingSubscription(name: string) {
    const { TopicArn } = await fake.sns.send(new CreateTopicCommand({ Name: name }));
    if (!TopicArn) throw new Error("no topic ARN");
    await fake.sns.send(new SubscribeCommand({ TopicArn, Protocol: "https", Endpoint: webhookUrl }));
    const subscription = fake.topics.get(TopicArn)?.subscriptions[0];
    if (!subscription) throw new Error("no subscription");
    return { topicArn: TopicArn, subscription };
  }

  it("confirms a subscription of an allowed topic through the ConfirmSubscription API when a connection is given", async () => {
    const { topicArn, subscription } = await pendingSubscription("allowed-topic");
    const before = outboundGets.started;
    const message = signer.subscriptionMessage("SubscriptionConfirmation", topicArn, subscription.token);
    const outcome = await deliver(message, {
      allowedTopicArns: [topicArn],
      accessKey: fakeAwsConnection(fake),
      awsRegion: "us-east-1",
    });
    expect(outcome).toMatchObject({ branch: "Subscribe", status: 200 });
    expect(outcome.data).toMatchObject({
      Type: "SubscriptionConfirmation",
      TopicArn: topicArn,
      Confirmed: true,
      SubscriptionArn: subscription.arn,
      ConfirmedThrough: "ConfirmSubscription API",
    });
    expect(fake.topics.get(topicArn)?.subscriptions[0]?.confirmed).toBe(true);
    const confirmCall = fake.requests.find((request) => request.action === "ConfirmSubscription");
    expect(confirmCall?.params).toMatchObject({
      TopicArn: topicArn,
      Token: subscription.token,
      AuthenticateOnUnsubscribe: "true",
    });
    expect(outboundGets.started).toBe(before);
  });

  it("accepts SNS's retry of a confirmation that failed, instead of refusing it as a replay", async () => {
    let answers = 0;
    const standIn = await routeHttpsToLoopback("sns.us-east-1.amazonaws.com", (_request, response) => {
      answers += 1;
      if (answers === 1) return void response.writeHead(503).end();
      response.writeHead(200, { "content-type": "text/xml" });
      response.end(
        `<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>${TOPIC}:retried</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>`,
      );
    });
    try {
      const message = signer.subscriptionMessage("SubscriptionConfirmation", TOPIC, "d".repeat(64));
      await expect(deliver(message)).rejects.toThrow(
        /Confirming the subscription to .* failed: the server answered HTTP 503/,
      );
      const retried = await deliver(message);
      expect(retried).toMatchObject({
        branch: "Subscribe",
        status: 200,
        data: { Confirmed: true, SubscriptionArn: `${TOPIC}:retried` },
      });
    } finally {
      await standIn.restore();
    }
  });

  it("confirms nothing for a topic outside the allowlist", async () => {
    const { topicArn, subscription } = await pendingSubscription("foreign-topic");
    const requestsBefore = fake.requests.length;
    const message = signer.subscriptionMessage("SubscriptionConfirmation", topicArn, subscription.token);
    const outcome = await deliver(message, { allowedTopicArns: [TOPIC], accessKey: fakeAwsConnection(fake) });
    expect(outcome).toMatchObject({ branch: "Refused", status: 403 });
    expect(fake.topics.get(topicArn)?.subscriptions[0]?.confirmed).toBe(false);
    expect(fake.requests.length).toBe(requestsBefore);
  });

  it.each([
    [
      "another host",
      (token: string) =>
        `https://sns.us-east-1.amazonaws.com.evil.example/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=${token}`,
      /is not https:\/\/sns/,
    ],
    [
      "another region than the topic",
      (token: string) =>
        `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=${token}`,
      /in another region than the topic/,
    ],
    [
      "a path",
      (token: string) =>
        `https://sns.us-east-1.amazonaws.com/confirm?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=${token}`,
      /is not https:\/\/sns/,
    ],
    [
      "another action",
      (token: string) => `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&TopicArn=${TOPIC}&Token=${token}`,
      /does not confirm a subscription/,
    ],
    [
      "another topic",
      (token: string) =>
        `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}-2&Token=${token}`,
      /names another topic/,
    ],
    [
      "another token",
      () => `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=${"0".repeat(64)}`,
      /carries another token/,
    ],
    [
      "userinfo",
      (token: string) =>
        `https://evil.com@sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=${token}`,
      /is not https:\/\/sns/,
    ],
    [
      "a port",
      (token: string) =>
        `https://sns.us-east-1.amazonaws.com:443/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=${token}`,
      /is not https:\/\/sns/,
    ],
  ])(
    "without a connection, refuses a signed confirmation whose SubscribeURL has %s, fetching nothing",
    async (_name, url, reason) => {
      const token = "c".repeat(64);
      const before = outboundGets.started;
      const outcome = await deliver(
        signer.subscriptionMessage("SubscriptionConfirmation", TOPIC, token, { SubscribeURL: url(token) }),
      );
      expect(outcome).toMatchObject({ branch: "Refused", status: 403, body: "Forbidden" });
      expect(outcome.data.Reason).toMatch(reason);
      expect(outboundGets.started).toBe(before);
    },
  );
});
