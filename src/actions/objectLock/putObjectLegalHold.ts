import { ObjectLockLegalHoldStatus, PutObjectLegalHoldCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { requiredChoiceInput } from "../../glue/inputKit";
import { bucket, objectKey, versionId } from "../../inputs/objectInputs";
import { legalHoldOutput } from "./legalHoldOutput";

export const putObjectLegalHold = action({
  display: {
    label: "Put Object Legal Hold",
    description: "Place or remove a legal hold on an object version",
    directions:
      "A legal hold keeps a version from being deleted or overwritten, with no end date, until it is turned OFF. The bucket must have Object Lock enabled.",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKey,
    versionId,
    legalHoldStatus: requiredChoiceInput({
      label: "Legal Hold Status",
      comments: "ON places the hold; OFF lifts it (both need s3:PutObjectLegalHold).",
      choices: [ObjectLockLegalHoldStatus.ON, ObjectLockLegalHoldStatus.OFF],
    }),
  },
  perform: async (_context, { bucket, objectKey, versionId, legalHoldStatus, ...access }) => {
    const response = await s3Client(access).send(
      new PutObjectLegalHoldCommand({
        Bucket: bucket,
        Key: objectKey,
        VersionId: versionId,
        LegalHold: { Status: legalHoldStatus },
      }),
    );
    return {
      data: {
        ...response,
        Bucket: bucket,
        Key: objectKey,
        VersionId: versionId,
        LegalHold: { Status: legalHoldStatus },
      },
    };
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
