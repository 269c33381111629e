import { GetBucketVersioningCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { bucket } from "../../inputs/objectInputs";

export const getBucketVersioning = action({
  display: {
    label: "Get Bucket Versioning",
    description: "Get whether a bucket keeps object versions",
    directions: "Status is Enabled, Suspended, or Unversioned for a bucket that never had versioning turned on.",
  },
  inputs: { ...s3Access, bucket },
  performSafety: "safe",
  perform: async (_context, { bucket, ...access }) => {
    const response = await s3Client(access).send(new GetBucketVersioningCommand({ Bucket: bucket }));
    // S3 leaves Status out for buckets that were never versioned.
    return {
      data: {
        $metadata: response.$metadata,
        Bucket: bucket,
        Status: response.Status ?? "Unversioned",
        MFADelete: response.MFADelete,
      },
    };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        Status: out.oneOf(["Enabled", "Suspended", "Unversioned"], "Unversioned: versioning was never turned on."),
        MFADelete: out.oneOf(["Enabled", "Disabled"], "Present only when MFA delete was ever configured."),
      },
      ["Bucket", "Status"],
    ),
  ),
  examplePayload: {
    data: { $metadata: exampleMetadata(), Bucket: "my-company-invoices", Status: "Enabled", MFADelete: "Disabled" },
  },
});
