/** The output schema of a bucket's notification configuration, shared by the notification actions. */
import * as out from "../../glue/outputSchema";

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
