import { GetBucketNotificationConfigurationCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { bucket, s3Access } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { fullConfiguration } from "../../rules/notificationConfig";

const filterSchema = out.record(
  {
    Key: out.record(
      {
        FilterRules: out.list(
          out.record(
            { Name: out.text("prefix or suffix (AWS reads them back as Prefix, Suffix)."), Value: out.text() },
            ["Name", "Value"],
          ),
        ),
      },
      ["FilterRules"],
    ),
  },
  ["Key"],
  "Only keys that match every rule.",
);

/** One notification entry: an Id, the destination's ARN (in `arnField`), the events and an optional key filter. */
function entrySchema(arnField: string, arnDescription: string): out.Schema {
  return out.record(
    {
      Id: out.text("The entry's name, unique in the bucket's configuration."),
      [arnField]: out.text(arnDescription),
      Events: out.list(out.text(), "S3 event names, e.g. s3:ObjectCreated:*."),
      Filter: filterSchema,
    },
    [arnField, "Events"],
  );
}

export const topicConfigurationSchema = entrySchema("TopicArn", "The SNS topic S3 publishes to.");

/** A bucket's whole notification configuration, every list present: shared by the actions that read or write one. */
export const notificationConfigurationProperties = {
  TopicConfigurations: out.list(topicConfigurationSchema, "SNS topic destinations."),
  QueueConfigurations: out.list(entrySchema("QueueArn", "The SQS queue S3 sends to."), "SQS queue destinations."),
  LambdaFunctionConfigurations: out.list(
    entrySchema("LambdaFunctionArn", "The Lambda function S3 invokes."),
    "Lambda function destinations.",
  ),
  EventBridgeConfiguration: out.record(
    {},
    [],
    "{} when every event also goes to Amazon EventBridge; absent otherwise.",
  ),
};

export const notificationConfigurationRequired = [
  "TopicConfigurations",
  "QueueConfigurations",
  "LambdaFunctionConfigurations",
];

export const getBucketNotificationConfiguration = action({
  display: {
    label: "Get Bucket Notification Configuration",
    description: "Returns the notification configuration of a bucket",
    directions:
      "Every list is present (empty when the bucket has none of that kind); EventBridgeConfiguration is {} when events also go to EventBridge.",
  },
  inputs: { ...s3Access, bucket },
  performSafety: "safe",
  perform: async (_context, { bucket, ...access }) => {
    const response = await s3Client(access).send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    return { data: { $metadata: response.$metadata, Bucket: bucket, ...fullConfiguration(response) } };
  },
  outputSchema: out.dataSchema(
    out.record({ $metadata: out.requestMetadata, Bucket: out.text(), ...notificationConfigurationProperties }, [
      "$metadata",
      "Bucket",
      ...notificationConfigurationRequired,
    ]),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      TopicConfigurations: [
        { Id: "Topic", TopicArn: "arn:aws:sns:us-east-2:123456789012:Topic", Events: ["s3:ObjectRestore:*"] },
      ],
      QueueConfigurations: [
        { Id: "Queue", QueueArn: "arn:aws:sqs:us-east-2:123456789012:Queue", Events: ["s3:ObjectCreated:*"] },
      ],
      LambdaFunctionConfigurations: [
        {
          Id: "Lambda",
          LambdaFunctionArn: "arn:aws:lambda:us-east-2:123456789012:function:Function",
          Events: ["s3:ObjectRemoved:*"],
        },
      ],
    },
  },
});
