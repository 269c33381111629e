/**
 * Decides whether a webhook request is a genuine, fresh SNS message from an allowed topic.
 * Everything that needs no network (shape, topic, signature version, certificate URL, age)
 * is checked first; only then is the signing certificate fetched (or read from the cache)
 * and the signature verified; a replayed MessageId is refused last, after the signature, so
 * forged requests cannot fill the replay memory.
 */
import type { TriggerPayload } from "@prismatic-io/spectral";
import type { InputRef } from "../glue/clean";
import { echoed } from "../glue/echo";
import { isTopicArn } from "../rules/arns";
import { Refusal } from "./refusal";
import { capacityFor, claimMessage, type ReplayMemory } from "./replayMemory";
import { certificateUrlProblem, signingCertificates } from "./signingCertificate";
import { headerValue, parseSnsMessage, requestBodyText, type SnsMessage } from "./snsMessage";
import { signatureDigest, signatureMatches } from "./snsSignature";
import { topicAllowed } from "./topicAllowlist";

export interface VerificationPolicy {
  /** Topic ARN (the official component's one trusted topic), if set. */
  expectedTopicArn?: string;
  /** The allowlist input; with no Topic ARN either, only the topic of the trigger's own event setup. */
  allowedTopicArns: readonly string[];
  /** The official component's behaviour without a Topic ARN: any topic whose message SNS signed; never widens given topics. */
  acceptAnyTopic: boolean;
  ownTopicArn?: string;
  /** The trigger sets up its own topic, but the instance's deploy has not recorded it yet. */
  setupPending: boolean;
  maxMessageAgeSeconds: number;
  /** Refuse SignatureVersion 1 (SHA1withRSA). */
  requireSignatureVersion2: boolean;
  /** The inputs a refusal names as the fix. */
  inputs: Record<
    "expectedTopicArn" | "allowedTopicArns" | "requireSignatureVersion2" | "maxMessageAgeSeconds",
    InputRef
  >;
}

const named = (input: InputRef): string => `${input.label} (${input.key})`;

/** SNS and our clocks may disagree a little; a message from further in the future is forged or broken. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Verifies the message and claims its MessageId (see replayMemory), which the caller releases if it cannot act on it. */
export async function verifiedSnsMessage(
  payload: TriggerPayload,
  policy: VerificationPolicy,
  memory: ReplayMemory,
  now = Date.now(),
): Promise<SnsMessage> {
  const message = parseSnsMessage(requestBodyText(payload), headerValue(payload, "x-amz-sns-message-type"));

  const given = [...(policy.expectedTopicArn ? [policy.expectedTopicArn] : []), ...policy.allowedTopicArns];
  const allowed = given.length > 0 ? given : policy.ownTopicArn ? [policy.ownTopicArn] : [];
  // Topics given explicitly are checked even with acceptAnyTopic (which the trigger refuses next to them).
  if (!policy.acceptAnyTopic || given.length > 0) {
    if (allowed.length === 0 && policy.setupPending) {
      // SNS asks for confirmation as soon as the deploy subscribes, possibly before the deploy has
      // saved the topic; a 5xx makes SNS send it again a little later.
      throw new Refusal(
        503,
        "the trigger's event setup is not saved yet (the instance is still being deployed); SNS will retry",
      );
    }
    if (!isTopicArn(message.TopicArn)) throw new Refusal(403, "the message's TopicArn is not an SNS topic ARN");
    if (!topicAllowed(message.TopicArn, allowed))
      throw new Refusal(403, untrustedTopic(message.TopicArn, allowed.length === 0, policy.inputs));
  }

  if (signatureDigest(message.SignatureVersion) === undefined)
    throw new Refusal(403, "the SignatureVersion is neither 1 nor 2");
  if (policy.requireSignatureVersion2 && message.SignatureVersion !== "2") {
    throw new Refusal(
      403,
      `the message is signed with SignatureVersion 1 (SHA1), which ${named(policy.inputs.requireSignatureVersion2)} refuses; set the topic's SignatureVersion attribute to 2`,
    );
  }
  const urlProblem = certificateUrlProblem(message.SigningCertURL);
  if (urlProblem) throw new Refusal(403, urlProblem);

  const sent = Date.parse(message.Timestamp);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(message.Timestamp) || Number.isNaN(sent))
    throw new Refusal(400, "the Timestamp is not an ISO 8601 time");
  const ageSeconds = Math.round((now - sent) / 1000);
  if (now - sent > policy.maxMessageAgeSeconds * 1000) {
    throw new Refusal(
      403,
      `the message is ${ageSeconds} s old, older than the ${policy.maxMessageAgeSeconds} s allowed (${policy.inputs.maxMessageAgeSeconds.key})`,
    );
  }
  if (sent - now > MAX_CLOCK_SKEW_MS) throw new Refusal(403, "the message's Timestamp is in the future");
  if (sent < memory.horizonMs) {
    throw new Refusal(
      403,
      `the message was sent before ${new Date(memory.horizonMs).toISOString()}, older than what the replay memory still covers: more than ${capacityFor(policy.maxMessageAgeSeconds).toLocaleString("en-US")} messages arrived within ${policy.maxMessageAgeSeconds} s (${policy.inputs.maxMessageAgeSeconds.key}), so it cannot tell a replay from a late delivery`,
    );
  }

  const certificate = await signingCertificates.get(message.SigningCertURL);
  if (!signatureMatches(message, certificate)) throw new Refusal(403, "the signature does not match the message");

  // Checked and claimed with no await in between: a concurrent delivery of the same message sees the claim.
  if (!claimMessage(memory, message.MessageId, sent, now - policy.maxMessageAgeSeconds * 1000)) {
    throw new Refusal(409, `the message ${echoed(message.MessageId, 80)} was already received`);
  }
  return message;
}

/** Why a topic was refused, and the input that trusts it (the ARN has the topic ARN form, so it is short and plain). */
function untrustedTopic(arn: string, nothingTrusted: boolean, inputs: VerificationPolicy["inputs"]): string {
  const topicArn = echoed(arn, 300);
  const fix = `set ${named(inputs.expectedTopicArn)} to ${topicArn}, or add it to ${named(inputs.allowedTopicArns)}`;
  return nothingTrusted
    ? `the trigger trusts no SNS topic yet, so the message from ${topicArn} was refused: ${fix}; or give the trigger a Bucket so it sets up the bucket's events (and its own topic) when the instance is deployed`
    : `the topic ${topicArn} is not one the trigger trusts: ${fix}`;
}
