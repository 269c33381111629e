import { GetTopicAttributesCommand, SetTopicAttributesCommand } from "@aws-sdk/client-sns";
import { action } from "@prismatic-io/spectral";
import { snsAccess } from "../../aws/accessInputs";
import { snsClient } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { withComments } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucketOwnerAccountid, snsTopicArn } from "../../inputs/notificationInputs";
import { bucket } from "../../inputs/objectInputs";
import { bucketPublishStatement, parseTopicPolicy, withStatement } from "../../rules/topicPolicy";

export const updateTopicPolicy = action({
  display: {
    label: "Update SNS Topic Policy For S3 Event Notification",
    description: "Let a bucket publish its events to an SNS topic",
    directions:
      "Adds the statement that lets this bucket publish to the topic, or replaces it when it is already there (its Sid is AllowS3Publish-<bucket>). The owner's default statement and every other statement stay as they are.",
  },
  inputs: {
    ...snsAccess,
    snsTopicArn,
    bucket: withComments(bucket, "The bucket whose events will be published to the topic."),
    bucketOwnerAccountid,
  },
  perform: async (_context, { snsTopicArn, bucket, bucketOwnerAccountid, ...access }) => {
    const sns = snsClient(access);
    // A topic has one policy document that SetTopicAttributes replaces whole: read, change our statement, write.
    const current = await sns.send(new GetTopicAttributesCommand({ TopicArn: snsTopicArn }));
    const statement = bucketPublishStatement(snsTopicArn, bucket, bucketOwnerAccountid);
    const { policy, replaced } = withStatement(parseTopicPolicy(current.Attributes?.Policy, snsTopicArn), statement);
    const response = await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: snsTopicArn,
        AttributeName: "Policy",
        AttributeValue: JSON.stringify(policy),
      }),
    );
    return {
      data: { ...response, TopicArn: snsTopicArn, StatementId: statement.Sid, Replaced: replaced, Policy: policy },
    };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        TopicArn: out.text(),
        StatementId: out.text("The Sid of the statement that lets the bucket publish."),
        Replaced: out.flag("True when the statement was already there and was replaced."),
        Policy: out.awsResponse(
          {
            Version: out.text(),
            Id: out.text(),
            Statement: out.list(
              out.awsResponse({
                Sid: out.text(),
                Effect: out.oneOf(["Allow", "Deny"]),
                Principal: { type: ["string", "object"], description: "* or e.g. { Service: s3.amazonaws.com }." },
                Action: { type: ["string", "array"], items: out.text() },
                Resource: { type: ["string", "array"], items: out.text() },
                Condition: out.map(
                  out.map({ type: ["string", "number", "boolean", "array"] }),
                  "Condition operator, then condition key, then value(s).",
                ),
              }),
            ),
          },
          "The topic's whole access policy as written.",
        ),
      },
      ["TopicArn", "StatementId", "Replaced", "Policy"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      TopicArn: "arn:aws:sns:us-east-1:123456789012:invoices-s3-events",
      StatementId: "AllowS3Publish-my-company-invoices",
      Replaced: false,
      Policy: {
        Version: "2008-10-17",
        Id: "__default_policy_ID",
        Statement: [
          {
            Sid: "__default_statement_ID",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: [
              "SNS:GetTopicAttributes",
              "SNS:SetTopicAttributes",
              "SNS:AddPermission",
              "SNS:RemovePermission",
              "SNS:DeleteTopic",
              "SNS:Subscribe",
              "SNS:ListSubscriptionsByTopic",
              "SNS:Publish",
            ],
            Resource: "arn:aws:sns:us-east-1:123456789012:invoices-s3-events",
            Condition: { StringEquals: { "AWS:SourceOwner": "123456789012" } },
          },
          {
            Sid: "AllowS3Publish-my-company-invoices",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "SNS:Publish",
            Resource: "arn:aws:sns:us-east-1:123456789012:invoices-s3-events",
            Condition: {
              ArnLike: { "aws:SourceArn": "arn:aws:s3:::my-company-invoices" },
              StringEquals: { "aws:SourceAccount": "123456789012" },
            },
          },
        ],
      },
    },
  },
});
