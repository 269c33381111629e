import { AbortMultipartUploadCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { uploadId } from "../../inputs/multipartInputs";
import { bucket, objectKey } from "../../inputs/objectInputs";

export const abortMultipartUpload = action({
  display: {
    label: "Abort Multipart Upload",
    description: "Abort a multipart upload",
    directions:
      "Discards every part uploaded so far, so they are no longer stored or billed. The upload id cannot be used afterwards.",
  },
  inputs: { ...s3Access, bucket, objectKey, uploadId },
  perform: async (_context, { bucket, objectKey, uploadId, ...access }) => {
    const response = await s3Client(access).send(
      new AbortMultipartUploadCommand({ Bucket: bucket, Key: objectKey, UploadId: uploadId }),
    );
    return { data: { ...response, Bucket: bucket, Key: objectKey, UploadId: uploadId, Aborted: true } };
  },
  outputSchema: out.dataSchema(
    out.awsResult({ Bucket: out.text(), Key: out.text(), UploadId: out.text(), Aborted: out.flag() }, [
      "Bucket",
      "Key",
      "UploadId",
      "Aborted",
    ]),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(204),
      Bucket: "my-company-invoices",
      Key: "exports/2024/ledger.csv",
      UploadId: "9DWJzLdFIcK05G2Yq.TNhJbCU57dDZyIRlO_tHcdFgYqWQgtu6XdASs7h.DJlcWk2M9vmEx72gXcS8q5SBu_12345ccg-",
      Aborted: true,
    },
  },
});
