import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import * as out from "../../glue/outputSchema";
import { allBuckets } from "../../transfer/reads/allBuckets";

export const listBuckets = action({
  display: { label: "List Buckets", description: "List every bucket of the AWS account" },
  inputs: { ...s3Access },
  performSafety: "safe",
  perform: async (_context, { ...access }) => {
    const buckets = await allBuckets(s3Client(access));
    return { data: buckets.map(({ Name, CreationDate, BucketRegion }) => ({ Name, CreationDate, BucketRegion })) };
  },
  outputSchema: out.dataSchema(
    out.list(
      out.record({ Name: out.text(), CreationDate: out.dateTime(), BucketRegion: out.optionalText() }, ["Name"]),
    ),
  ),
  examplePayload: {
    data: [{ Name: "bucket-1", CreationDate: new Date("2024-03-08T23:30:22.000Z"), BucketRegion: "us-east-1" }],
  },
});
