/**
 * The webhook trigger's one-step event setup. On instance deploy, with a Bucket: create an SNS
 * topic for this flow, let the bucket publish to it, subscribe the flow's webhook URL and add
 * the bucket's notification entry, then remember all of it in the flow's instance state. On
 * instance delete: remove exactly those again (the notification entry by its Id, the
 * subscription, the policy statement, the topic) and nothing else. Every change to a
 * bucket's notification configuration or a topic's policy is read, modify (with the shared
 * notificationConfig and topicPolicy modules), write, so other entries and statements stay.
 */

import { createHash } from "node:crypto";
import {
  type Event,
  GetBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
  PutBucketNotificationConfigurationCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetTopicAttributesCommand,
  type SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from "@aws-sdk/client-sns";
import type { ActionContext, Connection, TriggerEventFunctionReturn } from "@prismatic-io/spectral";
import { DEFAULT_REGION, s3Client, snsClient } from "../aws/clients";
import { describeAwsError } from "../aws/errors";
import { InputError, type InputRef } from "../glue/clean";
import { parseTopicArn } from "../rules/arns";
import { keyFilter, removeConfigurationById, upsertTopicConfiguration } from "../rules/notificationConfig";
import {
  bucketPublishStatement,
  type PolicyDocument,
  parseTopicPolicy,
  withoutBucketPublishStatement,
  withStatement,
} from "../rules/topicPolicy";
import { type EventSetupRecord, readEventSetup, SETUP_STATE_KEY } from "./eventSetupState";

export interface EventSetupParams {
  accessKey?: Connection;
  awsRegion?: string;
  bucket?: string;
  eventsList: Event[];
  prefix?: string;
  suffix?: string;
}

/** The topic and notification entry of one flow of one instance: the same name on every redeploy. */
export function setupName(context: ActionContext, bucket: string): string {
  const owner = createHash("sha256")
    .update(`${context.instance.id}\u0000${context.flow.stableId || context.flow.id}`)
    .digest("hex")
    .slice(0, 16);
  return `prismatic-s3-${bucket.replace(/\./g, "_")}-${owner}`;
}

/** `connectionInput` is the input named when a Bucket is given without a connection. */
export async function deployEventSetup(
  context: ActionContext,
  params: EventSetupParams,
  connectionInput: InputRef,
): Promise<TriggerEventFunctionReturn> {
  const previous = readEventSetup(context.instanceState);
  if (!params.bucket) {
    // The builder removed the Bucket: take down what an earlier deploy set up.
    if (previous && params.accessKey) await removeEventSetup(params.accessKey, previous, context);
    return { instanceState: withoutSetup(context.instanceState) };
  }
  if (!params.accessKey) {
    throw new InputError(
      connectionInput,
      "is required when Bucket is set: the trigger sets up the bucket's events with it.",
    );
  }
  const webhookUrl = context.webhookUrls[context.flow.name];
  if (!webhookUrl?.startsWith("https://")) {
    throw new Error(
      `This flow's webhook URL (${webhookUrl ?? "none"}) is not an https URL, which SNS requires to deliver to it.`,
    );
  }
  const region = params.awsRegion || DEFAULT_REGION;
  const name = setupName(context, params.bucket);
  if (
    previous &&
    (previous.bucket !== params.bucket || previous.region !== region || previous.notificationId !== name)
  ) {
    await removeEventSetup(params.accessKey, previous, context);
  }
  const sns = snsClient({ accessKey: params.accessKey, awsRegion: region });
  const s3 = s3Client({ accessKey: params.accessKey, awsRegion: region });
  const { TopicArn: topicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  if (!topicArn) throw new Error(`CreateTopic returned no ARN for the topic ${name}.`);
  const setup: EventSetupRecord = { region, bucket: params.bucket, topicArn, notificationId: name };
  try {
    // An AWS account id in the topic's ARN is this connection's: only its bucket of that name may publish.
    const account = parseTopicArn(topicArn)?.account;
    const statement = bucketPublishStatement(
      topicArn,
      params.bucket,
      account && /^\d{12}$/.test(account) ? account : undefined,
    );
    await changeTopicPolicy(sns, topicArn, (policy) => ({
      result: withStatement(policy, statement).policy,
      changed: true,
    }));
    const subscription = await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: "https",
        Endpoint: webhookUrl,
        ReturnSubscriptionArn: true,
      }),
    );
    setup.subscriptionArn = subscription.SubscriptionArn;
    const filter = keyFilter(params.prefix, params.suffix);
    const entry = { Id: name, TopicArn: topicArn, Events: params.eventsList, ...(filter ? { Filter: filter } : {}) };
    await changeNotifications(s3, params.bucket, (current) => ({
      result: upsertTopicConfiguration(current, entry).configuration,
      changed: true,
    }));
  } catch (error) {
    // A first deploy that fails half-way leaves nothing behind; a redeploy keeps what worked before.
    if (!previous) await removeEventSetup(params.accessKey, setup, context).catch(() => undefined);
    throw error;
  }
  context.logger.info(
    `Set up ${params.bucket}'s events (${params.eventsList.join(", ")}) to reach this flow through the SNS topic ${topicArn}.`,
  );
  return { instanceState: { ...context.instanceState, [SETUP_STATE_KEY]: setup } };
}

export async function deleteEventSetup(
  context: ActionContext,
  params: EventSetupParams,
): Promise<TriggerEventFunctionReturn> {
  const setup = readEventSetup(context.instanceState);
  if (setup && params.accessKey) await removeEventSetup(params.accessKey, setup, context);
  return { instanceState: withoutSetup(context.instanceState) };
}

async function removeEventSetup(
  connection: Connection,
  setup: EventSetupRecord,
  context: ActionContext,
): Promise<void> {
  const sns = snsClient({ accessKey: connection, awsRegion: setup.region });
  const s3 = s3Client({ accessKey: connection, awsRegion: setup.region });
  await ignoringGone(() =>
    changeNotifications(s3, setup.bucket, (current) => {
      const { configuration, removed } = removeConfigurationById(current, setup.notificationId);
      return { result: configuration, changed: removed };
    }),
  );
  const subscriptionArn = setup.subscriptionArn;
  if (subscriptionArn && !/pending/i.test(subscriptionArn))
    await ignoringGone(() => sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn })));
  await ignoringGone(() =>
    changeTopicPolicy(sns, setup.topicArn, (policy) => {
      const { policy: result, removed } = withoutBucketPublishStatement(policy, setup.bucket);
      return { result, changed: removed };
    }),
  );
  // Someone may have subscribed to the topic since: then it is theirs too, and stays.
  const others = await ignoringGone(() => sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: setup.topicArn })));
  const remaining = (others?.Subscriptions ?? []).filter(
    (subscription) => subscription.SubscriptionArn !== subscriptionArn,
  );
  if (others && remaining.length === 0) {
    await sns.send(new DeleteTopicCommand({ TopicArn: setup.topicArn }));
  } else if (remaining.length > 0) {
    context.logger.warn(`Kept the SNS topic ${setup.topicArn}: ${remaining.length} other subscription(s) use it.`);
  }
}

interface Change<T> {
  result: T;
  changed: boolean;
}

/** Reads the bucket's notification configuration, changes it, and writes it back if it changed. */
async function changeNotifications(
  s3: S3Client,
  bucket: string,
  change: (current: NotificationConfiguration) => Change<NotificationConfiguration>,
): Promise<void> {
  const current = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
  const { result, changed } = change(current);
  if (changed)
    await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: result }));
}

/** Reads the topic's access policy, changes it, and writes it back if it changed. */
async function changeTopicPolicy(
  sns: SNSClient,
  topicArn: string,
  change: (policy: PolicyDocument) => Change<PolicyDocument>,
): Promise<void> {
  const current = await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
  const { result, changed } = change(parseTopicPolicy(current.Attributes?.Policy, topicArn));
  if (changed)
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: topicArn,
        AttributeName: "Policy",
        AttributeValue: JSON.stringify(result),
      }),
    );
}

/** Runs a removal step; what is already gone (bucket, topic, subscription) is not an error. */
async function ignoringGone<T>(step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    if (["NotFound", "NotFoundException", "NoSuchBucket", "ResourceNotFound"].includes(describeAwsError(error).code))
      return undefined;
    throw error;
  }
}

function withoutSetup(instanceState: Record<string, unknown>): Record<string, unknown> {
  const { [SETUP_STATE_KEY]: _removed, ...rest } = instanceState;
  return rest;
}
