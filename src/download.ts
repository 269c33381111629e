/**
 * Reads an object's body into one buffer of the announced size, so the bytes are held once.
 * When the connection breaks mid-body (the SDK retries a request, never a half-read body),
 * the download resumes from the first missing byte with a ranged GET pinned to the same
 * ETag, so a flaky network costs a request, not the step, and never mixes two versions.
 */
import { Readable } from "node:stream";
import { GetObjectCommand, type GetObjectCommandInput, type GetObjectCommandOutput, type S3Client } from "@aws-sdk/client-s3";

const MAX_RESUMES = 3;

export async function downloadToBuffer(s3: S3Client, request: GetObjectCommandInput, first: GetObjectCommandOutput, size: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(size);
  // Where the bytes start in the object: 0, or the start of the range that was asked for.
  const origin = Number(/^bytes (\d+)-/.exec(first.ContentRange ?? "")?.[1] ?? 0);
  let response = first;
  let offset = 0;
  for (let resumes = 0; ; resumes++) {
    try {
      offset = await readInto(response.Body, buffer, offset);
      if (offset === size) return buffer;
      throw new Error(`the download ended after ${offset} of ${size} bytes`);
    } catch (error) {
      if (resumes >= MAX_RESUMES) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`GetObject failed: the connection broke while reading "${request.Key}" (${reason}) and ${MAX_RESUMES} resumed downloads did not finish it. Try again, or read the object in smaller ranges.`);
      }
      response = await s3.send(
        new GetObjectCommand({
          ...request,
          VersionId: request.VersionId ?? first.VersionId,
          Range: `bytes=${origin + offset}-${origin + size - 1}`,
          IfMatch: first.ETag,
        }),
      );
    }
  }
}

async function readInto(body: unknown, buffer: Buffer, start: number): Promise<number> {
  if (!(body instanceof Readable)) throw new Error("S3 returned no body");
  let offset = start;
  for await (const chunk of body) {
    if (!Buffer.isBuffer(chunk)) throw new Error("the response body was not binary");
    if (offset + chunk.length > buffer.length) throw new Error(`S3 sent more than the ${buffer.length} bytes it announced`);
    chunk.copy(buffer, offset);
    offset += chunk.length;
  }
  return offset;
}
