import { DeleteObjectTaggingCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Client } from "../../client";
import { bucket, connectionAndRegion, objectKey, versionId } from "../../inputs";
import * as out from "../../outputSchema";

export const deleteObjectTagging = action({
  display: { label: "Delete Object Tagging", description: "Remove every tag from an object" },
  inputs: { ...connectionAndRegion, bucket, objectKey, versionId },
  perform: async (_context, { connection, awsRegion, bucket, objectKey, versionId }) => {
    const response = await s3Client(connection, awsRegion).send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: objectKey, VersionId: versionId }));
    return { data: { Bucket: bucket, Key: objectKey, VersionId: response.VersionId ?? versionId } };
  },
  outputSchema: out.dataSchema(out.record({ Bucket: out.text(), Key: out.text(), VersionId: out.text("The version whose tags were removed (in a versioned bucket).") }, ["Bucket", "Key"])),
  examplePayload: { data: { Bucket: "my-company-invoices", Key: "invoices/2024/march.pdf", VersionId: undefined } },
});
