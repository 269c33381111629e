import { CreateTopicCommand } from "@aws-sdk/client-sns";
import { action } from "@prismatic-io/spectral";
import { snsAccess } from "../../aws/accessInputs";
import { snsClient } from "../../aws/clients";
import { InputError, requiredText } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { textInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { tagsInput } from "../../inputs/tagsInput";
import { tagSet } from "../../rules/tags";

export const createTopic = action({
  display: {
    label: "Create SNS Topic For S3 Event Notification",
    description: "Create an SNS topic for S3 event notifications",
    directions:
      "Creates a standard topic in AWS Region (use the bucket's region: S3 only publishes to topics in its own region). Creating a topic that already exists with the same tags returns its ARN. Next: Update Topic Policy, Subscribe to Topic, Bucket SNS Event Trigger Configuration.",
  },
  inputs: {
    ...snsAccess,
    name: textInput(
      {
        label: "Name",
        comments: "The topic's name: 1 to 256 letters, digits, hyphens and underscores, e.g. invoices-s3-events.",
        required: true,
        example: "invoices-s3-events",
      },
      (ref, value) => {
        const name = requiredText(ref, value).trim();
        if (name.endsWith(".fifo"))
          throw new InputError(
            ref,
            `S3 event notifications cannot be sent to FIFO topics; use a name without .fifo (got "${name}").`,
          );
        if (!/^[A-Za-z0-9_-]{1,256}$/.test(name))
          throw new InputError(
            ref,
            `"${name}" is not a topic name: use 1 to 256 letters, digits, hyphens (-) and underscores (_).`,
          );
        return name;
      },
    ),
    tags: tagsInput(
      {
        label: "Tags",
        comments: "Key-value pairs to tag the topic with: at most 50, keys up to 128 characters, values up to 256.",
      },
      "topic",
    ),
  },
  perform: async (_context, { name, tags, ...access }) => {
    const response = await snsClient(access).send(
      new CreateTopicCommand({ Name: name, Tags: tags ? tagSet(tags) : undefined }),
    );
    return { data: { ...response, TopicArn: response.TopicArn ?? "" } };
  },
  outputSchema: out.dataSchema(
    out.awsResult({ TopicArn: out.text("The topic's ARN, for SNS Topic ARN in later steps.") }, ["TopicArn"]),
  ),
  examplePayload: {
    data: { $metadata: exampleMetadata(), TopicArn: "arn:aws:sns:us-east-1:123456789012:invoices-s3-events" },
  },
});
