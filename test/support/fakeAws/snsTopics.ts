/** SNS topics: create (idempotent, as on AWS), attributes, listing, deletion and tags. */
import type { Ctx } from "./context";
import { AwsError, invalidParameter } from "./errors";
import { sendQuery } from "./responses";
import { paginate, readEntryMap, readTagList, requireParam } from "./snsParams";
import { DEFAULT_EFFECTIVE_DELIVERY_POLICY, defaultTopicPolicy, validateTopicAttribute } from "./snsTopicAttributes";
import type { FakeAwsState, TopicState } from "./state";
import { el, leaf } from "./xml";

export function topicArnFor(state: FakeAwsState, name: string): string {
  return `arn:aws:sns:${state.region}:${state.accountId}:${name}`;
}

export function lookupTopic(state: FakeAwsState, arn: string): TopicState {
  const parts = arn.split(":");
  if (parts.length !== 6 || parts[0] !== "arn" || parts[2] !== "sns") throw invalidParameter("TopicArn");
  const topic = state.topics.get(arn);
  if (topic === undefined) throw new AwsError(404, "NotFound", "Topic does not exist");
  return topic;
}

export function createTopic(state: FakeAwsState, ctx: Ctx): void {
  const name = requireParam(ctx, "Name");
  const attributes = readEntryMap(ctx.form, "Attributes") ?? {};
  const tags = readTagList(ctx.form, "Tags");
  const fifo = attributes.FifoTopic === "true";
  const nameOk =
    /^[A-Za-z0-9_-]{1,256}$/.test(fifo ? name.replace(/\.fifo$/, "") : name) && (!fifo || name.endsWith(".fifo"));
  if (!nameOk || name.length > 256) throw invalidParameter("Topic Name");
  for (const [k, v] of Object.entries(attributes)) validateTopicAttribute(k, v, true);
  const arn = topicArnFor(state, name);
  const existing = state.topics.get(arn);
  if (existing !== undefined) {
    for (const [k, v] of Object.entries(attributes)) {
      if (existing.attributes[k] !== v) {
        throw invalidParameter("Attributes Reason: Topic already exists with different attributes");
      }
    }
    if (tags !== undefined) {
      for (const [k, v] of Object.entries(tags)) {
        if (existing.tags[k] !== v) throw invalidParameter("Tags Reason: Topic already exists with different tags");
      }
    }
  } else {
    const topic: TopicState = {
      name,
      arn,
      attributes: {
        Policy: defaultTopicPolicy(arn, state.accountId),
        Owner: state.accountId,
        TopicArn: arn,
        DisplayName: "",
        EffectiveDeliveryPolicy: DEFAULT_EFFECTIVE_DELIVERY_POLICY,
        ...attributes,
      },
      subscriptions: [],
      tags: { ...(tags ?? {}) },
      deletedCount: 0,
    };
    state.topics.set(arn, topic);
  }
  sendQuery(ctx, "CreateTopic", leaf("TopicArn", arn));
}

export function getTopicAttributes(state: FakeAwsState, ctx: Ctx): void {
  const topic = lookupTopic(state, requireParam(ctx, "TopicArn"));
  const all: Record<string, string> = {
    ...topic.attributes,
    SubscriptionsConfirmed: String(topic.subscriptions.filter((s) => s.confirmed).length),
    SubscriptionsPending: String(topic.subscriptions.filter((s) => !s.confirmed).length),
    SubscriptionsDeleted: String(topic.deletedCount),
  };
  const entries = Object.entries(all)
    .map(([k, v]) => el("entry", leaf("key", k) + leaf("value", v)))
    .join("");
  sendQuery(ctx, "GetTopicAttributes", el("Attributes", entries));
}

export function setTopicAttributes(state: FakeAwsState, ctx: Ctx): void {
  const topic = lookupTopic(state, requireParam(ctx, "TopicArn"));
  const name = requireParam(ctx, "AttributeName");
  const value = ctx.form.get("AttributeValue") ?? "";
  validateTopicAttribute(name, value, false);
  topic.attributes[name] = value;
  sendQuery(ctx, "SetTopicAttributes", undefined);
}

export function listTopics(state: FakeAwsState, ctx: Ctx): void {
  const { page, next } = paginate([...state.topics.values()], ctx.form.get("NextToken"));
  sendQuery(
    ctx,
    "ListTopics",
    el("Topics", page.map((t) => el("member", leaf("TopicArn", t.arn))).join("")) +
      (next === undefined ? "" : leaf("NextToken", next)),
  );
}

export function deleteTopic(state: FakeAwsState, ctx: Ctx): void {
  // As on AWS, deleting a topic that does not exist is not an error.
  const arn = requireParam(ctx, "TopicArn");
  const parts = arn.split(":");
  if (parts.length !== 6 || parts[0] !== "arn" || parts[2] !== "sns") throw invalidParameter("TopicArn");
  state.topics.delete(arn);
  sendQuery(ctx, "DeleteTopic", undefined);
}

export function listTagsForResource(state: FakeAwsState, ctx: Ctx): void {
  const arn = requireParam(ctx, "ResourceArn");
  const topic = state.topics.get(arn);
  if (topic === undefined) throw new AwsError(404, "ResourceNotFound", "Resource does not exist");
  const members = Object.entries(topic.tags)
    .map(([k, v]) => el("member", leaf("Key", k) + leaf("Value", v)))
    .join("");
  sendQuery(ctx, "ListTagsForResource", el("Tags", members));
}
