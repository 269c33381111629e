import { GetBucketLocationCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import * as out from "../../glue/outputSchema";
import { bucket } from "../../inputs/objectInputs";

/** S3 reports us-east-1 as an empty constraint and eu-west-1 by its legacy name EU. */
export function regionOfLocationConstraint(constraint: string | undefined): string {
  if (!constraint) return "us-east-1";
  if (constraint === "EU") return "eu-west-1";
  return constraint;
}

export const getBucketLocation = action({
  display: { label: "Get Bucket Location", description: "Get the location (AWS region) of a bucket by name" },
  inputs: { ...s3Access, bucket },
  performSafety: "safe",
  perform: async (_context, { bucket, ...access }) => {
    const response = await s3Client(access).send(new GetBucketLocationCommand({ Bucket: bucket }));
    return { data: regionOfLocationConstraint(response.LocationConstraint) };
  },
  outputSchema: out.dataSchema(out.text("The bucket's region, e.g. eu-west-1.")),
  examplePayload: { data: "us-east-1" },
});
