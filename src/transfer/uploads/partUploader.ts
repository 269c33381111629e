/**
 * Streams bytes of unknown length into one S3 object with bounded memory.
 *
 * Why not lib-storage's `Upload` for streams: it gathers each part by concatenating the
 * stream's chunks into a new buffer, so every part is fresh garbage, and V8 frees those
 * buffers only after tens of MiB have piled up, so peak memory drifts far above the parts in
 * flight (docs/guide/performance.md). Here a fixed pool of Concurrency + 1 part buffers is
 * allocated once and reused: one fills while the others are sent, so memory stays at about
 * Part Size × (Concurrency + 1) whatever the object's size. (putObject's body is already one
 * buffer in memory, which lib-storage slices without copying: it keeps using lib-storage.)
 *
 * - `write` copies a chunk into the pool and returns once it is held: it waits while every
 *   buffer is in flight (back-pressure), and throws the upload's error once it has failed.
 * - A stream that ends within the first part is stored with one PutObject; otherwise the parts
 *   go to a multipart upload created when the second part begins.
 * - Any failure (a part, the completion, `abort`) stops the upload, waits for the parts in
 *   flight and aborts the multipart upload before the error is thrown, so nothing is left.
 */
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { MAX_PARTS, MIB } from "../../rules/s3Limits";
import { completedETag, tagCompletedObject } from "../multipart";
import type { Tuning, UploadedObject, UploadRequest } from "./uploadObject";

/** The object to write: everything but its body, which arrives in pieces. */
export type StreamRequest = Omit<UploadRequest, "Body">;

interface Filling {
  buffer: Buffer;
  filled: number;
}

export class PartUploader {
  private readonly free: Buffer[] = [];
  private allocated = 0;
  private current?: Filling;
  private created?: Promise<string | undefined>;
  private nextPart = 1;
  private readonly parts: CompletedPart[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private failure?: { error: unknown; aborted: Promise<void> };

  constructor(
    private readonly s3: S3Client,
    private readonly request: StreamRequest,
    private readonly tuning: Tuning,
  ) {}

  /** Appends a chunk; resolves once it is held in the pool. */
  async write(chunk: Uint8Array): Promise<void> {
    await this.throwIfFailed();
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let offset = 0; offset < bytes.length; ) {
      this.current ??= { buffer: await this.takeBuffer(), filled: 0 };
      offset += this.copyIn(bytes, offset);
    }
  }

  /**
   * Appends `chunk` at once if the buffer being filled has room for all of it (no promise, no
   * waiting: the common case for network chunks); false when `write` is needed instead.
   */
  writeNow(chunk: Buffer): boolean {
    const current = this.current;
    if (this.failure || !current || current.buffer.length - current.filled < chunk.length) return false;
    this.copyIn(chunk, 0);
    return true;
  }

  /** Copies what fits of `bytes` from `offset` into the buffer being filled, sending it when full; returns the bytes copied. */
  private copyIn(bytes: Buffer, offset: number): number {
    const current = this.current;
    if (!current) return 0;
    const copied = bytes.copy(current.buffer, current.filled, offset);
    current.filled += copied;
    // A full buffer is sent once more bytes follow: a stream that ends here fits one PUT.
    if (current.filled === current.buffer.length && offset + copied < bytes.length) {
      this.send(current);
      this.current = undefined;
    }
    return copied;
  }

  /** Sends what is left and completes the object. */
  async close(): Promise<UploadedObject> {
    await this.throwIfFailed();
    const { Bucket, Key } = this.request;
    if (this.created === undefined) {
      const body = this.current ? this.current.buffer.subarray(0, this.current.filled) : Buffer.alloc(0);
      const response = await this.s3.send(
        new PutObjectCommand({ ...this.request, Body: body, ContentLength: body.length }),
      );
      return { $metadata: response.$metadata, Bucket, Key, ETag: response.ETag, VersionId: response.VersionId };
    }
    if (this.current) this.send(this.current);
    this.current = undefined;
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    await this.throwIfFailed();
    const UploadId = await this.created;
    try {
      const parts = [...this.parts].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
      const response = await this.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId,
          IfNoneMatch: this.request.IfNoneMatch,
          MultipartUpload: { Parts: parts },
        }),
      );
      const object = { Bucket, Key, VersionId: response.VersionId };
      await tagCompletedObject(this.s3, object, this.request.Tagging);
      return {
        $metadata: response.$metadata,
        ...object,
        Location: response.Location,
        ETag: await completedETag(this.s3, object, response.ETag),
      };
    } catch (error) {
      await this.abort(error);
      throw error;
    }
  }

  /** Stops the upload and aborts what was sent; later writes and the close throw `reason`. */
  async abort(reason: unknown): Promise<void> {
    this.fail(reason);
    await this.failure?.aborted;
  }

  private async throwIfFailed(): Promise<void> {
    if (!this.failure) return;
    await this.failure.aborted;
    throw this.failure.error;
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = { error, aborted: this.abortUpload() };
    for (const wake of this.waiting.splice(0)) wake();
  }

  private async abortUpload(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    const UploadId = await this.created?.catch(() => undefined);
    if (UploadId === undefined) return;
    // The upload's own error is what the caller needs; a failing abort must not replace it.
    await this.s3
      .send(new AbortMultipartUploadCommand({ Bucket: this.request.Bucket, Key: this.request.Key, UploadId }))
      .catch(() => undefined);
  }

  /** A free buffer of the pool (allocating up to Concurrency + 1), waiting while all are in flight. */
  private async takeBuffer(): Promise<Buffer> {
    for (;;) {
      await this.throwIfFailed();
      const buffer = this.free.pop();
      if (buffer) return buffer;
      if (this.allocated < this.tuning.concurrency + 1) {
        this.allocated += 1;
        return Buffer.allocUnsafeSlow(this.tuning.partSize);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(buffer: Buffer): void {
    this.free.push(buffer);
    this.waiting.shift()?.();
  }

  private send(part: Filling): void {
    const PartNumber = this.nextPart++;
    if (PartNumber > MAX_PARTS) {
      this.fail(
        new Error(
          `The upload to "${this.request.Key}" needs more than 10,000 parts of ${this.tuning.partSize / MIB} MiB, the most S3 allows: raise Part Size (MiB). Nothing was stored.`,
        ),
      );
      return;
    }
    this.created ??= this.createUpload();
    const sending = (async () => {
      const UploadId = await this.created;
      const response = await this.s3.send(
        new UploadPartCommand({
          Bucket: this.request.Bucket,
          Key: this.request.Key,
          UploadId,
          PartNumber,
          Body: part.buffer.subarray(0, part.filled),
          ContentLength: part.filled,
        }),
      );
      const { ETag, ChecksumCRC32, ChecksumCRC32C, ChecksumSHA1, ChecksumSHA256 } = response;
      this.parts.push({ PartNumber, ETag, ChecksumCRC32, ChecksumCRC32C, ChecksumSHA1, ChecksumSHA256 });
    })().then(
      () => this.release(part.buffer),
      (error: unknown) => this.fail(error),
    );
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }

  private async createUpload(): Promise<string | undefined> {
    const { IfNoneMatch: _checkedOnCompletion, ...fields } = this.request;
    // As lib-storage does: where the client adds checksums to parts (AWS), the upload is created for CRC32 ones.
    const checksums = (await this.s3.config.requestChecksumCalculation()) === "WHEN_SUPPORTED";
    const created = await this.s3.send(
      new CreateMultipartUploadCommand({ ...fields, ChecksumAlgorithm: checksums ? "CRC32" : undefined }),
    );
    return created.UploadId;
  }
}
