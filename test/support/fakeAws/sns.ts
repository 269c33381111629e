/** The SNS actions this fake implements (awsQuery, `Version=2010-03-31`), by the request's `Action`. */
import type { Ctx } from "./context";
import { AwsError } from "./errors";
import { confirmSubscription, listSubscriptionsByTopic, subscribe, unsubscribe } from "./snsSubscriptions";
import {
  createTopic,
  deleteTopic,
  getTopicAttributes,
  listTagsForResource,
  listTopics,
  setTopicAttributes,
} from "./snsTopics";
import type { FakeAwsState } from "./state";

const SNS_HANDLERS = new Map<string, (state: FakeAwsState, ctx: Ctx) => void>([
  ["CreateTopic", createTopic],
  ["GetTopicAttributes", getTopicAttributes],
  ["SetTopicAttributes", setTopicAttributes],
  ["Subscribe", subscribe],
  ["ConfirmSubscription", confirmSubscription],
  ["Unsubscribe", unsubscribe],
  ["ListSubscriptionsByTopic", listSubscriptionsByTopic],
  ["ListTopics", listTopics],
  ["DeleteTopic", deleteTopic],
  ["ListTagsForResource", listTagsForResource],
]);

export function handleSns(state: FakeAwsState, ctx: Ctx, action: string): void {
  if (ctx.form.get("Version") !== "2010-03-31") {
    throw new AwsError(
      400,
      "InvalidAction",
      `Could not find operation ${action} for version ${ctx.form.get("Version") ?? "NO_VERSION_SPECIFIED"}`,
    );
  }
  const handler = SNS_HANDLERS.get(action);
  if (handler === undefined) {
    throw new AwsError(400, "InvalidAction", `The action ${action} is not valid for this web service.`);
  }
  handler(state, ctx);
}
