import { action } from "@prismatic-io/spectral";
import { withComments } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { fileContents } from "../../inputs/objectInputs";
import { appendToStream, stateWith } from "../../transfer/uploads/uploadStreams";
import { EXAMPLE_STREAM_ID, exampleState, streamOfExecution, uploadId } from "./uploadStreamId";

export const writeUploadStream = action({
  display: {
    label: "Write Upload Stream",
    description: "Append a piece to an upload stream",
    directions:
      "Pieces are stored in the order they are written. The step waits while S3 catches up, and fails with S3's error if the upload has failed (the upload is then aborted).",
  },
  inputs: {
    uploadId,
    fileContents: withComments(fileContents, "The bytes to append: text or a file from an earlier step."),
  },
  perform: async (context, { uploadId, fileContents }) => {
    streamOfExecution(context.executionState, uploadId);
    const record = await appendToStream(uploadId, fileContents.data);
    return {
      data: { uploadStreamId: uploadId, Bucket: record.Bucket, Key: record.Key, BytesWritten: record.bytesWritten },
      executionState: stateWith(context.executionState, uploadId, record),
    };
  },
  outputSchema: out.dataSchema(
    out.record(
      {
        uploadStreamId: out.text(),
        Bucket: out.text(),
        Key: out.text(),
        BytesWritten: out.integer("Bytes written to the stream so far."),
      },
      ["uploadStreamId", "Bucket", "Key", "BytesWritten"],
    ),
  ),
  examplePayload: {
    data: {
      uploadStreamId: EXAMPLE_STREAM_ID,
      Bucket: "my-company-invoices",
      Key: "exports/2024/ledger.csv",
      BytesWritten: 10485760,
    },
    executionState: exampleState(10485760),
  },
});
