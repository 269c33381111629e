import { GetBucketNotificationConfigurationCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { bucket } from "../../inputs/objectInputs";
import { fullConfiguration } from "../../rules/notificationConfig";
import { notificationConfigurationProperties, notificationConfigurationRequired } from "./notificationSchemas";

export const getBucketNotificationConfiguration = action({
  display: {
    label: "Get Bucket Notification Configuration",
    description: "Get the notification configuration of a bucket",
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
