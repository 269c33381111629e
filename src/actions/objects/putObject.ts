import { PutObjectCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { bucket, fileContents, objectKey } from "../../inputs/objectInputs";
import { multipartThresholdMiB, transferInputs } from "../../inputs/transferInputs";
import { ifNoneMatch, writeOptionInputs, writeOptions } from "../../inputs/writeOptions";
import { MAX_PART_BYTES, MIB } from "../../rules/s3Limits";
import { partSizeFor } from "../../transfer/multipart";
import { uploadObject } from "../../transfer/uploads/uploadObject";

export const putObject = action({
  display: {
    label: "Put Object",
    description: "Write an object to a bucket",
    directions:
      "File Contents can be text, or a file from an earlier step (for example the output of an HTTP request or of Get Object). Bodies of Multipart Threshold or more are sent as a multipart upload in parallel parts; a failed multipart upload is aborted, leaving no parts behind.",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKey,
    fileContents,
    ...writeOptionInputs,
    ifNoneMatch,
    multipartThresholdMiB,
    ...transferInputs,
  },
  perform: async (_context, params) => {
    const {
      bucket,
      objectKey,
      fileContents,
      ifNoneMatch,
      multipartThresholdMiB,
      partSizeMiB,
      concurrency,
      ...options
    } = params;
    const s3 = s3Client(params);
    const request = {
      ...writeOptions({ ...options, contentType: options.contentType ?? fileContents.contentType }),
      Bucket: bucket,
      Key: objectKey,
      Body: fileContents.data,
      IfNoneMatch: ifNoneMatch ? "*" : undefined,
    };
    const size = fileContents.data.length;
    // Some S3-compatible stores (Ceph) ignore If-None-Match on CompleteMultipartUpload: with Do
    // Not Overwrite on, one PUT (up to 5 GiB) is the write every store checks.
    if (size >= multipartThresholdMiB * MIB && !(ifNoneMatch && size <= MAX_PART_BYTES)) {
      const uploaded = await uploadObject(s3, request, {
        partSize: partSizeFor(partSizeMiB, fileContents.data.length),
        concurrency,
      });
      return { data: uploaded };
    }
    const response = await s3.send(new PutObjectCommand({ ...request, ContentLength: fileContents.data.length }));
    return { data: { ...response, Bucket: bucket, Key: objectKey } };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        Key: out.text(),
        ETag: out.text(),
        VersionId: out.optionalText("Set in a versioned bucket."),
      },
      ["Bucket", "Key", "ETag"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Key: "invoices/2024/march.pdf",
      ETag: '"d41d8cd98f00b204e9800998ecf8427e"',
      VersionId: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo",
    },
  },
});
