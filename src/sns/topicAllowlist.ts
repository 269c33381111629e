/**
 * Which SNS topics the webhook accepts messages from: full topic ARNs, or ARNs whose topic
 * name is `*` (every topic of that account and region).
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
