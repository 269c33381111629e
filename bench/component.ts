/** The component's side of every benchmark case: its actions as the platform runs them (harness: input cleaning, error hook). */
import { createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../src";
import { s3Client } from "../src/aws/clients";
import { isRecord } from "../src/glue/guards";
import { copyObjectAnySize } from "../src/transfer/copies/copyObjectAnySize";
import { accessOf, connectionOf, type End } from "./connection";
import {
  COPY_PART,
  getSize,
  keysPrefix,
  MIB,
  PREFIX_COPY_CONCURRENCY,
  PREFIX_DELETE_CONCURRENCY,
  patternBuffer,
  runChild,
  type Side,
  STREAM_PIECE,
  streamPiece,
  TRANSFER_CONCURRENCY,
  TRANSFER_PART,
  TREE,
  timed,
  treeCopyPrefix,
  type Work,
} from "./work";

const harness = createHarness(component);

const connection = (work: Work, end: End = "source") => connectionOf(accessOf(work, end));

/** The two sides of a move, as two connections that are not the same credentials: the bytes stream through. */
const crossSides = (work: Work) => ({
  sourceConnection: connection(work, "source"),
  sourceRegion: work.region,
  destinationConnection: connection(work, "destination"),
  destinationRegion: work.region,
});

/** The action's result data, checked to hold `expected` (the work was done, and done the way the case measures). */
function expect(result: unknown, expected: Record<string, unknown>, what: string): void {
  const data = isRecord(result) && isRecord(result.data) ? result.data : {};
  const found = (path: string): unknown =>
    path.split(".").reduce<unknown>((value, name) => (isRecord(value) ? value[name] : undefined), data);
  for (const [path, value] of Object.entries(expected)) {
    if (found(path) !== value)
      throw new Error(`${what}: ${path} is ${JSON.stringify(found(path))}, not ${JSON.stringify(value)}`);
  }
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
  "transferObject (streamed)": (work) =>
    timed(async () => {
      const result = await harness.action("transferObject", {
        ...crossSides(work),
        sourceBucket: work.bucket,
        sourceKey: work.sourceKey,
        destinationBucket: work.bucket,
        destinationKey: "bench/transfer.bin",
        partSizeMiB: TRANSFER_PART / MIB,
        concurrency: TRANSFER_CONCURRENCY,
      });
      expect(result, { Done: true, Method: "Multipart", Size: work.size }, "transferObject");
    }),
  "copyPrefix (streamed)": (work) =>
    timed(async () => {
      const result = await harness.action("copyPrefix", {
        ...crossSides(work),
        sourceBucket: work.bucket,
        sourcePrefix: TREE.prefix,
        destinationBucket: work.bucket,
        destinationPrefix: treeCopyPrefix(work),
        concurrency: PREFIX_COPY_CONCURRENCY,
      });
      expect(result, { Done: true, "Counts.Copied": TREE.count, "Counts.Failed": 0 }, "copyPrefix");
    }),
  "listObjects (fetchAll)": (work) =>
    timed(() => action("listObjects", work, { prefix: work.prefix, fetchAll: true, limit: work.keys.length })),
  deleteObjects: (work) => timed(() => action("deleteObjects", work, { objectKeys: work.keys })),
  deletePrefix: (work) =>
    timed(async () => {
      const result = await action("deletePrefix", work, {
        prefix: keysPrefix(work),
        concurrency: PREFIX_DELETE_CONCURRENCY,
      });
      expect(result, { Done: true, "Counts.Failed": 0 }, "deletePrefix");
    }),
};

// Both access keys: the cross-connection cases' second client pays its first request here too.
runChild(side, async (work) => {
  await action("headBucket", work, {});
  await harness.action("headBucket", {
    accessKey: connection(work, "destination"),
    awsRegion: work.region,
    bucket: work.bucket,
  });
});
