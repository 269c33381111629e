/**
 * Inputs for wiring bucket events to an SNS topic: shared by the notification and SNS actions
 * and by the SNS webhook trigger's setup, so they take and check the same values everywhere.
 */
import { InputError, type InputRef, optionalText, requiredText, textList } from "../glue/clean";
import { textInput, valueListInput } from "../glue/inputKit";
import { accountId, topicArn } from "../rules/arns";
import { eventNames } from "../rules/notificationConfig";

export const snsTopicArn = textInput(
  {
    label: "SNS Topic ARN",
    comments:
      "The topic's ARN, e.g. arn:aws:sns:us-east-1:123456789012:s3-events (Create Topic returns it). The topic must be in the region chosen in AWS Region.",
    required: true,
    example: "arn:aws:sns:us-east-1:123456789012:s3-events",
  },
  topicArn,
);

/** Placed as the official component's key, `bucketOwnerAccountid` (lower-case "id"): saved integrations refer to it. */
export const bucketOwnerAccountid = textInput(
  {
    label: "Bucket Owner Account ID",
    comments:
      "The 12-digit AWS account ID that owns the bucket (Get Current Account returns it). Only that account's bucket of this name may publish to the topic.",
    required: true,
    example: "123456789012",
  },
  accountId,
);

const eventsListComments =
  "The S3 events to notify about, e.g. s3:ObjectCreated:* (every new or overwritten object) or s3:ObjectRemoved:*. Names start with s3: and are case-sensitive.";

export const eventsList = valueListInput(
  { label: "Event Types", required: true, default: ["s3:ObjectCreated:*"], comments: eventsListComments },
  eventNames,
);

/** Only for the webhook trigger's own setup, so receiving messages never needs it; empty means new objects. */
export const setupEventsList = valueListInput(
  { label: "Event Types", comments: `Optional, with Bucket: ${eventsListComments} Empty means s3:ObjectCreated:*.` },
  (ref, value) =>
    textList(ref, value).length === 0 ? eventNames(ref, ["s3:ObjectCreated:*"]) : eventNames(ref, value),
);

export const eventNotificationName = textInput(
  {
    label: "Event Notification Name",
    comments:
      "The Id of this notification in the bucket's configuration, e.g. new-invoices-to-prismatic. Running again with the same name updates that entry; other entries are kept.",
    required: true,
    example: "new-invoices-to-prismatic",
  },
  (ref, value) => {
    const name = requiredText(ref, value).trim();
    if (name.length > 255) throw new InputError(ref, `is at most 255 characters; this one has ${name.length}.`);
    return name;
  },
);

/** A key filter value: S3 allows up to 1,024 bytes. */
function filterValue(ref: InputRef, value: unknown): string | undefined {
  const text = optionalText(ref, value);
  if (text !== undefined && Buffer.byteLength(text) > 1024) throw new InputError(ref, "is at most 1,024 bytes.");
  return text;
}

export const prefix = textInput(
  {
    label: "Key Prefix Filter",
    comments: "Only objects whose key starts with this, e.g. invoices/. Leave empty for every key.",
    example: "invoices/",
  },
  filterValue,
);

export const suffix = textInput(
  {
    label: "Key Suffix Filter",
    comments: "Only objects whose key ends with this, e.g. .pdf. Leave empty for every key.",
    example: ".pdf",
  },
  filterValue,
);
