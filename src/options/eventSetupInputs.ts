/**
 * The webhook trigger's optional inputs for setting up a bucket's events by itself when the
 * instance is deployed. With no Bucket, the trigger only receives what is already set up.
 */
import { type Connection, input } from "@prismatic-io/spectral";
import { optionalText, textList } from "../glue/clean";
import { awsRegion, textInput } from "../glue/inputKit";
import { eventNames } from "../rules/notificationConfig";
import { bucketName } from "../rules/s3Names";
import { eventsList, prefix, suffix } from "./notificationInputs";

const isConnection = (value: unknown): value is Connection =>
  typeof value === "object" &&
  value !== null &&
  "key" in value &&
  "fields" in value &&
  typeof value.fields === "object" &&
  value.fields !== null;

export const optionalConnection = input({
  label: "Connection",
  type: "connection",
  required: false,
  comments:
    "Optional. An Amazon S3 connection: needed to set up the bucket's events on deploy; when given, SNS subscriptions are also confirmed through the SNS API with it instead of by visiting the SubscribeURL.",
  clean: (value: unknown): Connection | undefined => (isConnection(value) ? value : undefined),
});

export const setupBucket = textInput(
  "bucket",
  {
    label: "Bucket",
    comments:
      "Optional. When set (with a Connection), deploying the instance creates an SNS topic, lets this bucket publish to it, subscribes this flow's webhook and adds a notification to the bucket; deleting the instance removes exactly those again.",
    example: "my-company-invoices",
    dataSource: "selectBucket",
  },
  (ref, value) => (optionalText(ref, value)?.trim() ? bucketName(ref, value) : undefined),
);

/** Only used by the setup, so receiving messages never needs it; empty means new objects. */
const setupEventsList = {
  ...eventsList,
  required: false,
  comments: `Optional, with Bucket: ${eventsList.comments ?? ""} Empty means s3:ObjectCreated:*.`,
  clean: (value: unknown) => {
    const ref = { key: "eventsList", label: eventsList.label };
    return textList(ref, value).length === 0 ? eventNames(ref, ["s3:ObjectCreated:*"]) : eventNames(ref, value);
  },
};

export const eventSetupInputs = {
  accessKey: optionalConnection,
  awsRegion,
  bucket: setupBucket,
  eventsList: setupEventsList,
  prefix,
  suffix,
};
