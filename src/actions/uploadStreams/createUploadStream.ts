import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { integerInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey } from "../../inputs/objectInputs";
import { transferInputs } from "../../inputs/transferInputs";
import { writeOptionInputs, writeOptions } from "../../inputs/writeOptions";
import { partSizeFor } from "../../transfer/multipart";
import { openUploadStream, stateWith } from "../../transfer/uploads/uploadStreams";
import { EXAMPLE_STREAM_ID, exampleState } from "./uploadStreamId";

export const createUploadStream = action({
  display: {
    label: "Create Upload Stream",
    description: "Start an object that later steps write in pieces",
    directions:
      "Returns the stream's ID (the whole result, as in Prismatic's own component) for Write Upload Stream (any number of pieces, in order) and Close Upload Stream (which stores the object). Parts are sent as they fill, so memory stays small whatever the object's size. A stream that fails, is not written to for Idle Timeout, or is not closed before the execution ends is aborted and stores nothing.",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKey,
    ...writeOptionInputs,
    ...transferInputs,
    idleTimeoutSeconds: integerInput({
      label: "Idle Timeout (seconds)",
      comments: "The stream is aborted (nothing stored) when no piece is written for this long, 1 to 900 seconds.",
      min: 1,
      max: 900,
      fallback: 300,
    }),
  },
  perform: (context, params) => {
    const { bucket, objectKey, partSizeMiB, concurrency, idleTimeoutSeconds } = params;
    const record = openUploadStream(
      s3Client(params),
      { ...writeOptions(params), Bucket: bucket, Key: objectKey },
      { partSize: partSizeFor(partSizeMiB), concurrency },
      idleTimeoutSeconds * 1000,
    );
    return Promise.resolve({
      data: record.uploadStreamId,
      executionState: stateWith(context.executionState, record.uploadStreamId, record),
    });
  },
  outputSchema: out.dataSchema(
    out.text("The stream's ID: pass it as Upload Stream ID to Write Upload Stream and Close Upload Stream."),
  ),
  examplePayload: {
    data: EXAMPLE_STREAM_ID,
    executionState: exampleState(0),
  },
});
