/**
 * Inputs for wiring bucket events to an SNS topic: shared by the notification and SNS actions
 * and by the SNS webhook trigger's setup, so they take and check the same values everywhere.
 */
import { input } from "@prismatic-io/spectral";
import { InputError, optionalText, requiredText } from "../glue/clean";
import { textInput } from "../glue/inputKit";
import { accountId, topicArn } from "../rules/arns";
import { eventNames } from "../rules/notificationConfig";

export const snsTopicArn = textInput(
  "snsTopicArn",
  {
    label: "SNS Topic ARN",
    comments:
      "The topic's ARN, e.g. arn:aws:sns:us-east-1:123456789012:s3-events (Create Topic returns it). The topic must be in the region chosen in AWS Region.",
    required: true,
    example: "arn:aws:sns:us-east-1:123456789012:s3-events",
  },
  topicArn,
);

/** The official component's key, lower-case "id" included: saved integrations refer to it. */
export const bucketOwnerAccountidRef = { key: "bucketOwnerAccountid", label: "Bucket Owner Account ID" };

export const bucketOwnerAccountid = textInput(
  bucketOwnerAccountidRef.key,
  {
    label: bucketOwnerAccountidRef.label,
    comments:
      "The 12-digit AWS account ID that owns the bucket (Get Current Account returns it). Only that account's bucket of this name may publish to the topic.",
    required: true,
    example: "123456789012",
  },
  accountId,
);

const eventsListRef = { key: "eventsList", label: "Event Types" };

export const eventsList = input({
  label: eventsListRef.label,
  type: "string",
  collection: "valuelist",
  required: true,
  default: ["s3:ObjectCreated:*"],
  comments:
    "The S3 events to notify about, e.g. s3:ObjectCreated:* (every new or overwritten object) or s3:ObjectRemoved:*. Names start with s3: and are case-sensitive.",
  clean: (value: unknown) => eventNames(eventsListRef, value),
});

/** Named in errors about the entry's Id (for example an Id a queue entry already uses). */
export const eventNotificationNameRef = { key: "eventNotificationName", label: "Event Notification Name" };

export const eventNotificationName = textInput(
  eventNotificationNameRef.key,
  {
    label: eventNotificationNameRef.label,
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
function filterValue(ref: { key: string; label: string }, value: unknown): string | undefined {
  const text = optionalText(ref, value);
  if (text !== undefined && Buffer.byteLength(text) > 1024) throw new InputError(ref, "is at most 1,024 bytes.");
  return text;
}

export const prefix = textInput(
  "prefix",
  {
    label: "Key Prefix Filter",
    comments: "Only objects whose key starts with this, e.g. invoices/. Leave empty for every key.",
    example: "invoices/",
  },
  filterValue,
);

export const suffix = textInput(
  "suffix",
  {
    label: "Key Suffix Filter",
    comments: "Only objects whose key ends with this, e.g. .pdf. Leave empty for every key.",
    example: ".pdf",
  },
  filterValue,
);
