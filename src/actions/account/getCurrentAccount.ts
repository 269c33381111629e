import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { stsClient } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";

export const getCurrentAccount = action({
  display: { label: "Get Current Account", description: "Get the current AWS account" },
  inputs: { ...s3Access },
  performSafety: "safe",
  perform: async (_context, { ...access }) => {
    return { data: await stsClient(access).send(new GetCallerIdentityCommand({})) };
  },
  outputSchema: out.dataSchema(
    out.awsResult({ Account: out.text("The 12-digit account id."), Arn: out.text(), UserId: out.text() }, [
      "Account",
      "Arn",
      "UserId",
    ]),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Account: "123456789012",
      Arn: "arn:aws:iam::123456789012:user/Alice",
      UserId: "AIDAJQABLZS4A3QDU576Q",
    },
  },
});
