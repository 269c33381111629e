import { DeleteObjectTaggingCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey, versionId } from "../../inputs/objectInputs";

export const deleteObjectTagging = action({
  display: { label: "Delete Object Tagging", description: "Remove every tag from an object" },
  inputs: { ...s3Access, bucket, objectKey, versionId },
  perform: async (_context, { bucket, objectKey, versionId, ...access }) => {
    const response = await s3Client(access).send(
      new DeleteObjectTaggingCommand({ Bucket: bucket, Key: objectKey, VersionId: versionId }),
    );
    return {
      data: {
        $metadata: response.$metadata,
        Bucket: bucket,
        Key: objectKey,
        VersionId: response.VersionId ?? versionId,
      },
    };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        Key: out.text(),
        VersionId: out.text("The version whose tags were removed (in a versioned bucket)."),
      },
      ["Bucket", "Key"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(204),
      Bucket: "my-company-invoices",
      Key: "invoices/2024/march.pdf",
      VersionId: undefined,
    },
  },
});
