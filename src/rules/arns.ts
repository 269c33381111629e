/**
 * ARN rules for SNS topics and subscriptions and the other notification destinations (SQS
 * queues, Lambda functions), checked before any request is sent.
 *
 * Besides AWS's `arn:aws:sns:us-east-1:123456789012:name`, S3-compatible stores have their own
 * shapes: Ceph names topics `arn:aws:sns:default::name` (its zonegroup, and an empty account or
 * a tenant). So the region may be any zone name and the account may be empty or a tenant.
 */
import { InputError, type InputRef, optionalText, requiredText } from "../glue/clean";

const PARTITION = "aws(?:-cn|-us-gov|-iso(?:-[a-z])?)?";
const REGION = "[a-z0-9-]+";
const ACCOUNT = "[A-Za-z0-9_-]*";
const TOPIC_NAME = "[A-Za-z0-9_-]{1,256}(?:\\.fifo)?";

const TOPIC_ARN = new RegExp(`^arn:(${PARTITION}):sns:(${REGION}):(${ACCOUNT}):(${TOPIC_NAME})$`);
const SUBSCRIPTION_ARN = new RegExp(`^arn:${PARTITION}:sns:${REGION}:${ACCOUNT}:${TOPIC_NAME}:[A-Za-z0-9-]{1,100}$`);
const QUEUE_ARN = new RegExp(`^arn:${PARTITION}:sqs:${REGION}:${ACCOUNT}:[A-Za-z0-9_-]{1,80}(?:\\.fifo)?$`);
const FUNCTION_ARN = new RegExp(
  `^arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:[A-Za-z0-9_-]{1,140}(?::[A-Za-z0-9$_-]{1,128})?$`,
);

export const TOPIC_ARN_FORM =
  "arn:aws:sns:REGION:ACCOUNT_ID:TOPIC_NAME, e.g. arn:aws:sns:us-east-1:123456789012:s3-events";

export interface TopicArnParts {
  arn: string;
  partition: string;
  region: string;
  account: string;
  name: string;
}

export function parseTopicArn(arn: string): TopicArnParts | undefined {
  const match = TOPIC_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition = "aws", region = "", account = "", name = ""] = match;
  return { arn, partition, region, account, name };
}

export const isTopicArn = (arn: string): boolean => TOPIC_ARN.test(arn);
export const isQueueArn = (arn: string): boolean => QUEUE_ARN.test(arn);
export const isLambdaFunctionArn = (arn: string): boolean => FUNCTION_ARN.test(arn);

export function topicArn(ref: InputRef, value: unknown): string {
  const arn = requiredText(ref, value).trim();
  if (!isTopicArn(arn))
    throw new InputError(
      ref,
      `"${arn}" is not an SNS topic ARN; use the form ${TOPIC_ARN_FORM} (createTopic returns it).`,
    );
  return arn;
}

export function subscriptionArn(ref: InputRef, value: unknown): string {
  const arn = requiredText(ref, value).trim();
  if (arn.toLowerCase().startsWith("pending")) {
    throw new InputError(
      ref,
      "the subscription is still pending confirmation, so it has no ARN yet; use the ARN subscribeToTopic returned.",
    );
  }
  if (!SUBSCRIPTION_ARN.test(arn)) {
    throw new InputError(
      ref,
      `"${arn}" is not an SNS subscription ARN; use the form arn:aws:sns:REGION:ACCOUNT_ID:TOPIC_NAME:SUBSCRIPTION_ID (subscribeToTopic returns it).`,
    );
  }
  return arn;
}

/** A 12-digit AWS account id, or undefined when empty. */
export function optionalAccountId(ref: InputRef, value: unknown): string | undefined {
  const text = optionalText(ref, value)?.trim();
  if (text === undefined || text === "") return undefined;
  // The console shows account ids with dashes (1234-5678-9012).
  const id = text.replace(/-/g, "");
  if (!/^\d{12}$/.test(id))
    throw new InputError(ref, `must be a 12-digit AWS account ID such as 123456789012; got "${text}".`);
  return id;
}

export function accountId(ref: InputRef, value: unknown): string {
  const id = optionalAccountId(ref, value);
  if (id === undefined)
    throw new InputError(
      ref,
      "is required: the 12-digit AWS account ID that owns the bucket (Get Current Account returns it).",
    );
  return id;
}
