import { BucketLocationConstraint, CreateBucketCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { awsRegion, s3Access } from "../../aws/accessInputs";
import { DEFAULT_REGION, s3Client } from "../../aws/clients";
import { InputError } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { booleanInput, refOf, textInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { newBucketName } from "../../rules/s3Names";

const isLocationConstraint = (region: string): region is BucketLocationConstraint =>
  Object.values<string>(BucketLocationConstraint).includes(region);

export const createBucket = action({
  display: {
    label: "Create Bucket",
    description: "Create a bucket in the chosen region",
    directions:
      "Bucket names are global across all AWS accounts. Object Lock can only be enabled when a bucket is created (it also turns on versioning).",
  },
  inputs: {
    ...s3Access,
    // New buckets get today's rules only; the legacy names other actions accept cannot be created.
    bucket: textInput(
      {
        label: "Bucket",
        comments: "The new bucket's name: 3 to 63 lowercase letters, digits, dots and hyphens, unique across AWS.",
        required: true,
        example: "my-new-bucket",
      },
      newBucketName,
    ),
    objectLockEnabled: booleanInput({
      label: "Enable Object Lock",
      comments: "Allow Object Lock retention and legal holds on this bucket's objects. Cannot be turned off later.",
    }),
  },
  perform: async (_context, { bucket, objectLockEnabled, ...access }) => {
    const region = access.awsRegion ?? DEFAULT_REGION;
    // us-east-1 is the one region that must not be named as a location constraint.
    if (region !== DEFAULT_REGION && !isLocationConstraint(region)) {
      throw new InputError(refOf(awsRegion), `S3 cannot create buckets in "${region}"; choose a region from the list.`);
    }
    const response = await s3Client(access).send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: isLocationConstraint(region) ? { LocationConstraint: region } : undefined,
        ObjectLockEnabledForBucket: objectLockEnabled || undefined,
      }),
    );
    return { data: { ...response, Bucket: bucket, Region: region, ObjectLockEnabled: objectLockEnabled } };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      { Bucket: out.text(), Location: out.optionalText(), Region: out.text(), ObjectLockEnabled: out.flag() },
      ["Bucket", "Region", "ObjectLockEnabled"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-new-bucket",
      Location: "/my-new-bucket",
      Region: "us-east-1",
      ObjectLockEnabled: false,
    },
  },
});
