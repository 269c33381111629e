import { GetObjectLockConfigurationCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { bucket } from "../../inputs/objectInputs";
import { RETENTION_MODES } from "../../rules/objectLock";

export const getObjectLockConfiguration = action({
  display: {
    label: "Get Object Lock Configuration",
    description: "Get the Object Lock configuration of a bucket",
    directions: "Fails with ObjectLockConfigurationNotFoundError when Object Lock is not enabled on the bucket.",
  },
  inputs: { ...s3Access, bucket },
  performSafety: "safe",
  perform: async (_context, { bucket, ...access }) => {
    const response = await s3Client(access).send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    return { data: { ...response, Bucket: bucket } };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        ObjectLockConfiguration: out.record(
          {
            ObjectLockEnabled: out.oneOf(["Enabled"]),
            Rule: out.record(
              {
                DefaultRetention: out.record(
                  {
                    Mode: out.oneOf(RETENTION_MODES),
                    Days: out.integer("The period in days (or Years)."),
                    Years: out.integer("The period in years (or Days)."),
                    DefaultEventHold: out.record(
                      { Days: out.integer(), Years: out.integer() },
                      [],
                      "New versions get an event hold that protects them this long after it is released.",
                    ),
                  },
                  [],
                  "What every new object version gets: a retention (Mode with Days or Years), a default event hold, or both.",
                ),
              },
              [],
              "Absent when the bucket has no default retention.",
            ),
          },
          ["ObjectLockEnabled"],
        ),
      },
      ["Bucket", "ObjectLockConfiguration"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      ObjectLockConfiguration: {
        ObjectLockEnabled: "Enabled",
        Rule: { DefaultRetention: { Mode: "GOVERNANCE", Years: 2 } },
      },
    },
  },
});
