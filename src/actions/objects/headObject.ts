import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey, versionId } from "../../inputs/objectInputs";

export const headObject = action({
  display: {
    label: "Head Object",
    description: "Get an object's metadata without its contents",
  },
  inputs: { ...s3Access, bucket, objectKey, versionId },
  performSafety: "safe",
  perform: async (_context, { bucket, objectKey, versionId, ...access }) => {
    const response = await s3Client(access).send(
      new HeadObjectCommand({ Bucket: bucket, Key: objectKey, VersionId: versionId }),
    );
    return { data: response };
  },
  outputSchema: out.dataSchema(
    out.awsResult({
      ContentLength: out.integer(),
      ContentType: out.text(),
      ETag: out.text(),
      LastModified: out.dateTime(),
      VersionId: out.text(),
      StorageClass: out.text(),
      ServerSideEncryption: out.text(),
      CacheControl: out.text(),
      ContentDisposition: out.text(),
      AcceptRanges: out.text(),
      Metadata: out.map(out.text(), "User metadata (x-amz-meta-*)."),
    }),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      AcceptRanges: "bytes",
      LastModified: new Date("2021-08-25T20:00:00.000Z"),
      ContentLength: 65338,
      ETag: '"266b7131485849fcefe583dcce654321"',
      ContentType: "image/jpeg",
      ServerSideEncryption: "AES256",
      Metadata: {},
    },
  },
});
