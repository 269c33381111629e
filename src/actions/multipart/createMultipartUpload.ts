import { CreateMultipartUploadCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey } from "../../inputs/objectInputs";
import { writeOptionInputs, writeOptions } from "../../inputs/writeOptions";

export const createMultipartUpload = action({
  display: {
    label: "Create Multipart Upload",
    description: "Create a multipart upload",
    directions:
      "Starts an upload of parts: send each part with Upload Part (or hand out Generate Presigned URL for Multipart Uploads), then Complete Multipart Upload with the collected parts, or Abort Multipart Upload to discard them. Parts of an upload that is neither completed nor aborted are stored (and billed) until aborted.",
  },
  inputs: { ...s3Access, bucket, objectKey, ...writeOptionInputs },
  perform: async (_context, params) => {
    const { bucket, objectKey } = params;
    const response = await s3Client(params).send(
      new CreateMultipartUploadCommand({ ...writeOptions(params), Bucket: bucket, Key: objectKey }),
    );
    return {
      data: { ...response, Bucket: bucket, Key: objectKey, UploadId: response.UploadId ?? "" },
    };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        Key: out.text(),
        UploadId: out.text("Pass to Upload Part, Complete Multipart Upload and Abort Multipart Upload."),
        ServerSideEncryption: out.optionalText(),
      },
      ["Bucket", "Key", "UploadId"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Key: "exports/2024/ledger.csv",
      UploadId: "9DWJzLdFIcK05G2Yq.TNhJbCU57dDZyIRlO_tHcdFgYqWQgtu6XdASs7h.DJlcWk2M9vmEx72gXcS8q5SBu_12345ccg-",
      ServerSideEncryption: "AES256",
    },
  },
});
