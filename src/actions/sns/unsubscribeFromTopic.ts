import { UnsubscribeCommand } from "@aws-sdk/client-sns";
import { action } from "@prismatic-io/spectral";
import { snsAccess } from "../../aws/accessInputs";
import { snsClient } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { textInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { subscriptionArn } from "../../rules/arns";

export const unsubscribeFromTopic = action({
  display: {
    label: "Unsubscribe from a SNS Topic",
    description: "Unsubscribe an endpoint from an SNS topic",
  },
  inputs: {
    ...snsAccess,
    subscriptionArn: textInput(
      {
        label: "Subscription ARN",
        comments: "The subscription's ARN, as Subscribe to Topic returned it.",
        required: true,
        example: "arn:aws:sns:us-east-1:123456789012:invoices-s3-events:0f3a1c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
      },
      subscriptionArn,
    ),
  },
  perform: async (_context, { subscriptionArn, ...access }) => {
    const response = await snsClient(access).send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
    return { data: { ...response, SubscriptionArn: subscriptionArn } };
  },
  outputSchema: out.dataSchema(
    out.awsResult({ SubscriptionArn: out.text("The subscription that was removed.") }, ["SubscriptionArn"]),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      SubscriptionArn: "arn:aws:sns:us-east-1:123456789012:invoices-s3-events:0f3a1c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
    },
  },
});
