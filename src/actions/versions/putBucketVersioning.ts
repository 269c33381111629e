import { BucketVersioningStatus, PutBucketVersioningCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { requiredChoiceInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket } from "../../inputs/objectInputs";

export const putBucketVersioning = action({
  display: {
    label: "Put Bucket Versioning",
    description: "Turn versioning on or suspend it for a bucket",
    directions:
      "Enabled keeps every version of every object (deletes leave delete markers). Suspended stops keeping new versions; existing versions stay. A bucket can never go back to unversioned, and buckets with Object Lock cannot be suspended.",
  },
  inputs: {
    ...s3Access,
    bucket,
    versioningStatus: requiredChoiceInput({
      label: "Versioning Status",
      comments: "Enabled or Suspended.",
      choices: Object.values(BucketVersioningStatus),
    }),
  },
  perform: async (_context, { bucket, versioningStatus, ...access }) => {
    const response = await s3Client(access).send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: versioningStatus } }),
    );
    return { data: { $metadata: response.$metadata, Bucket: bucket, Status: versioningStatus } };
  },
  outputSchema: out.dataSchema(
    out.awsResult({ Bucket: out.text(), Status: out.oneOf(Object.values(BucketVersioningStatus)) }, [
      "Bucket",
      "Status",
    ]),
  ),
  examplePayload: { data: { $metadata: exampleMetadata(), Bucket: "my-company-invoices", Status: "Enabled" } },
});
