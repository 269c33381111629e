import { action, input } from "@prismatic-io/spectral";
import { dataPayload } from "../../clean";
import { stateWith, writeUploadStream as write } from "../../uploadStreams";
import { EXAMPLE_STREAM_ID, exampleState, streamOfExecution, uploadStreamId } from "./uploadStreamId";
import * as out from "../../outputSchema";

export const writeUploadStream = action({
  display: {
    label: "Write Upload Stream",
    description: "Append a piece to an upload stream",
    directions: "Pieces are stored in the order they are written. The step waits while S3 catches up, and fails with S3's error if the upload has failed (the upload is then aborted).",
  },
  inputs: {
    uploadStreamId,
    data: input({
      label: "Data",
      type: "data",
      required: true,
      comments: "The bytes to append: text or a file from an earlier step.",
      clean: (value: unknown) => dataPayload({ key: "data", label: "Data" }, value),
    }),
  },
  perform: async (context, { uploadStreamId, data }) => {
    streamOfExecution(context.executionState, uploadStreamId);
    const record = await write(uploadStreamId, data.data);
    return {
      data: { uploadStreamId, Bucket: record.Bucket, Key: record.Key, BytesWritten: record.bytesWritten },
      executionState: stateWith(context.executionState, uploadStreamId, record),
    };
  },
  outputSchema: out.dataSchema(
    out.record(
      { uploadStreamId: out.text(), Bucket: out.text(), Key: out.text(), BytesWritten: out.integer("Bytes written to the stream so far.") },
      ["uploadStreamId", "Bucket", "Key", "BytesWritten"],
    ),
  ),
  examplePayload: {
    data: { uploadStreamId: EXAMPLE_STREAM_ID, Bucket: "my-company-invoices", Key: "exports/2024/ledger.csv", BytesWritten: 10485760 },
    executionState: exampleState(10485760),
  },
});
