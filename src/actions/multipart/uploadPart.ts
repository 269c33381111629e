import { UploadPartCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { dataPayload } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { dataInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { partNumber, uploadId } from "../../inputs/multipartInputs";
import { bucket, objectKey } from "../../inputs/objectInputs";

export const uploadPart = action({
  display: {
    label: "Upload Part",
    description: "Upload one part of a multipart upload",
    directions:
      "Every part but the last must be at least 5 MiB (S3 checks this when the upload is completed). Collect each result's part (in a loop's output, for example) and pass the list to Complete Multipart Upload; the order does not matter.",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKey,
    uploadId,
    partNumber,
    fileChunk: dataInput(
      { label: "File Chunk", comments: "The bytes of this part: text or a file from an earlier step." },
      dataPayload,
    ),
  },
  perform: async (_context, { bucket, objectKey, uploadId, partNumber, fileChunk, ...access }) => {
    const response = await s3Client(access).send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: objectKey,
        UploadId: uploadId,
        PartNumber: partNumber,
        Body: fileChunk.data,
        ContentLength: fileChunk.data.length,
      }),
    );
    return {
      data: {
        ...response,
        Size: fileChunk.data.length,
        part: { ETag: response.ETag, PartNumber: partNumber },
      },
    };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        ETag: out.text(),
        ServerSideEncryption: out.optionalText(),
        Size: out.integer("Bytes in this part."),
        part: out.record(
          { ETag: out.text(), PartNumber: out.integer() },
          ["ETag", "PartNumber"],
          "Collect these for Complete Multipart Upload.",
        ),
      },
      ["ETag", "Size", "part"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      ETag: '"266b7131485849fcefe583dcce071234"',
      ServerSideEncryption: "AES256",
      Size: 5242880,
      part: { ETag: '"266b7131485849fcefe583dcce071234"', PartNumber: 1 },
    },
  },
});
