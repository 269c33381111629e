/**
 * AWS tag rules, shared by object tags (on write and by the tagging actions) and SNS topic
 * tags: keys up to 128 characters, values up to 256, no "aws:" keys, and a cap per resource.
 */
import { InputError, type InputRef, keyValueRecord } from "../glue/clean";

/** An S3 object can have at most 10 tags; an SNS topic 50. */
export const TAG_LIMITS = { object: 10, topic: 50 } as const;

export type Tagged = keyof typeof TAG_LIMITS;

/** The tags of a key-value input as a record, or undefined when none were given. */
export function tagRecord(ref: InputRef, value: unknown, on: Tagged): Record<string, string> | undefined {
  const record = keyValueRecord(ref, value);
  if (!record) return undefined;
  const entries = Object.entries(record);
  const max = TAG_LIMITS[on];
  if (entries.length > max)
    throw new InputError(
      ref,
      `${on === "object" ? "an object" : "a topic"} can have at most ${max} tags; got ${entries.length}.`,
    );
  for (const [key, tagValue] of entries) {
    if ([...key].length > 128)
      throw new InputError(ref, `the tag key "${key.slice(0, 20)}…" is longer than 128 characters.`);
    if ([...tagValue].length > 256)
      throw new InputError(ref, `the value of tag "${key}" is longer than 256 characters.`);
    if (key.startsWith("aws:")) throw new InputError(ref, `tag keys starting with "aws:" are reserved; got "${key}".`);
  }
  return record;
}

/** The AWS wire form of tags (S3 and SNS alike): a list of { Key, Value }. */
export function tagSet(record: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(record).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * Tags as the x-amz-tagging header value (k=v&k2=v2). Percent-encoded (a space is %20): a `+`
 * from form encoding arrives as a literal `+` on stores that read the header strictly (Ceph).
 */
export function taggingHeader(tags: Iterable<readonly [string, string]>): string {
  return [...tags].map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&");
}
