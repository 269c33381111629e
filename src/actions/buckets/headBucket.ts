import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Client } from "../../client";
import { describeAwsError } from "../../errors";
import { bucket, s3Access } from "../../inputs";
import * as out from "../../outputSchema";

export const headBucket = action({
  display: {
    label: "Head Bucket",
    description: "Determine if a bucket exists and if you have permission to access it",
    directions: "Returns Exists: false when there is no such bucket; fails when the bucket exists but the credentials may not access it.",
  },
  inputs: { ...s3Access, bucket },
  performSafety: "safe",
  perform: async (_context, { bucket, ...access }) => {
    try {
      const response = await s3Client(access).send(new HeadBucketCommand({ Bucket: bucket }));
      return { data: { Bucket: bucket, Exists: true, BucketRegion: response.BucketRegion } };
    } catch (error) {
      // A missing bucket is an answer here, not a failure.
      if (describeAwsError(error).status === 404) return { data: { Bucket: bucket, Exists: false, BucketRegion: undefined } };
      throw error;
    }
  },
  outputSchema: out.dataSchema(out.record({ Bucket: out.text(), Exists: out.flag(), BucketRegion: out.optionalText() }, ["Bucket", "Exists"])),
  examplePayload: { data: { Bucket: "my-company-invoices", Exists: true, BucketRegion: "us-east-2" } },
});
