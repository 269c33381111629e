import {
  GetBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
  PutBucketNotificationConfigurationCommand,
} from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { InputError } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { booleanInput, codeInput, refOf } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket } from "../../inputs/objectInputs";
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
import { notificationConfigurationProperties, notificationConfigurationRequired } from "./notificationSchemas";

const ENTRY_SHAPE =
  'Each entry: {"Id": "a-name", "%ARN%": "...", "Events": ["s3:ObjectCreated:*"], "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "images/"}]}}} (Id and Filter optional).';

/** JSON inputs, empty by default: no sample ARNs to delete or misroute by accident. */
const configurationInputs = {
  topicConfigurations: codeInput(
    {
      label: "Topic Configurations",
      comments: `A JSON list of SNS topic destinations. ${ENTRY_SHAPE.replace("%ARN%", "TopicArn")}`,
    },
    topicConfigurations,
  ),
  queueConfigurations: codeInput(
    {
      label: "Queue Configurations",
      comments: `A JSON list of SQS queue destinations. ${ENTRY_SHAPE.replace("%ARN%", "QueueArn")}`,
    },
    queueConfigurations,
  ),
  lambdaFunctionConfigurations: codeInput(
    {
      label: "Lambda Function Configurations",
      comments: `A JSON list of Lambda function destinations. ${ENTRY_SHAPE.replace("%ARN%", "LambdaFunctionArn")}`,
    },
    lambdaFunctionConfigurations,
  ),
  eventBridgeConfiguration: codeInput(
    {
      label: "EventBridge Configuration",
      comments: "{} sends every event of the bucket to Amazon EventBridge as well; leave empty to not.",
    },
    eventBridgeConfiguration,
  ),
};

const confirmRemoveAll = booleanInput({
  label: "Remove All Notifications",
  comments: "Must be on to send an empty configuration, which removes every notification of the bucket.",
});

export const putBucketNotificationConfiguration = action({
  display: {
    label: "Put Bucket Notification Configuration",
    description: "Replace the whole notification configuration of a bucket",
    directions:
      "Replaces the WHOLE configuration: entries not given here are removed. To add or update one SNS entry and keep the rest, use Bucket SNS Event Trigger Configuration. An empty configuration removes every notification and is refused unless Remove All Notifications is on.",
  },
  inputs: {
    ...s3Access,
    bucket,
    ...configurationInputs,
    confirmRemoveAll,
  },
  perform: async (_context, params) => {
    const { bucket, ...access } = params;
    withUniqueIds([
      { ref: refOf(configurationInputs.topicConfigurations), entries: params.topicConfigurations },
      { ref: refOf(configurationInputs.queueConfigurations), entries: params.queueConfigurations },
      { ref: refOf(configurationInputs.lambdaFunctionConfigurations), entries: params.lambdaFunctionConfigurations },
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
      if (!params.confirmRemoveAll) {
        throw new InputError(
          refOf(confirmRemoveAll),
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
