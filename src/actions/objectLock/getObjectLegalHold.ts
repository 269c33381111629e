import { GetObjectLegalHoldCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { bucket, objectKey, s3Access, versionId } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";

/** A version's legal hold, as both the get and the put actions report it. */
export const legalHoldOutput = out.dataSchema(
  out.awsResult(
    {
      Bucket: out.text(),
      Key: out.text(),
      VersionId: out.text("The version given in Version ID; absent for the current version."),
      LegalHold: out.record({ Status: out.oneOf(["ON", "OFF"], "ON while the version is under a legal hold.") }, [
        "Status",
      ]),
    },
    ["Bucket", "Key", "LegalHold"],
  ),
);

export const getObjectLegalHold = action({
  display: {
    label: "Get Object Legal Hold",
    description: "Gets whether an object version is under a legal hold",
    directions: "Fails with NoSuchObjectLockConfiguration when no legal hold was ever set on the version.",
  },
  inputs: { ...s3Access, bucket, objectKey, versionId },
  performSafety: "safe",
  perform: async (_context, { bucket, objectKey, versionId, ...access }) => {
    const response = await s3Client(access).send(
      new GetObjectLegalHoldCommand({ Bucket: bucket, Key: objectKey, VersionId: versionId }),
    );
    return { data: { ...response, Bucket: bucket, Key: objectKey, VersionId: versionId } };
  },
  outputSchema: legalHoldOutput,
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Key: "invoices/2024/march.pdf",
      VersionId: undefined,
      LegalHold: { Status: "ON" },
    },
  },
});
