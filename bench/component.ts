/** The component's side of every benchmark case: its actions as the platform runs them (harness: input cleaning, error hook). */
import type { Connection } from "@prismatic-io/spectral";
import { createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../src";
import { s3Client } from "../src/aws/clients";
import { copyObjectAnySize } from "../src/transfer/objectCopy";
import {
  COPY_PART,
  getSize,
  patternBuffer,
  runChild,
  type Side,
  STREAM_PIECE,
  streamPiece,
  timed,
  type Work,
} from "./work";

const harness = createHarness(component);

function connection(work: Work): Connection {
  return {
    key: "apiKeySecret",
    configVarKey: "bench",
    fields: {
      accessKeyId: work.accessKeyId,
      secretAccessKey: work.secretAccessKey,
      endpoint: work.endpoint,
      forcePathStyle: "true",
    },
  };
}

async function action(
  key: string,
  work: Work,
  params: Record<string, unknown>,
  executionState: Record<string, unknown> = {},
) {
  return harness.action(
    key,
    { accessKey: connection(work), awsRegion: work.region, bucket: work.bucket, ...params },
    { executionState },
  );
}

const side: Side = {
  putObject: (work) => {
    const body = patternBuffer(work.size);
    return timed(() => action("putObject", work, { objectKey: "bench/put.bin", fileContents: body }));
  },
  getObject: (work) =>
    timed(() =>
      action("getObject", work, {
        objectKey: work.sourceKey,
        maxObjectSizeMiB: 500,
        range: `bytes=0-${getSize(work) - 1}`,
      }),
    ),
  uploadFromUrl: (work) =>
    timed(() =>
      action("uploadFromUrl", work, { allowPrivateNetwork: true, url: work.sourceUrl, objectKey: "bench/url.bin" }),
    ),
  "upload stream (8 MiB writes)": (work) =>
    timed(async () => {
      const created = await action("createUploadStream", work, { objectKey: "bench/stream.bin" });
      let state = created?.executionState ?? {};
      // The result is the stream's ID, as in the official component.
      const id = created?.data;
      for (let written = 0; written < work.size; written += STREAM_PIECE) {
        const piece = streamPiece(Math.min(STREAM_PIECE, work.size - written));
        state =
          (await action("writeUploadStream", work, { uploadId: id, fileContents: piece }, state))?.executionState ??
          state;
      }
      await action("closeUploadStream", work, { uploadId: id }, state);
    }),
  "copyObject (one CopyObject)": (work) =>
    timed(() =>
      action("copyObject", work, {
        sourceBucket: work.bucket,
        sourceKey: work.sourceKey,
        destinationBucket: work.bucket,
        destinationKey: "bench/copy.bin",
      }),
    ),
  // The path copyObject takes above 5 GiB, forced here at any size: 64 MiB parts, 8 at a time.
  "copy in parts (UploadPartCopy)": (work) =>
    timed(() =>
      copyObjectAnySize(
        s3Client({ accessKey: connection(work), awsRegion: work.region }),
        {
          source: { Bucket: work.bucket, Key: work.sourceKey },
          destination: { Bucket: work.bucket, Key: "bench/parts.bin" },
          metadataDirective: "COPY",
        },
        { multipartThresholdBytes: 0, partSize: COPY_PART, concurrency: 8 },
      ),
    ),
  "listObjects (fetchAll)": (work) =>
    timed(() => action("listObjects", work, { prefix: work.prefix, fetchAll: true, limit: work.keys.length })),
  deleteObjects: (work) => timed(() => action("deleteObjects", work, { objectKeys: work.keys })),
};

runChild(side, (work) => action("headBucket", work, {}));
