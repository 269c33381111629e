import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey, versionId } from "../../inputs/objectInputs";

export const deleteObject = action({
  display: {
    label: "Delete Object",
    description: "Delete an object from a bucket",
    directions:
      "In a versioned bucket, deleting without a version id adds a delete marker; give a version id to remove that version for good.",
  },
  inputs: { ...s3Access, bucket, objectKey, versionId },
  perform: async (_context, { bucket, objectKey, versionId, ...access }) => {
    const response = await s3Client(access).send(
      new DeleteObjectCommand({ Bucket: bucket, Key: objectKey, VersionId: versionId }),
    );
    return { data: { ...response, Bucket: bucket, Key: objectKey, DeleteMarker: response.DeleteMarker ?? false } };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        Key: out.text(),
        DeleteMarker: out.flag("True when the delete added (or removed) a delete marker in a versioned bucket."),
        VersionId: out.optionalText("The version id of the delete marker, or of the version removed."),
        RequestCharged: out.optionalText(),
      },
      ["Bucket", "Key", "DeleteMarker"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(204),
      Bucket: "my-company-invoices",
      Key: "invoices/2024/march.pdf",
      DeleteMarker: true,
      VersionId: "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo",
      RequestCharged: undefined,
    },
  },
});
