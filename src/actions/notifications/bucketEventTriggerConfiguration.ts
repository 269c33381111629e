import {
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
} from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { snsAccess } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { refOf, textInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { eventNotificationName, eventsList, prefix, snsTopicArn, suffix } from "../../inputs/notificationInputs";
import { bucket } from "../../inputs/objectInputs";
import { optionalAccountId } from "../../rules/arns";
import { keyFilter, upsertTopicConfiguration } from "../../rules/notificationConfig";
import {
  notificationConfigurationProperties,
  notificationConfigurationRequired,
  topicConfigurationSchema,
} from "./notificationSchemas";

export const bucketEventTriggerConfiguration = action({
  display: {
    label: "Bucket SNS Event Trigger Configuration",
    description: "Send a bucket's events to an SNS topic, keeping its other notifications",
    directions:
      "Adds the notification named Event Notification Name, or updates it if the bucket already has one of that name; every other notification of the bucket is kept. The topic's policy must let the bucket publish (Update Topic Policy).",
  },
  inputs: {
    ...snsAccess,
    bucket,
    snsTopicArn,
    eventsList,
    eventNotificationName,
    bucketOwnerAccountid: textInput(
      {
        label: "Bucket Owner Account ID",
        comments:
          "Optional: the 12-digit AWS account ID that must own the bucket; S3 refuses the change (403) when another account owns it.",
        example: "123456789012",
      },
      optionalAccountId,
    ),
    prefix,
    suffix,
  },
  perform: async (
    _context,
    { bucket, snsTopicArn, eventsList, eventNotificationName: id, bucketOwnerAccountid, prefix, suffix, ...access },
  ) => {
    const s3 = s3Client(access);
    const filter = keyFilter(prefix, suffix);
    const entry = {
      Id: id,
      TopicArn: snsTopicArn,
      Events: eventsList,
      ...(filter ? { Filter: filter } : {}),
    };
    const target = { Bucket: bucket, ExpectedBucketOwner: bucketOwnerAccountid };
    // S3 only replaces whole configurations: read it, change this one entry, write it back.
    const current = await s3.send(new GetBucketNotificationConfigurationCommand(target));
    const { configuration, replaced } = upsertTopicConfiguration(current, entry, refOf(eventNotificationName));
    const response = await s3.send(
      new PutBucketNotificationConfigurationCommand({ ...target, NotificationConfiguration: configuration }),
    );
    return {
      data: {
        ...response,
        Bucket: bucket,
        TopicConfiguration: entry,
        Replaced: replaced,
        NotificationConfiguration: configuration,
      },
    };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        TopicConfiguration: topicConfigurationSchema,
        Replaced: out.flag("True when an entry of this name was already there and was updated."),
        NotificationConfiguration: out.record(
          notificationConfigurationProperties,
          notificationConfigurationRequired,
          "The bucket's whole configuration now.",
        ),
      },
      ["Bucket", "TopicConfiguration", "Replaced", "NotificationConfiguration"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      TopicConfiguration: {
        Id: "new-invoices-to-prismatic",
        TopicArn: "arn:aws:sns:us-east-1:123456789012:s3-events",
        Events: ["s3:ObjectCreated:*"],
        Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "invoices/" }] } },
      },
      Replaced: false,
      NotificationConfiguration: {
        TopicConfigurations: [
          {
            Id: "new-invoices-to-prismatic",
            TopicArn: "arn:aws:sns:us-east-1:123456789012:s3-events",
            Events: ["s3:ObjectCreated:*"],
            Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "invoices/" }] } },
          },
        ],
        QueueConfigurations: [],
        LambdaFunctionConfigurations: [],
      },
    },
  },
});
