import { GetObjectLegalHoldCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { bucket, objectKey, versionId } from "../../inputs/objectInputs";
import { legalHoldOutput } from "./legalHoldOutput";
export const getObjectLegalHold = action({
  display: {
    label: "Get Object Legal Hold",
    description: "Get whether an object version is under a legal hold",
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
