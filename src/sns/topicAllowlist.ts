/**
 * Which SNS topics the webhook accepts messages from: full topic ARNs, or ARNs whose topic
 * name is `*` (every topic of that account and region). Accept Any Topic never widens topics
 * given explicitly: together they are a configuration error.
 */

import { InputError, type InputRef, textList } from "../glue/clean";
import { isTopicArn, TOPIC_ARN_FORM } from "../rules/arns";

const isPattern = (entry: string): boolean =>
  isTopicArn(entry) || (entry.endsWith(":*") && isTopicArn(`${entry.slice(0, -1)}x`));

/** Clean function for the allowlist input. */
export function topicArnPatterns(ref: InputRef, value: unknown): string[] {
  return textList(ref, value).map((entry) => {
    const pattern = entry.trim();
    if (!isPattern(pattern)) {
      throw new InputError(
        ref,
        `"${pattern}" is not an SNS topic ARN. Use ${TOPIC_ARN_FORM}, or * as the topic name for every topic of that account and region (arn:aws:sns:us-east-1:123456789012:*).`,
      );
    }
    return pattern;
  });
}

export function topicAllowed(topicArn: string, patterns: readonly string[]): boolean {
  if (!isTopicArn(topicArn)) return false;
  return patterns.some(
    (pattern) => pattern === topicArn || (pattern.endsWith(":*") && topicArn.startsWith(pattern.slice(0, -1))),
  );
}

export interface TopicTrust {
  expectedTopicArn?: string;
  allowedTopicArns: readonly string[];
  acceptAnyTopic: boolean;
}

/**
 * Refuses Accept Any Topic next to an explicit Topic ARN or Allowed Topic ARNs. Refused rather
 * than resolved either way: widening would accept topics the builder did not name, and
 * narrowing would silently ignore a switch the builder turned on.
 */
export function checkTopicTrust(trust: TopicTrust, inputs: Record<keyof TopicTrust, InputRef>): void {
  const explicit = [
    ...(trust.expectedTopicArn ? [named(inputs.expectedTopicArn)] : []),
    ...(trust.allowedTopicArns.length > 0 ? [named(inputs.allowedTopicArns)] : []),
  ];
  if (!trust.acceptAnyTopic || explicit.length === 0) return;
  throw new InputError(
    inputs.acceptAnyTopic,
    `is on while ${explicit.join(" and ")} ${explicit.length > 1 ? "name" : "names"} the topics to trust; the two contradict each other, so no message is accepted. Turn ${inputs.acceptAnyTopic.label} off to accept only the topics named there, or empty ${explicit.join(" and ")} to accept a correctly signed message from any topic.`,
  );
}

const named = (input: InputRef): string => `${input.label} (${input.key})`;
