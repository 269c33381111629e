import { SubscribeCommand } from "@aws-sdk/client-sns";
import { action } from "@prismatic-io/spectral";
import { snsAccess } from "../../aws/accessInputs";
import { snsClient } from "../../aws/clients";
import { InputError, requiredText } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { textInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { snsTopicArn } from "../../inputs/notificationInputs";

export const subscribeToTopic = action({
  display: {
    label: "Subscribe to SNS Topic",
    description: "Subscribe an endpoint to an SNS topic for S3 event notifications",
    directions:
      "Subscribes an https endpoint, typically the URL of a flow that starts with the S3 SNS webhook trigger, which confirms the subscription. Returns the subscription's ARN right away, also while it awaits confirmation.",
  },
  inputs: {
    ...snsAccess,
    snsTopicArn,
    endpoint: textInput(
      {
        label: "Endpoint",
        comments: "The https URL SNS will deliver to, e.g. a flow's webhook URL.",
        required: true,
        example: "https://hooks.prismatic.io/trigger/SW5zdGFuY2VGbG93Q29uZmlnOjE=",
      },
      (ref, value) => {
        const text = requiredText(ref, value).trim();
        let url: URL;
        try {
          url = new URL(text);
        } catch {
          throw new InputError(
            ref,
            `"${text}" is not a URL; give an https URL such as https://hooks.example.com/s3-events.`,
          );
        }
        if (url.protocol !== "https:")
          throw new InputError(ref, `must be an https URL; got one starting with ${url.protocol}//.`);
        return text;
      },
    ),
  },
  perform: async (_context, { snsTopicArn, endpoint, ...access }) => {
    const response = await snsClient(access).send(
      // Without ReturnSubscriptionArn, a subscription awaiting confirmation comes back as "pending confirmation".
      new SubscribeCommand({
        TopicArn: snsTopicArn,
        Protocol: "https",
        Endpoint: endpoint,
        ReturnSubscriptionArn: true,
      }),
    );
    return { data: { ...response, SubscriptionArn: response.SubscriptionArn ?? "" } };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      { SubscriptionArn: out.text("The subscription's ARN (also while it awaits confirmation), for Unsubscribe.") },
      ["SubscriptionArn"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      SubscriptionArn: "arn:aws:sns:us-east-1:123456789012:invoices-s3-events:0f3a1c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
    },
  },
});
