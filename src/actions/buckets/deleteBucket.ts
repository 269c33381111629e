import { DeleteBucketCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { bucket } from "../../inputs/objectInputs";

export const deleteBucket = action({
  display: {
    label: "Delete Bucket",
    description: "Delete an empty bucket (every object in it must be deleted first)",
  },
  inputs: { ...s3Access, bucket },
  perform: async (_context, { bucket, ...access }) => {
    const response = await s3Client(access).send(new DeleteBucketCommand({ Bucket: bucket }));
    return { data: { ...response, Bucket: bucket, Deleted: true } };
  },
  outputSchema: out.dataSchema(out.awsResult({ Bucket: out.text(), Deleted: out.flag() }, ["Bucket", "Deleted"])),
  examplePayload: { data: { $metadata: exampleMetadata(204), Bucket: "my-old-bucket", Deleted: true } },
});
