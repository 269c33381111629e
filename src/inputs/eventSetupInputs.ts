/**
 * The webhook trigger's optional inputs for setting up a bucket's events by itself when the
 * instance is deployed. With no Bucket, the trigger only receives what is already set up.
 */
import { awsRegion } from "../aws/accessInputs";
import { optionalText } from "../glue/clean";
import { connectionInput, placeInputs, textInput } from "../glue/inputKit";
import { bucketName } from "../rules/s3Names";
import { prefix, setupEventsList, suffix } from "./notificationInputs";

const optionalConnection = connectionInput({
  label: "Connection",
  comments:
    "Optional. An Amazon S3 connection: needed to set up the bucket's events on deploy; when given, SNS subscriptions are also confirmed through the SNS API with it instead of by visiting the SubscribeURL.",
});

const setupBucket = textInput(
  {
    label: "Bucket",
    comments:
      "Optional. When set (with a Connection), deploying the instance creates an SNS topic, lets this bucket publish to it, subscribes this flow's webhook and adds a notification to the bucket; deleting the instance removes exactly those again.",
    example: "my-company-invoices",
    dataSource: "selectBucket",
  },
  (ref, value) => (optionalText(ref, value)?.trim() ? bucketName(ref, value) : undefined),
);

export const eventSetupInputs = placeInputs({
  accessKey: optionalConnection,
  awsRegion,
  bucket: setupBucket,
  eventsList: setupEventsList,
  prefix,
  suffix,
});
