/** The input naming an upload stream, and the check that it belongs to this execution. */
import { InputError, requiredText } from "../../glue/clean";
import { refOf, textInput } from "../../glue/inputKit";
import { type StreamRecord, stateWith, streamsIn } from "../../transfer/uploads/uploadStreams";

/** Placed as the official component's key: its write and close steps name the stream `uploadId`. */
export const uploadId = textInput(
  {
    label: "Upload Stream ID",
    comments: "The ID Create Upload Stream returned earlier in this execution (its whole result).",
    required: true,
    example: "upload-stream-3f0c…",
  },
  (ref, value) => requiredText(ref, value).trim(),
);

/** The stream's record in this execution's state; an id from another execution is refused before anything happens. */
export function streamOfExecution(state: Record<string, unknown>, id: string): StreamRecord {
  const record = streamsIn(state)[id];
  if (!record) {
    throw new InputError(
      refOf(uploadId),
      `no upload stream "${id}" is open in this execution. Create one with Create Upload Stream in the same execution and pass the ID it returned; a stream that was closed cannot be written to again.`,
    );
  }
  return record;
}

export const EXAMPLE_STREAM_ID = "upload-stream-3f0c2a9e-5d7b-4e52-9a61-0c1f2b3d4e5f";

/** The execution state an example step leaves: one open stream with this many bytes written. */
export function exampleState(bytesWritten: number): Record<string, unknown> {
  const record = {
    uploadStreamId: EXAMPLE_STREAM_ID,
    Bucket: "my-company-invoices",
    Key: "exports/2024/ledger.csv",
    bytesWritten,
    createdAt: "2024-03-08T22:20:41.000Z",
  };
  return stateWith({}, EXAMPLE_STREAM_ID, record);
}
