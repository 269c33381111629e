import { type HttpResponse, type TriggerBranchingResult, type TriggerPayload, trigger } from "@prismatic-io/spectral";
import { deleteEventSetup, deployEventSetup } from "../eventSetup/eventSetup";
import { readEventSetup } from "../eventSetup/eventSetupState";
import { type InputRef, optionalText } from "../glue/clean";
import { exampleTriggerPayload } from "../glue/examplePayload";
import { booleanInput, integerInput, refOf, textInput, valueListInput } from "../glue/inputKit";
import { eventSetupInputs } from "../inputs/eventSetupInputs";
import { topicArn } from "../rules/arns";
import { Refusal } from "../sns/refusal";
import {
  CAPACITY_PER_SECOND,
  capacityFor,
  REPLAY_STATE_KEY,
  releaseMessage,
  replayMemory,
  storedMemory,
  withMessage,
} from "../sns/replayMemory";
import { parseS3EventMessage } from "../sns/s3EventRecords";
import type { SnsMessage, SnsNotification, SnsSubscriptionMessage } from "../sns/snsMessage";
import { verifiedSnsMessage } from "../sns/snsVerification";
import { confirmSubscription, verifiedUnsubscribeUrl } from "../sns/subscriptionConfirmation";
import { checkTopicTrust, type TopicTrust, topicArnPatterns } from "../sns/topicAllowlist";

export const BRANCHES = { notification: "Notification", subscribe: "Subscribe", refused: "Refused" } as const;

const OK: HttpResponse = { statusCode: 200, contentType: "text/plain", body: "OK" };

/** The verified SNS message as SNS sent it (as the official component hands it over), and the S3 events in it. */
function notificationData(message: SnsNotification) {
  const event = parseS3EventMessage(message.Message);
  return {
    ...message,
    UnsubscribeURL: verifiedUnsubscribeUrl(message),
    IsS3Event: event !== undefined,
    Records: event?.Records ?? [],
    TestEvent: event?.TestEvent,
  };
}

/** Which messages the webhook accepts; its refusals name these inputs. */
const trustInputs = {
  expectedTopicArn: textInput(
    {
      label: "Topic ARN",
      comments:
        "The SNS topic this webhook accepts messages from, e.g. the TopicArn Create SNS Topic returned; its subscription is confirmed automatically. Messages from any other topic are refused (unless listed in Allowed Topic ARNs).",
      example: "arn:aws:sns:us-east-1:123456789012:s3-events",
    },
    (ref, value) => (optionalText(ref, value)?.trim() ? topicArn(ref, value) : undefined),
  ),
  allowedTopicArns: valueListInput(
    {
      label: "Allowed Topic ARNs",
      comments:
        "The SNS topics whose messages this flow accepts, e.g. arn:aws:sns:us-east-1:123456789012:s3-events; * as the topic name accepts every topic of that account and region. Empty: only the topic this trigger creates when Bucket is set.",
      example: "arn:aws:sns:us-east-1:123456789012:s3-events",
    },
    topicArnPatterns,
  ),
  acceptAnyTopic: booleanInput({
    label: "Accept Any Topic",
    comments:
      "Off (recommended): only trusted topics (Topic ARN, Allowed Topic ARNs, or the trigger's own) are accepted. On: a correctly signed message from ANY topic is accepted and its subscription confirmed, as Prismatic's own component does without a Topic ARN; then anyone who subscribes this flow's URL to their topic can trigger it. Only with Topic ARN and Allowed Topic ARNs empty: next to either, deploys and deliveries fail with a configuration error.",
  }),
  requireSignatureVersion2: booleanInput({
    label: "Require Signature Version 2",
    comments:
      "On: only messages signed with SignatureVersion 2 (SHA256withRSA) are accepted. Set the topic's SignatureVersion attribute to 2 first (SNS signs with SHA1, version 1, by default).",
  }),
  maxMessageAgeSeconds: integerInput({
    label: "Maximum Message Age (seconds)",
    comments: `Messages SNS sent longer ago than this are refused as replays. SNS retries within minutes by default; raise this only for long retry policies. Every MessageId of this window is remembered, up to ${CAPACITY_PER_SECOND} messages per second of it.`,
    min: 60,
    max: 86_400,
    fallback: 3_600,
  }),
};

/** Read when the trigger runs: the keys are placed once the trigger is defined. */
const trustRefs = (): Record<keyof TopicTrust, InputRef> => ({
  expectedTopicArn: refOf(trustInputs.expectedTopicArn),
  allowedTopicArns: refOf(trustInputs.allowedTopicArns),
  acceptAnyTopic: refOf(trustInputs.acceptAnyTopic),
});

export const snsS3NotificationWebhook = trigger({
  display: {
    label: "Webhook",
    description: "Receive S3 event notifications through SNS, verifying every message",
    directions:
      "Receives S3 event notifications through Amazon SNS. Every message's signature is verified against Amazon SNS's certificate, and only messages from the topic in Topic ARN and those in Allowed Topic ARNs (or, when both are empty, from the topic the trigger set up itself) are accepted; subscriptions to those topics are confirmed automatically. A refused message's topic ARN is named in the flow's logs with the input to set. A message received again within Maximum Message Age is refused: always when the flow's state has it (up to 2 messages per second of that window; older messages are refused once more arrive), and when a delivery of it runs at the same time in the same process; two concurrent deliveries in different processes can both pass. Branches: Notification (S3 events, in Records), Subscribe (subscription confirmed, or unsubscribe reported), Refused (a request that was not a genuine, fresh SNS message from an allowed topic: it got a 4xx answer, or a 503 when it may pass later; connect nothing to this branch, or a step that logs it).",
  },
  inputs: {
    ...trustInputs,
    ...eventSetupInputs,
  },
  onInstanceDeploy: (context, params) => {
    checkTopicTrust(params, trustRefs());
    return deployEventSetup(context, params, refOf(eventSetupInputs.accessKey));
  },
  onInstanceDelete: deleteEventSetup,
  allowsBranching: true,
  staticBranchNames: Object.values(BRANCHES),
  scheduleSupport: "invalid",
  synchronousResponseSupport: "valid",
  perform: async (context, payload, params): Promise<TriggerBranchingResult<TriggerPayload>> => {
    // A configuration error, before the request is read: thrown, so SNS retries once it is fixed.
    checkTopicTrust(params, trustRefs());
    const memory = replayMemory(context.instanceState);
    const setup = readEventSetup(context.instanceState);
    let message: SnsMessage;
    try {
      message = await verifiedSnsMessage(
        payload,
        {
          expectedTopicArn: params.expectedTopicArn,
          allowedTopicArns: params.allowedTopicArns,
          acceptAnyTopic: params.acceptAnyTopic,
          requireSignatureVersion2: params.requireSignatureVersion2,
          ownTopicArn: setup?.topicArn,
          setupPending: params.bucket !== undefined && setup === undefined,
          maxMessageAgeSeconds: params.maxMessageAgeSeconds,
          inputs: {
            expectedTopicArn: refOf(trustInputs.expectedTopicArn),
            allowedTopicArns: refOf(trustInputs.allowedTopicArns),
            requireSignatureVersion2: refOf(trustInputs.requireSignatureVersion2),
            maxMessageAgeSeconds: refOf(trustInputs.maxMessageAgeSeconds),
          },
        },
        memory,
      );
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      context.logger.warn(`SNS webhook request refused (HTTP ${error.status}): ${error.reason}.`);
      return refused(payload, error);
    }
    // Remembered only once the message was acted on, so a failed confirmation can be retried.
    const remember = () => {
      const oldestAllowedMs = Date.now() - params.maxMessageAgeSeconds * 1000;
      const updated = withMessage(
        memory,
        message.MessageId,
        Date.parse(message.Timestamp),
        oldestAllowedMs,
        capacityFor(params.maxMessageAgeSeconds),
      );
      return { ...context.instanceState, [REPLAY_STATE_KEY]: storedMemory(updated) };
    };
    if (message.Type === "Notification") {
      return {
        payload: withData(payload, notificationData(message)),
        response: OK,
        branch: BRANCHES.notification,
        instanceState: remember(),
      };
    }
    if (message.Type === "UnsubscribeConfirmation") {
      context.logger.info(`The subscription of this flow to ${message.TopicArn} was removed.`);
      return {
        payload: withData(payload, subscriptionData(message, false)),
        response: OK,
        branch: BRANCHES.subscribe,
        instanceState: remember(),
      };
    }
    try {
      const confirmation = await confirmSubscription(message, params.accessKey).catch((error: unknown) => {
        releaseMessage(message.MessageId);
        throw error;
      });
      context.logger.info(`Confirmed the subscription of this flow to ${message.TopicArn}.`);
      return {
        payload: withData(payload, { ...subscriptionData(message, true), ...confirmation }),
        response: OK,
        branch: BRANCHES.subscribe,
        instanceState: remember(),
      };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      context.logger.warn(`SNS subscription confirmation refused (HTTP ${error.status}): ${error.reason}.`);
      return refused(payload, error);
    }
  },
  examplePayload: {
    payload: exampleTriggerPayload(
      {
        Type: "Notification",
        MessageId: "bf30dd82-9ea0-5810-8856-80a8f5b12345",
        TopicArn: "arn:aws:sns:us-east-2:123456789012:s3-events",
        Timestamp: "2024-03-01T12:00:01.505Z",
        Message:
          '{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-2","eventTime":"2024-03-01T12:00:00.055Z","eventName":"ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","configurationId":"new-invoices","bucket":{"name":"my-company-invoices","arn":"arn:aws:s3:::my-company-invoices"},"object":{"key":"invoices/march+2024.pdf","size":12551,"eTag":"c8a35e0c8dc9b8a2b622339fa5b12345","sequencer":"0064B068D4E19CDEAD"}}}]}',
        Subject: "Amazon S3 Notification",
        SignatureVersion: "1",
        Signature:
          "ZlPxmNxGxhG05drIsJONhJw8bA8kW4XJ3zB5KjIfr7cMJX8iDkcyhI3T8ptn8Klc0InlwCkdmuV3HSWBL/RkwY47za5rFOXuHxuwKwCu4sbTiEfOnz...",
        SigningCertURL:
          "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem",
        UnsubscribeURL:
          "https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-2:123456789012:s3-events:885a69c3-c9e8-4e60-95e0-eef25d212345",
        IsS3Event: true,
        Records: [
          {
            EventName: "ObjectCreated:Put",
            EventTime: "2024-03-01T12:00:00.055Z",
            EventSource: "aws:s3",
            AwsRegion: "us-east-2",
            ConfigurationId: "new-invoices",
            Bucket: "my-company-invoices",
            Key: "invoices/march 2024.pdf",
            Size: 12551,
            ETag: "c8a35e0c8dc9b8a2b622339fa5b12345",
            VersionId: undefined,
            Sequencer: "0064B068D4E19CDEAD",
          },
        ],
        TestEvent: undefined,
      },
      { "Content-Type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification" },
    ),
    response: OK,
    branch: BRANCHES.notification,
  },
});

function subscriptionData(message: SnsSubscriptionMessage, confirmed: boolean) {
  return { ...message, Confirmed: confirmed };
}

function withData(payload: TriggerPayload, data: unknown): TriggerPayload {
  return { ...payload, body: { data } };
}

function refused(payload: TriggerPayload, refusal: Refusal): TriggerBranchingResult<TriggerPayload> {
  const response: HttpResponse = { statusCode: refusal.status, contentType: "text/plain", body: refusal.publicText };
  return {
    payload: withData(payload, { Refused: true, Status: refusal.status, Reason: refusal.reason }),
    response,
    branch: BRANCHES.refused,
  };
}
