/** SNS subscriptions: subscribe (endpoint checks per protocol), confirm by token, unsubscribe, list. */
import { randomBytes, randomUUID } from "node:crypto";
import type { Ctx } from "./context";
import { AwsError, invalidParameter } from "./errors";
import { sendQuery } from "./responses";
import { paginate, readEntryMap, requireParam } from "./snsParams";
import { lookupTopic } from "./snsTopics";
import type { FakeAwsState, SubscriptionState, TopicState } from "./state";
import { el, leaf } from "./xml";

const SNS_PROTOCOLS = new Set([
  "http",
  "https",
  "email",
  "email-json",
  "sms",
  "sqs",
  "application",
  "lambda",
  "firehose",
]);
/** Protocols AWS confirms at once; the others stay pending until ConfirmSubscription. */
const AUTO_CONFIRMED_PROTOCOLS = new Set(["sqs", "lambda", "firehose", "application", "sms"]);

function subscriptionMember(sub: SubscriptionState, accountId: string): string {
  return el(
    "member",
    leaf("SubscriptionArn", sub.confirmed ? sub.arn : "PendingConfirmation") +
      leaf("Owner", accountId) +
      leaf("Protocol", sub.protocol) +
      leaf("Endpoint", sub.endpoint) +
      leaf("TopicArn", sub.topicArn),
  );
}

function findSubscription(state: FakeAwsState, arn: string): { topic: TopicState; index: number } | undefined {
  for (const topic of state.topics.values()) {
    const index = topic.subscriptions.findIndex((s) => s.arn === arn);
    if (index >= 0) return { topic, index };
  }
  return undefined;
}

export function subscribe(state: FakeAwsState, ctx: Ctx): void {
  const topic = lookupTopic(state, requireParam(ctx, "TopicArn"));
  const protocol = requireParam(ctx, "Protocol");
  if (!SNS_PROTOCOLS.has(protocol))
    throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
  const endpoint = ctx.form.get("Endpoint") ?? "";
  if (endpoint === "") throw invalidParameter("Endpoint");
  if (
    (protocol === "http" && !/^http:\/\/\S+$/.test(endpoint)) ||
    (protocol === "https" && !/^https:\/\/\S+$/.test(endpoint)) ||
    ((protocol === "email" || protocol === "email-json") && !/^[^@\s]+@[^@\s]+$/.test(endpoint))
  ) {
    throw invalidParameter("Endpoint must match the specified protocol");
  }
  if (protocol === "sqs" && !/^arn:aws[a-z-]*:sqs:[^:]+:\d{12}:.+$/.test(endpoint))
    throw invalidParameter("SQS endpoint ARN");
  if (protocol === "lambda" && !/^arn:aws[a-z-]*:lambda:[^:]+:\d{12}:function:.+$/.test(endpoint)) {
    throw invalidParameter("Lambda endpoint ARN");
  }
  const returnArn = ctx.form.get("ReturnSubscriptionArn") === "true";
  const attributes = readEntryMap(ctx.form, "Attributes") ?? {};
  let sub = topic.subscriptions.find((s) => s.protocol === protocol && s.endpoint === endpoint);
  if (sub === undefined) {
    sub = {
      arn: `${topic.arn}:${randomUUID()}`,
      protocol,
      endpoint,
      confirmed: AUTO_CONFIRMED_PROTOCOLS.has(protocol),
      token: randomBytes(64).toString("hex"),
      topicArn: topic.arn,
      attributes,
    };
    topic.subscriptions.push(sub);
  }
  sendQuery(ctx, "Subscribe", leaf("SubscriptionArn", sub.confirmed || returnArn ? sub.arn : "pending confirmation"));
}

export function confirmSubscription(state: FakeAwsState, ctx: Ctx): void {
  const topic = lookupTopic(state, requireParam(ctx, "TopicArn"));
  const token = requireParam(ctx, "Token");
  const sub = topic.subscriptions.find((s) => s.token === token);
  if (sub === undefined) throw invalidParameter("Token");
  sub.confirmed = true;
  sendQuery(ctx, "ConfirmSubscription", leaf("SubscriptionArn", sub.arn));
}

export function unsubscribe(state: FakeAwsState, ctx: Ctx): void {
  const arn = requireParam(ctx, "SubscriptionArn");
  const parts = arn.split(":");
  if (parts.length !== 7 || parts[0] !== "arn" || parts[2] !== "sns") throw invalidParameter("SubscriptionArn");
  const found = findSubscription(state, arn);
  if (found === undefined) throw new AwsError(404, "NotFound", "Subscription does not exist");
  found.topic.subscriptions.splice(found.index, 1);
  found.topic.deletedCount += 1;
  sendQuery(ctx, "Unsubscribe", undefined);
}

export function listSubscriptionsByTopic(state: FakeAwsState, ctx: Ctx): void {
  const topic = lookupTopic(state, requireParam(ctx, "TopicArn"));
  const { page, next } = paginate(topic.subscriptions, ctx.form.get("NextToken"));
  sendQuery(
    ctx,
    "ListSubscriptionsByTopic",
    el("Subscriptions", page.map((sub) => subscriptionMember(sub, state.accountId)).join("")) +
      (next === undefined ? "" : leaf("NextToken", next)),
  );
}
