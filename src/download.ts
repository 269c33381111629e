/**
 * Reads an object's body into one buffer of the announced size, so the bytes are held once.
 * When the connection breaks mid-body (the SDK retries a request, never a half-read body),
 * the download resumes from the first missing byte with a ranged GET pinned to the same
 * ETag, so a flaky network costs a request, not the step, and never mixes two versions.
 */
import { Readable, finished } from "node:stream";
import { GetObjectCommand, type GetObjectCommandInput, type GetObjectCommandOutput, type S3Client } from "@aws-sdk/client-s3";

const MAX_RESUMES = 3;

export async function downloadToBuffer(s3: S3Client, request: GetObjectCommandInput, first: GetObjectCommandOutput, size: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(size);
  // Where the bytes start in the object: 0, or the start of the range that was asked for.
  const origin = Number(/^bytes (\d+)-/.exec(first.ContentRange ?? "")?.[1] ?? 0);
  let response = first;
  const progress = { offset: 0 };
  for (let resumes = 0; ; resumes++) {
    try {
      await readInto(response.Body, buffer, progress);
      if (progress.offset === size) return buffer;
      throw new Error(`the download ended after ${progress.offset} of ${size} bytes`);
    } catch (error) {
      if (resumes >= MAX_RESUMES) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`GetObject failed: the connection broke while reading "${request.Key}" (${reason}) and ${MAX_RESUMES} resumed downloads did not finish it. Try again, or read the object in smaller ranges.`);
      }
      response = await s3.send(
        new GetObjectCommand({
          ...request,
          VersionId: request.VersionId ?? first.VersionId,
          Range: `bytes=${origin + progress.offset}-${origin + size - 1}`,
          IfMatch: first.ETag,
        }),
      );
    }
  }
}

/**
 * Copies the body's chunks into `buffer` from `progress.offset` on, advancing it as they arrive
 * (so a broken body resumes after the last byte copied). 'data' events hand over each network
 * chunk as it is; an async iterator would first concatenate the chunks buffered between reads
 * into new buffers: garbage as large as the object.
 */
function readInto(body: unknown, buffer: Buffer, progress: { offset: number }): Promise<void> {
  if (!(body instanceof Readable)) return Promise.reject(new Error("S3 returned no body"));
  return new Promise((resolve, reject) => {
    body.on("data", (chunk: unknown) => {
      if (!Buffer.isBuffer(chunk)) return void body.destroy(new Error("the response body was not binary"));
      if (progress.offset + chunk.length > buffer.length) return void body.destroy(new Error(`S3 sent more than the ${buffer.length} bytes it announced`));
      chunk.copy(buffer, progress.offset);
      progress.offset += chunk.length;
    });
    finished(body, (error) => (error ? reject(error) : resolve()));
  });
}
