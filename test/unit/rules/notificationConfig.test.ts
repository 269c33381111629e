/** Taking one entry out of a bucket's notification configuration, for undoing the trigger's event setup. */
import type { NotificationConfiguration } from "@aws-sdk/client-s3";
import { removeConfigurationById } from "../../../src/rules/notificationConfig";

describe("removeConfigurationById (for undoing a setup)", () => {
  it("removes exactly the entry with that Id and keeps every other entry", () => {
    const configuration: NotificationConfiguration = {
      TopicConfigurations: [
        { Id: "mine", TopicArn: "arn:aws:sns:us-east-1:123456789012:t", Events: ["s3:ObjectCreated:*"] },
        { Id: "theirs", TopicArn: "arn:aws:sns:us-east-1:123456789012:t", Events: ["s3:ObjectRemoved:*"] },
      ],
      QueueConfigurations: [
        { Id: "queue", QueueArn: "arn:aws:sqs:us-east-1:123456789012:q", Events: ["s3:ObjectCreated:*"] },
      ],
      LambdaFunctionConfigurations: [
        {
          Id: "lambda",
          LambdaFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:f",
          Events: ["s3:ObjectCreated:*"],
        },
      ],
      EventBridgeConfiguration: {},
    };
    expect(removeConfigurationById(configuration, "mine")).toEqual({
      removed: true,
      configuration: { ...configuration, TopicConfigurations: [configuration.TopicConfigurations?.[1]] },
    });
    expect(removeConfigurationById(configuration, "queue").configuration.QueueConfigurations).toEqual([]);
    expect(removeConfigurationById(configuration, "absent")).toEqual({ removed: false, configuration });
  });
});
