import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { describeAwsError, errorMetadata } from "../../aws/errors";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { booleanInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket } from "../../inputs/objectInputs";

export const headBucket = action({
  display: {
    label: "Head Bucket",
    description: "Check whether a bucket exists and the connection may access it",
    directions:
      "Returns Exists: false when there is no such bucket; fails when the bucket exists but the credentials may not access it.",
  },
  inputs: {
    ...s3Access,
    bucket,
    failWhenMissing: booleanInput({
      label: "Fail When Missing",
      comments:
        "Off: a bucket that does not exist is an answer (Exists: false). On: the step fails with NotFound, as in Prismatic's own component.",
    }),
  },
  performSafety: "safe",
  perform: async (_context, { bucket, failWhenMissing, ...access }) => {
    try {
      const response = await s3Client(access).send(new HeadBucketCommand({ Bucket: bucket }));
      return { data: { ...response, Bucket: bucket, Exists: true } };
    } catch (error) {
      // A missing bucket is an answer here, not a failure, unless the flow relies on the failure.
      if (failWhenMissing || describeAwsError(error).status !== 404) throw error;
      return { data: { $metadata: errorMetadata(error), Bucket: bucket, Exists: false, BucketRegion: undefined } };
    }
  },
  outputSchema: out.dataSchema(
    out.awsResult({ Bucket: out.text(), Exists: out.flag(), BucketRegion: out.optionalText() }, ["Bucket", "Exists"]),
  ),
  examplePayload: {
    data: { $metadata: exampleMetadata(), Bucket: "my-company-invoices", Exists: true, BucketRegion: "us-east-2" },
  },
});
