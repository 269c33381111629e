/**
 * Reads an object's body into one buffer of the announced size, so the bytes are held once.
 *
 * - Bodies from DIRECT_READ_BYTES on are read again, right after the SDK's answer gave their
 *   size, ETag and metadata, through a presigned GET of the same range with uploadFromUrl's
 *   reader (sourceRequest.ts), which copies from one reused socket buffer straight into the
 *   result. The SDK's HTTP stack hands over a fresh 64 KiB buffer per socket read, and V8 frees
 *   those only once tens of MiB of them have piled up, which breaks the memory bound for large
 *   reads (docs/guide/performance.md). Any answer the reader cannot
 *   use (not exactly the range asked for, a redirect included: it is never followed out of the
 *   S3 service) hands the rest to the SDK, which reports S3's error (an object changed since:
 *   412) as every other request does. Like the SDK's, the reader never connects to a link-local
 *   or cloud metadata address.
 * - When the connection breaks mid-body (the SDK retries a request, never a half-read body),
 *   the download resumes from the first missing byte with a ranged GET pinned to the same ETag,
 *   so a flaky network costs a request, not the step, and never mixes two versions.
 */
import { finished, Readable } from "node:stream";
import {
  GetObjectCommand,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { httpTimeouts, presigningS3Client, s3Client } from "../../aws/clients";
import { fieldName } from "../../aws/connectionFields";
import type { AwsAccess } from "../../aws/credentials";
import { InputError, type InputRef } from "../../glue/clean";
import { refusedEndpointAddress } from "../../rules/networkAddresses";
import { MIB } from "../../rules/s3Limits";
import { AddressRefusal, type BodySink, SourceFailure } from "../http/sourceConnection";
import { requestSource } from "../http/sourceRequest";

const MAX_RESUMES = 3;
export const DIRECT_READ_BYTES = 8 * 1024 * 1024;
/** The presigned GET is sent at once: its signature only needs to outlive the request's start. */
const DIRECT_URL_SECONDS = 300;

export interface DownloadClients {
  s3: S3Client;
  /** Signs without checksum headers (client.ts presigningS3Client), so a plain GET can use the URL. */
  presigner: S3Client;
}

export interface ObjectRead {
  Bucket: string;
  Key: string;
  VersionId?: string;
  Range?: string;
  /** Larger objects are refused, naming the input the limit came from. */
  limit: { mib: number; input: InputRef };
}

/**
 * One object (or range) in one buffer, with S3's answer about it (ETag, content type,
 * metadata, `$metadata`): what getObject and getObjectWithMetadata return in their shapes.
 * Objects above the size limit are refused before their bytes are read.
 */
export async function readObject(
  access: AwsAccess,
  read: ObjectRead,
): Promise<{ response: GetObjectCommandOutput; data: Buffer }> {
  const s3 = s3Client(access);
  const { limit, ...request } = read;
  const response = await s3.send(new GetObjectCommand(request));
  const size = response.ContentLength ?? 0;
  if (size > limit.mib * MIB) {
    if (response.Body instanceof Readable) response.Body.destroy();
    throw new InputError(
      limit.input,
      `"${read.Key}" is ${(size / MIB).toFixed(1)} MiB, above the limit of ${limit.mib} MiB; nothing was downloaded. Read it in parts with Byte Range, raise the limit (results above ~128 MB cannot be stored), or give the consumer a presigned URL (Generate Presigned URL).`,
    );
  }
  const { client: presigner } = await presigningS3Client(access, DIRECT_URL_SECONDS);
  const data = await downloadToBuffer({ s3, presigner }, request, response, size);
  return { response, data };
}

export async function downloadToBuffer(
  clients: DownloadClients,
  request: GetObjectCommandInput,
  first: GetObjectCommandOutput,
  size: number,
): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(size);
  // Where the bytes start in the object: 0, or the start of the range that was asked for.
  const origin = Number(/^bytes (\d+)-/.exec(first.ContentRange ?? "")?.[1] ?? 0);
  const pinned: GetObjectCommandInput = {
    ...request,
    VersionId: request.VersionId ?? first.VersionId,
    IfMatch: first.ETag,
  };
  const direct = size >= DIRECT_READ_BYTES;
  if (direct && first.Body instanceof Readable) first.Body.destroy();
  await readPinnedRange(clients, pinned, origin, buffer, { direct, body: direct ? undefined : first.Body });
  return buffer;
}

/**
 * Fills `buffer` with the object's bytes from `origin` on. `pinned` names one version (VersionId
 * or IfMatch), so resumed reads never mix two. `direct` reads through a presigned GET into the
 * buffer (no per-read garbage); `body` is a first answer's body to read before asking again.
 */
export async function readPinnedRange(
  clients: DownloadClients,
  pinned: GetObjectCommandInput,
  origin: number,
  buffer: Buffer,
  options: { direct: boolean; body?: unknown },
): Promise<void> {
  const size = buffer.length;
  const progress = { offset: 0 };
  let { direct, body } = options;
  for (let failures = 0; ; ) {
    const range = { ...pinned, Range: `bytes=${origin + progress.offset}-${origin + size - 1}` };
    // Outside the try: S3's own answer to a resumed GET (say 412, the object changed) is the step's error.
    if (!direct) body ??= (await clients.s3.send(new GetObjectCommand(range))).Body;
    try {
      if (direct) {
        // false: S3 did not answer with the range; the SDK reads it instead, reporting any error.
        direct = await readDirectly(clients.presigner, range, buffer, progress);
      } else {
        await readInto(body, buffer, progress);
        if (progress.offset < size) throw new Error(`the download ended after ${progress.offset} of ${size} bytes`);
      }
    } catch (error) {
      // A refused address is no broken connection: asking again would be refused again.
      if (error instanceof AddressRefusal)
        throw new Error(
          `GetObject failed: the read of "${pinned.Key}" was not sent (${error.message}). Requests never go to link-local or cloud metadata addresses: check the connection's ${fieldName("endpoint")}.`,
        );
      if (++failures > MAX_RESUMES) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `GetObject failed: the connection broke while reading "${pinned.Key}" (${reason}) and ${MAX_RESUMES} resumed downloads did not finish it. Try again, or read the object in smaller ranges.`,
        );
      }
    }
    if (progress.offset === size) return;
    if (!direct) body = undefined;
  }
}

/**
 * Reads `request`'s range through a presigned GET into `buffer` from `progress.offset` on;
 * false, having read nothing, when S3 answers with anything but exactly that range.
 */
async function readDirectly(
  presigner: S3Client,
  request: GetObjectCommandInput,
  buffer: Buffer,
  progress: { offset: number },
): Promise<boolean> {
  const url = new URL(await getSignedUrl(presigner, new GetObjectCommand(request), { expiresIn: DIRECT_URL_SECONDS }));
  // Range and If-Match are signed headers of the URL: they go with it exactly as signed.
  const headers: Record<string, string> = { range: request.Range ?? "" };
  if (request.IfMatch) headers["if-match"] = request.IfMatch;
  // A redirect would lead out of the S3 service that signed the URL: it is taken as "not the range".
  const response = await requestSource(url, headers, {
    timeoutMs: httpTimeouts().socketTimeout,
    refuseAddress: refusedEndpointAddress,
    followRedirects: false,
  });
  const wanted = buffer.length - progress.offset;
  const start = /^bytes=(\d+)-/.exec(request.Range ?? "")?.[1];
  if (
    response.status !== 206 ||
    response.headers["content-length"] !== String(wanted) ||
    !response.headers["content-range"]?.startsWith(`bytes ${start}-`)
  ) {
    response.body.cancel();
    return false;
  }
  await response.body.pipeTo(bufferSink(buffer, progress));
  return true;
}

/** Takes every piece at once, copying it to `progress.offset`. */
function bufferSink(buffer: Buffer, progress: { offset: number }): BodySink {
  const writeNow = (bytes: Buffer): boolean => {
    if (progress.offset + bytes.length > buffer.length)
      throw new SourceFailure(`S3 sent more than the ${buffer.length} bytes it announced`);
    progress.offset += bytes.copy(buffer, progress.offset);
    return true;
  };
  return {
    writeNow,
    write: (bytes) => {
      writeNow(bytes);
      return Promise.resolve();
    },
  };
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
      if (progress.offset + chunk.length > buffer.length)
        return void body.destroy(new Error(`S3 sent more than the ${buffer.length} bytes it announced`));
      chunk.copy(buffer, progress.offset);
      progress.offset += chunk.length;
    });
    finished(body, (error) => (error ? reject(error) : resolve()));
  });
}
