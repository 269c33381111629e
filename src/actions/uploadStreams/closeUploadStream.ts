import { action } from "@prismatic-io/spectral";
import { exampleMetadata } from "../../glue/exampleMetadata";
import * as out from "../../glue/outputSchema";
import { finishStream, stateWith } from "../../transfer/uploads/uploadStreams";
import { uploadedObjectSchema } from "../uploadedObjectSchema";
import { EXAMPLE_STREAM_ID, streamOfExecution, uploadId } from "./uploadStreamId";

export const closeUploadStream = action({
  display: {
    label: "Close Upload Stream",
    description: "Finish an upload stream and store the object",
    directions:
      "Sends the last part and completes the upload. If the upload failed, the step fails with S3's error and nothing is stored.",
  },
  inputs: { uploadId },
  perform: async (context, { uploadId }) => {
    streamOfExecution(context.executionState, uploadId);
    const uploaded = await finishStream(uploadId);
    return {
      data: { uploadStreamId: uploadId, ...uploaded },
      executionState: stateWith(context.executionState, uploadId, undefined),
    };
  },
  outputSchema: out.dataSchema(
    out.record(
      { uploadStreamId: out.text(), ...uploadedObjectSchema, ContentLength: out.integer("The object's size.") },
      ["uploadStreamId", "Bucket", "Key", "ContentLength"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      uploadStreamId: EXAMPLE_STREAM_ID,
      Bucket: "my-company-invoices",
      Key: "exports/2024/ledger.csv",
      VersionId: undefined,
      Location: "https://my-company-invoices.s3.us-east-1.amazonaws.com/exports/2024/ledger.csv",
      ETag: '"d96cf49f8c439501eb19c4728712345-3"',
      ContentLength: 20971520,
    },
    executionState: { awsS3UploadStreams: {} },
  },
});
