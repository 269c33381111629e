import {
  GetBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
  PutBucketNotificationConfigurationCommand,
} from "@aws-sdk/client-s3";
import { action, input } from "@prismatic-io/spectral";
import { s3Client } from "../../aws/clients";
import { InputError, type InputRef } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { booleanInput, bucket, s3Access } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import {
  eventBridgeConfiguration,
  fullConfiguration,
  isEmptyConfiguration,
  lambdaFunctionConfigurations,
  queueConfigurations,
  summarize,
  topicConfigurations,
  withUniqueIds,
} from "../../rules/notificationConfig";
import {
  notificationConfigurationProperties,
  notificationConfigurationRequired,
} from "./getBucketNotificationConfiguration";

const ENTRY_SHAPE =
  'Each entry: {"Id": "a-name", "%ARN%": "...", "Events": ["s3:ObjectCreated:*"], "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "images/"}]}}} (Id and Filter optional).';

const refs = {
  topicConfigurations: { key: "topicConfigurations", label: "Topic Configurations" },
  queueConfigurations: { key: "queueConfigurations", label: "Queue Configurations" },
  lambdaFunctionConfigurations: { key: "lambdaFunctionConfigurations", label: "Lambda Function Configurations" },
  eventBridgeConfiguration: { key: "eventBridgeConfiguration", label: "EventBridge Configuration" },
  confirmRemoveAll: { key: "confirmRemoveAll", label: "Remove All Notifications" },
} as const;

/** A JSON input (empty by default: no sample ARNs to delete or misroute by accident). */
function jsonInput<T>(ref: InputRef, comments: string, parse: (ref: InputRef, value: unknown) => T) {
  return input({
    label: ref.label,
    type: "code",
    language: "json",
    required: false,
    comments,
    clean: (value: unknown): T => parse(ref, value),
  });
}

export const putBucketNotificationConfiguration = action({
  display: {
    label: "Put Bucket Notification Configuration",
    description: "Replace an existing bucket notification configuration with a new one",
    directions:
      "Replaces the WHOLE configuration: entries not given here are removed. To add or update one SNS entry and keep the rest, use Bucket SNS Event Trigger Configuration. An empty configuration removes every notification and is refused unless Remove All Notifications is on.",
  },
  inputs: {
    ...s3Access,
    bucket,
    topicConfigurations: jsonInput(
      refs.topicConfigurations,
      `A JSON list of SNS topic destinations. ${ENTRY_SHAPE.replace("%ARN%", "TopicArn")}`,
      topicConfigurations,
    ),
    queueConfigurations: jsonInput(
      refs.queueConfigurations,
      `A JSON list of SQS queue destinations. ${ENTRY_SHAPE.replace("%ARN%", "QueueArn")}`,
      queueConfigurations,
    ),
    lambdaFunctionConfigurations: jsonInput(
      refs.lambdaFunctionConfigurations,
      `A JSON list of Lambda function destinations. ${ENTRY_SHAPE.replace("%ARN%", "LambdaFunctionArn")}`,
      lambdaFunctionConfigurations,
    ),
    eventBridgeConfiguration: jsonInput(
      refs.eventBridgeConfiguration,
      "{} sends every event of the bucket to Amazon EventBridge as well; leave empty to not.",
      eventBridgeConfiguration,
    ),
    confirmRemoveAll: booleanInput(refs.confirmRemoveAll.key, {
      label: refs.confirmRemoveAll.label,
      comments: "Must be on to send an empty configuration, which removes every notification of the bucket.",
    }),
  },
  perform: async (_context, params) => {
    const { bucket, confirmRemoveAll, ...access } = params;
    withUniqueIds([
      { ref: refs.topicConfigurations, entries: params.topicConfigurations },
      { ref: refs.queueConfigurations, entries: params.queueConfigurations },
      { ref: refs.lambdaFunctionConfigurations, entries: params.lambdaFunctionConfigurations },
    ]);
    const configuration: NotificationConfiguration = {
      TopicConfigurations: params.topicConfigurations,
      QueueConfigurations: params.queueConfigurations,
      LambdaFunctionConfigurations: params.lambdaFunctionConfigurations,
      EventBridgeConfiguration: params.eventBridgeConfiguration,
    };
    const s3 = s3Client(access);
    if (isEmptyConfiguration(configuration)) {
      const current = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
      // Replacing nothing with nothing changes nothing (and some stores, Ceph among them, refuse an empty configuration).
      if (isEmptyConfiguration(current))
        return { data: { $metadata: current.$metadata, Bucket: bucket, ...fullConfiguration(configuration) } };
      if (!confirmRemoveAll) {
        throw new InputError(
          refs.confirmRemoveAll,
          `every configuration input is empty, which would remove the bucket's ${summarize(current)}. Nothing was changed. Turn on Remove All Notifications to remove them, or give the configurations to keep.`,
        );
      }
    }
    const response = await s3.send(
      new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: configuration }),
    );
    return { data: { $metadata: response.$metadata, Bucket: bucket, ...fullConfiguration(configuration) } };
  },
  outputSchema: out.dataSchema(
    out.record(
      { $metadata: out.requestMetadata, Bucket: out.text(), ...notificationConfigurationProperties },
      ["$metadata", "Bucket", ...notificationConfigurationRequired],
      "The bucket's configuration now.",
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      TopicConfigurations: [
        {
          Id: "new-invoices",
          TopicArn: "arn:aws:sns:us-east-1:123456789012:s3-events",
          Events: ["s3:ObjectCreated:*"],
          Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "invoices/" }] } },
        },
      ],
      QueueConfigurations: [],
      LambdaFunctionConfigurations: [],
    },
  },
});
