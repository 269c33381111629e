/**
 * Confirming an SNS subscription: through the SNS ConfirmSubscription API when the trigger
 * has a connection, otherwise by a GET of the message's SubscribeURL, which must be SNS's own
 * confirmation URL for this very topic and token (checked as text before any request).
 */
import { ConfirmSubscriptionCommand } from "@aws-sdk/client-sns";
import type { Connection } from "@prismatic-io/spectral";
import { snsClient } from "../aws/clients";
import { parseTopicArn } from "../rules/arns";
import { boundedGet, GetFailure } from "./boundedGet";
import { Refusal } from "./refusal";
import { snsQueryUrl } from "./snsHosts";
import type { SnsNotification, SnsSubscriptionMessage } from "./snsMessage";

const CONFIRM_LIMITS = { timeoutMs: 5_000, maxBytes: 16 * 1024 } as const;
const API_TIMEOUT_MS = 10_000;

export interface Confirmation {
  SubscriptionArn?: string;
  ConfirmedThrough: "ConfirmSubscription API" | "SubscribeURL";
}

/** Why the SubscribeURL is not SNS's confirmation URL for this message, or undefined. */
export function subscribeUrlProblem(message: SnsSubscriptionMessage): string | undefined {
  const url = snsQueryUrl(message.SubscribeURL);
  if (!url) return "the SubscribeURL is not https://sns.<region>.<AWS domain>/?Action=ConfirmSubscription…";
  if (url.region !== parseTopicArn(message.TopicArn)?.region)
    return "the SubscribeURL is in another region than the topic";
  if (url.query.get("Action") !== "ConfirmSubscription") return "the SubscribeURL does not confirm a subscription";
  if (url.query.get("TopicArn") !== message.TopicArn) return "the SubscribeURL names another topic";
  if (url.query.get("Token") !== message.Token) return "the SubscribeURL carries another token";
  return undefined;
}

/**
 * The UnsubscribeURL of a notification when it is SNS's own link for a subscription of this
 * very topic; SNS does not sign it, so anyone who delivers the message first could replace it.
 */
export function verifiedUnsubscribeUrl(message: SnsNotification): string | undefined {
  const url = message.UnsubscribeURL === undefined ? undefined : snsQueryUrl(message.UnsubscribeURL);
  if (!url || url.region !== parseTopicArn(message.TopicArn)?.region || url.query.get("Action") !== "Unsubscribe")
    return undefined;
  return url.query.get("SubscriptionArn")?.startsWith(`${message.TopicArn}:`) ? message.UnsubscribeURL : undefined;
}

export async function confirmSubscription(
  message: SnsSubscriptionMessage,
  connection: Connection | undefined,
): Promise<Confirmation> {
  if (connection) {
    const region = parseTopicArn(message.TopicArn)?.region;
    const response = await snsClient({ accessKey: connection, awsRegion: region }).send(
      // Only signed requests may then end the subscription, not anyone holding the unsubscribe link.
      new ConfirmSubscriptionCommand({
        TopicArn: message.TopicArn,
        Token: message.Token,
        AuthenticateOnUnsubscribe: "true",
      }),
      { abortSignal: AbortSignal.timeout(API_TIMEOUT_MS) },
    );
    return { SubscriptionArn: response.SubscriptionArn, ConfirmedThrough: "ConfirmSubscription API" };
  }
  const problem = subscribeUrlProblem(message);
  if (problem) throw new Refusal(403, problem);
  let answer: Buffer;
  try {
    answer = await boundedGet(new URL(message.SubscribeURL), CONFIRM_LIMITS);
  } catch (error) {
    if (error instanceof GetFailure) {
      throw new Error(
        `Confirming the subscription to ${message.TopicArn} failed: ${error.message}. SNS sends the confirmation again; or confirm it in the SNS console.`,
      );
    }
    throw error;
  }
  const arn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(answer.toString("utf8"))?.[1];
  return { SubscriptionArn: arn, ConfirmedThrough: "SubscribeURL" };
}
