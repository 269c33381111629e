import { GetObjectRetentionCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey, versionId } from "../../inputs/objectInputs";
import { RETENTION_MODES } from "../../rules/objectLock";

export const getObjectRetention = action({
  display: {
    label: "Get Object Retention",
    description: "Get the retention of an object version",
    directions: "Fails with NoSuchObjectLockConfiguration when the version has no retention period.",
  },
  inputs: { ...s3Access, bucket, objectKey, versionId },
  performSafety: "safe",
  perform: async (_context, { bucket, objectKey, versionId, ...access }) => {
    const response = await s3Client(access).send(
      new GetObjectRetentionCommand({ Bucket: bucket, Key: objectKey, VersionId: versionId }),
    );
    return { data: { ...response, Bucket: bucket, Key: objectKey, VersionId: versionId } };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        Key: out.text(),
        VersionId: out.text("The version given in Version ID; absent for the current version."),
        Retention: out.record(
          {
            Mode: out.oneOf(RETENTION_MODES),
            RetainUntilDate: out.dateTime("The version is locked until then."),
            EventHold: out.oneOf(["ON", "OFF"], "ON while the version is under an event hold."),
            EventHoldDuration: out.record(
              { Days: out.integer(), Years: out.integer() },
              [],
              "How long the version stays locked after its event hold is released.",
            ),
          },
          [],
          "A retention period (Mode and RetainUntilDate), an event hold, or both.",
        ),
      },
      ["Bucket", "Key", "Retention"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Key: "invoices/2024/march.pdf",
      VersionId: undefined,
      Retention: { Mode: "COMPLIANCE", RetainUntilDate: new Date("2031-08-25T20:00:00.000Z") },
    },
  },
});
