import { CompleteMultipartUploadCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { dataInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { uploadId } from "../../inputs/multipartInputs";
import { bucket, objectKey } from "../../inputs/objectInputs";
import { completedParts } from "../../rules/completedParts";
import { completedETag } from "../../transfer/multipart";
import { uploadedObjectSchema } from "../uploadedObjectSchema";

export const completeMultipartUpload = action({
  display: {
    label: "Complete Multipart Upload",
    description: "Complete a multipart upload",
    directions:
      "Assembles the uploaded parts into the object. Parts may be listed in any order; a list with gaps, duplicates or parts without an ETag is refused before anything is sent.",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKey,
    uploadId,
    // Data, as in the official component: a reference to a list from earlier steps passes as it is.
    parts: dataInput(
      {
        label: "Parts",
        comments:
          'Every part of the upload: the part records Upload Part returned ({"PartNumber": 1, "ETag": "..."}), or its whole results, or List Parts\' Parts, in any order.',
      },
      completedParts,
    ),
  },
  perform: async (_context, { bucket, objectKey, uploadId, parts, ...access }) => {
    const s3 = s3Client(access);
    const response = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: objectKey,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    const object = { Bucket: bucket, Key: objectKey, VersionId: response.VersionId };
    return {
      data: {
        ...response,
        ...object,
        ETag: await completedETag(s3, object, response.ETag),
        PartCount: parts.length,
      },
    };
  },
  outputSchema: out.dataSchema(
    out.record({ ...uploadedObjectSchema, ServerSideEncryption: out.optionalText(), PartCount: out.integer() }, [
      "$metadata",
      "Bucket",
      "Key",
      "PartCount",
    ]),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Key: "exports/2024/ledger.csv",
      VersionId: undefined,
      Location: "https://my-company-invoices.s3.us-east-2.amazonaws.com/exports/2024/ledger.csv",
      ETag: '"d96cf49f8c439501eb19c4728712345-3"',
      ServerSideEncryption: "AES256",
      PartCount: 3,
    },
  },
});
