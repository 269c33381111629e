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
  paginateListObjectsV2,
  S3Client,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
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

let shared: S3Client | undefined;

/** One client per process, as the component caches its clients. */
function client(work: Work): S3Client {
  return (shared ??= new S3Client({
    region: work.region,
    endpoint: work.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: work.accessKeyId, secretAccessKey: work.secretAccessKey },
    // Ceph 16 refuses aws-chunked uploads: the setting the component uses for custom endpoints.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  }));
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
};

runChild(side, (work) => client(work).send(new HeadBucketCommand({ Bucket: work.bucket })));
