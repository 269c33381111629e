import { PutObjectCommand } from "@aws-sdk/client-s3";
import { action, input } from "@prismatic-io/spectral";
import { dataPayload } from "../../clean";
import { s3Client } from "../../client";
import { booleanInput, bucket, connectionAndRegion, objectKey } from "../../inputs";
import { writeOptionInputs, writeOptions } from "../../writeOptions";

export const putObject = action({
  display: {
    label: "Put Object",
    description: "Write an object to S3",
    directions:
      "File Contents can be text, or a file from an earlier step (for example the output of an HTTP request or of Get Object).",
  },
  inputs: {
    ...connectionAndRegion,
    bucket,
    objectKey,
    fileContents: input({
      label: "File Contents",
      type: "data",
      required: true,
      comments: "The bytes to store: text, a file from an earlier step, or a JSON object (stored as JSON).",
      clean: (value: unknown) => dataPayload({ key: "fileContents", label: "File Contents" }, value),
    }),
    ...writeOptionInputs,
    ifNoneMatch: booleanInput("ifNoneMatch", {
      label: "Do Not Overwrite",
      comments: "When on, the write fails with PreconditionFailed if an object already exists at this key.",
    }),
  },
  perform: async (_context, params) => {
    const { connection, awsRegion, bucket, objectKey, fileContents, ifNoneMatch, ...options } = params;
    const request = writeOptions({ ...options, contentType: options.contentType ?? fileContents.contentType });
    const response = await s3Client(connection, awsRegion).send(
      new PutObjectCommand({
        ...request,
        Bucket: bucket,
        Key: objectKey,
        Body: fileContents.data,
        ContentLength: fileContents.data.length,
        IfNoneMatch: ifNoneMatch ? "*" : undefined,
      }),
    );
    return {
      data: { Bucket: bucket, Key: objectKey, ETag: response.ETag, VersionId: response.VersionId },
    };
  },
  examplePayload: {
    data: {
      Bucket: "my-company-invoices",
      Key: "invoices/2024/march.pdf",
      ETag: '"d41d8cd98f00b204e9800998ecf8427e"',
      VersionId: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo",
    },
  },
});
