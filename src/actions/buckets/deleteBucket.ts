import { DeleteBucketCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Client } from "../../client";
import { bucket, s3Access } from "../../inputs";
import * as out from "../../outputSchema";
import { exampleMetadata } from "../../shape";

export const deleteBucket = action({
  display: {
    label: "Delete Bucket",
    description:
      "Deletes the S3 bucket. All objects in the bucket must be deleted before the bucket itself can be deleted",
  },
  inputs: { ...s3Access, bucket },
  perform: async (_context, { bucket, ...access }) => {
    const response = await s3Client(access).send(new DeleteBucketCommand({ Bucket: bucket }));
    return { data: { ...response, Bucket: bucket, Deleted: true } };
  },
  outputSchema: out.dataSchema(out.awsResult({ Bucket: out.text(), Deleted: out.flag() }, ["Bucket", "Deleted"])),
  examplePayload: { data: { $metadata: exampleMetadata(204), Bucket: "my-old-bucket", Deleted: true } },
});
