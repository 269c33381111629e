/** SNS topic attributes: which may be set, how they are checked, and the defaults a new topic gets. */
import { invalidParameter } from "./errors";

const TOPIC_ATTRIBUTE_NAMES = new Set([
  "DeliveryPolicy",
  "DisplayName",
  "Policy",
  "FifoTopic",
  "ContentBasedDeduplication",
  "KmsMasterKeyId",
  "SignatureVersion",
  "TracingConfig",
  "ArchivePolicy",
  "FifoThroughputScope",
  "DataProtectionPolicy",
  ...["HTTP", "Firehose", "Lambda", "SQS", "Application"].flatMap((p) => [
    `${p}SuccessFeedbackRoleArn`,
    `${p}SuccessFeedbackSampleRate`,
    `${p}FailureFeedbackRoleArn`,
  ]),
]);

export const DEFAULT_EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: "linear",
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: "text/plain; charset=UTF-8" },
  },
});

/** The policy AWS attaches to a new topic. */
export function defaultTopicPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
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
        Resource: topicArn,
        Condition: { StringEquals: { "AWS:SourceOwner": accountId } },
      },
    ],
  });
}

export function validateTopicAttribute(name: string, value: string, creating: boolean): void {
  if (!TOPIC_ATTRIBUTE_NAMES.has(name)) throw invalidParameter("AttributeName");
  if ((name === "Policy" || name === "DeliveryPolicy" || name === "DataProtectionPolicy") && value !== "") {
    try {
      JSON.parse(value);
    } catch {
      throw invalidParameter(`${name}: failed to parse JSON`);
    }
  }
  if (name === "FifoTopic" && !creating) throw invalidParameter("AttributeName: FifoTopic can only be set at creation");
}
