/** The plain AWS SDK's side of every benchmark case: the same work done the best way without the component. */
import http from "node:http";
import { PassThrough } from "node:stream";
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { accessOf, clientConfig, type End } from "./connection";
import {
  COPY_PART,
  getSize,
  keysPrefix,
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

const shared: Partial<Record<End, S3Client>> = {};

/** One client per process and server name, as the component caches its clients per connection. */
function client(work: Work, end: End = "source"): S3Client {
  return (shared[end] ??= new S3Client(clientConfig(accessOf(work, end))));
}

/** The keys under `prefix`, page by page; one generator can feed several workers. */
async function* keysUnder(s3: S3Client, Bucket: string, Prefix: string): AsyncGenerator<string> {
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket, Prefix })) {
    for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
  }
}

const side: Side = {
  putObject: (work) => {
    const body = patternBuffer(work.size);
    return timed(() =>
      new Upload({ client: client(work), params: { Bucket: work.bucket, Key: "bench/put.bin", Body: body } }).done(),
    );
  },
  getObject: (work) =>
    timed(async () => {
      const response = await client(work).send(
        new GetObjectCommand({ Bucket: work.bucket, Key: work.sourceKey, Range: `bytes=0-${getSize(work) - 1}` }),
      );
      return response.Body?.transformToByteArray();
    }),
  // A piped stream: the HTTP response is the Upload's body.
  uploadFromUrl: (work) =>
    timed(
      () =>
        new Promise((resolve, reject) => {
          http
            .get(work.sourceUrl, (response) => {
              new Upload({
                client: client(work),
                params: { Bucket: work.bucket, Key: "bench/url.bin", Body: response },
              })
                .done()
                .then(resolve, reject);
            })
            .on("error", reject);
        }),
    ),
  "upload stream (8 MiB writes)": (work) =>
    timed(async () => {
      const body = new PassThrough();
      const done = new Upload({
        client: client(work),
        params: { Bucket: work.bucket, Key: "bench/stream.bin", Body: body },
      }).done();
      for (let written = 0; written < work.size; written += STREAM_PIECE) {
        if (!body.write(streamPiece(Math.min(STREAM_PIECE, work.size - written))))
          await new Promise((resolve) => body.once("drain", resolve));
      }
      body.end();
      await done;
    }),
  "copyObject (one CopyObject)": (work) =>
    timed(() =>
      client(work).send(
        new CopyObjectCommand({
          Bucket: work.bucket,
          Key: "bench/copy.bin",
          CopySource: `${work.bucket}/${work.sourceKey}`,
        }),
      ),
    ),
  "copy in parts (UploadPartCopy)": (work) =>
    timed(async () => {
      const s3 = client(work);
      const upload = { Bucket: work.bucket, Key: "bench/parts.bin" };
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand(upload));
      const count = Math.ceil(work.size / COPY_PART);
      const parts: { PartNumber: number; ETag?: string }[] = [];
      let next = 0;
      const worker = async () => {
        for (let index = next++; index < count; index = next++) {
          const range = `bytes=${index * COPY_PART}-${Math.min(work.size, (index + 1) * COPY_PART) - 1}`;
          const response = await s3.send(
            new UploadPartCopyCommand({
              ...upload,
              UploadId,
              PartNumber: index + 1,
              CopySource: `${work.bucket}/${work.sourceKey}`,
              CopySourceRange: range,
            }),
          );
          parts[index] = { PartNumber: index + 1, ETag: response.CopyPartResult?.ETag };
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      await s3.send(new CompleteMultipartUploadCommand({ ...upload, UploadId, MultipartUpload: { Parts: parts } }));
    }),
  // The SDK cannot copy server-side across two clients either: the source's body streams into a
  // multipart Upload on the destination's client.
  "transferObject (streamed)": (work) =>
    timed(async () => {
      const response = await client(work).send(new GetObjectCommand({ Bucket: work.bucket, Key: work.sourceKey }));
      await new Upload({
        client: client(work, "destination"),
        params: {
          Bucket: work.bucket,
          Key: "bench/transfer.bin",
          Body: response.Body,
          ContentType: response.ContentType,
        },
        partSize: TRANSFER_PART,
        queueSize: TRANSFER_CONCURRENCY,
      }).done();
    }),
  // Each listed object read whole (1 KiB) and written on the other client, 8 objects at a time.
  "copyPrefix (streamed)": (work) =>
    timed(async () => {
      const [source, destination] = [client(work), client(work, "destination")];
      const keys = keysUnder(source, work.bucket, TREE.prefix);
      const worker = async () => {
        for await (const Key of keys) {
          const object = await source.send(new GetObjectCommand({ Bucket: work.bucket, Key }));
          const Body = await object.Body?.transformToByteArray();
          await destination.send(
            new PutObjectCommand({
              Bucket: work.bucket,
              Key: treeCopyPrefix(work) + Key.slice(TREE.prefix.length),
              Body,
              ContentType: object.ContentType,
              Metadata: object.Metadata,
            }),
          );
        }
      };
      await Promise.all(Array.from({ length: PREFIX_COPY_CONCURRENCY }, worker));
    }),
  "listObjects (fetchAll)": (work) =>
    timed(async () => {
      const keys: string[] = [];
      for await (const page of paginateListObjectsV2(
        { client: client(work) },
        { Bucket: work.bucket, Prefix: work.prefix },
      )) {
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      }
      return keys;
    }),
  deleteObjects: (work) =>
    timed(async () => {
      const s3 = client(work);
      for (let start = 0; start < work.keys.length; start += 1000) {
        const Objects = work.keys.slice(start, start + 1000).map((Key) => ({ Key }));
        await s3.send(new DeleteObjectsCommand({ Bucket: work.bucket, Delete: { Objects, Quiet: true } }));
      }
    }),
  // Each listed page (1,000 keys) is one DeleteObjects request, 4 of them in flight while listing goes on.
  deletePrefix: (work) =>
    timed(async () => {
      const s3 = client(work);
      const inFlight = new Set<Promise<void>>();
      let failure: Error | undefined;
      const deleteBatch = async (Objects: { Key: string }[]) => {
        const response = await s3.send(
          new DeleteObjectsCommand({ Bucket: work.bucket, Delete: { Objects, Quiet: true } }),
        );
        if (response.Errors?.length) throw new Error(`${response.Errors.length} keys were not deleted`);
      };
      for await (const page of paginateListObjectsV2(
        { client: s3 },
        { Bucket: work.bucket, Prefix: keysPrefix(work) },
      )) {
        const Objects = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
        if (Objects.length === 0) continue;
        while (inFlight.size >= PREFIX_DELETE_CONCURRENCY) await Promise.race(inFlight);
        if (failure !== undefined) break;
        const sending: Promise<void> = deleteBatch(Objects)
          .catch((error: unknown) => void (failure ??= error instanceof Error ? error : new Error(String(error))))
          .finally(() => inFlight.delete(sending));
        inFlight.add(sending);
      }
      await Promise.all(inFlight);
      if (failure !== undefined) throw failure;
    }),
};

// Both access keys: the cross-connection cases' second client pays its first request here too.
runChild(side, async (work) => {
  await client(work).send(new HeadBucketCommand({ Bucket: work.bucket }));
  await client(work, "destination").send(new HeadBucketCommand({ Bucket: work.bucket }));
});
