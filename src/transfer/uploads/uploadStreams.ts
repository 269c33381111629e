/**
 * Upload streams: one object written in pieces by several steps of an execution.
 *
 * - Bookkeeping (bucket, key, bytes written) is serializable and lives in the execution's
 *   state (`context.executionState`, returned by every stream step) under one key, per stream
 *   id: it is how a step knows that a stream id belongs to its execution.
 * - The live object cannot be serialized: a PartUploader (partUploader.ts), which sends a
 *   part each time Part Size bytes have arrived. It lives in this process's registry under the
 *   same id.
 * - A write waits for back-pressure: the uploader takes bytes only as fast as it sends parts, so
 *   memory stays near Part Size × (Concurrency + 1) whatever the object's size. Once the upload
 *   has failed, writes and the close throw its error (after the upload was aborted).
 * - Nothing is left behind. A failed upload is aborted by the uploader. A stream is aborted too
 *   when nothing is written to it for its idle timeout, or when it is still open as the
 *   process is told to stop (SIGTERM, SIGINT) or runs out of work (beforeExit): an execution
 *   that ends without closing its stream. The idle timer is unref()ed and the exit hooks are
 *   installed only while a stream is open, so neither keeps a process alive or changes how it
 *   exits.
 */
import { randomUUID } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { isRecord } from "../../glue/guards";
import { PartUploader, type StreamRequest } from "./partUploader";
import type { Tuning, UploadedObject } from "./uploadObject";

/** The execution state key holding every open stream's bookkeeping. */
export const UPLOAD_STREAMS_STATE = "awsS3UploadStreams";

export interface StreamRecord {
  uploadStreamId: string;
  Bucket: string;
  Key: string;
  bytesWritten: number;
  createdAt: string;
}

interface LiveStream {
  record: StreamRecord;
  uploader: PartUploader;
  idleMs: number;
  idleTimer?: NodeJS.Timeout;
  writing: boolean;
}

const live = new Map<string, LiveStream>();
/** Why recently ended streams ended, so a later write or close can say so. */
const ended = new Map<string, unknown>();
const MAX_ENDED = 100;

function isStreamRecord(value: unknown): value is StreamRecord {
  return (
    isRecord(value) &&
    typeof value.uploadStreamId === "string" &&
    typeof value.Bucket === "string" &&
    typeof value.Key === "string" &&
    typeof value.bytesWritten === "number"
  );
}

/** The streams an execution state knows of. */
export function streamsIn(state: Record<string, unknown>): Record<string, StreamRecord> {
  const streams = state[UPLOAD_STREAMS_STATE];
  if (!isRecord(streams)) return {};
  return Object.fromEntries(
    Object.entries(streams).filter((entry): entry is [string, StreamRecord] => isStreamRecord(entry[1])),
  );
}

/** The execution state with this stream's record set, or removed when `record` is undefined. */
export function stateWith(
  state: Record<string, unknown>,
  id: string,
  record: StreamRecord | undefined,
): Record<string, unknown> {
  const { [id]: _previous, ...others } = streamsIn(state);
  return { ...state, [UPLOAD_STREAMS_STATE]: record ? { ...others, [id]: record } : others };
}

export function openUploadStream(s3: S3Client, request: StreamRequest, tuning: Tuning, idleMs: number): StreamRecord {
  const id = `upload-stream-${randomUUID()}`;
  const record: StreamRecord = {
    uploadStreamId: id,
    Bucket: request.Bucket,
    Key: request.Key,
    bytesWritten: 0,
    createdAt: new Date().toISOString(),
  };
  const stream: LiveStream = { record, uploader: new PartUploader(s3, request, tuning), idleMs, writing: false };
  live.set(id, stream);
  restartIdleTimer(id, stream);
  updateExitHooks();
  return { ...record };
}

/** Writes one piece, resolving once it is held (waiting while every part buffer is in flight); returns the bytes written so far. */
export async function appendToStream(id: string, data: Buffer): Promise<StreamRecord> {
  const stream = liveStream(id);
  if (stream.writing)
    throw new Error(`Upload stream ${id} is already being written to: write its pieces one after another, in order.`);
  stream.writing = true;
  clearTimeout(stream.idleTimer);
  try {
    await stream.uploader.write(data);
    stream.record.bytesWritten += data.length;
    return { ...stream.record };
  } catch (error) {
    end(id, error);
    throw error;
  } finally {
    stream.writing = false;
    if (live.has(id)) restartIdleTimer(id, stream);
  }
}

/** Ends the stream and waits for S3 to assemble the object. */
export async function finishStream(id: string): Promise<UploadedObject & { ContentLength: number }> {
  const stream = liveStream(id);
  if (stream.writing)
    throw new Error(`Upload stream ${id} is still being written to: close it after its last write has finished.`);
  clearTimeout(stream.idleTimer);
  try {
    const uploaded = await stream.uploader.close();
    return { ...uploaded, ContentLength: stream.record.bytesWritten };
  } catch (error) {
    end(id, error);
    throw error;
  } finally {
    live.delete(id);
    updateExitHooks();
  }
}

function liveStream(id: string): LiveStream {
  const stream = live.get(id);
  if (stream) return stream;
  if (ended.has(id)) throw ended.get(id);
  throw new Error(
    `Upload stream ${id} belongs to this execution but is not open in this process (the runner was restarted, or the step ran elsewhere), so the bytes written to it are gone. Start again with Create Upload Stream.`,
  );
}

function end(id: string, reason: unknown): void {
  const stream = live.get(id);
  if (stream) clearTimeout(stream.idleTimer);
  live.delete(id);
  ended.set(id, reason);
  if (ended.size > MAX_ENDED) ended.delete(ended.keys().next().value ?? id);
  updateExitHooks();
}

/** Tears a stream down; resolves once its multipart upload has been aborted. */
async function abortStream(id: string, reason: Error): Promise<void> {
  const stream = live.get(id);
  if (!stream) return;
  end(id, reason);
  await stream.uploader.abort(reason);
}

function restartIdleTimer(id: string, stream: LiveStream): void {
  clearTimeout(stream.idleTimer);
  stream.idleTimer = setTimeout(() => {
    const seconds = stream.idleMs / 1000;
    void abortStream(
      id,
      new Error(
        `Upload stream ${id} was aborted after ${seconds.toLocaleString("en-US")} s without a write (its Idle Timeout), so nothing was stored at "${stream.record.Key}". Close a stream when its last piece is written, or raise Idle Timeout.`,
      ),
    );
  }, stream.idleMs);
  stream.idleTimer.unref();
}

// ---------------------------------------------------------------------------------------------
// Process exit: an execution that ends with a stream still open must not leave parts behind.
// ---------------------------------------------------------------------------------------------

const EXIT_SIGNALS = ["SIGTERM", "SIGINT"] as const;
/** How long a stopping process waits for aborts before it exits anyway. */
const ABORT_ON_EXIT_MS = 10_000;
let hooksInstalled = false;

function abortAll(reason: string): Promise<void> {
  const error = new Error(`Upload streams were aborted because ${reason} before they were closed; nothing was stored.`);
  return Promise.all([...live.keys()].map((id) => abortStream(id, error))).then(() => undefined);
}

function onSignal(signal: NodeJS.Signals): void {
  const exit = () => {
    removeExitHooks();
    // Our listener replaced the default action: re-raise the signal so the process stops as it
    // would have (unless someone else handles it, who then decides).
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const deadline = setTimeout(exit, ABORT_ON_EXIT_MS);
  void abortAll(`the process received ${signal}`).then(() => {
    clearTimeout(deadline);
    exit();
  });
}

function onBeforeExit(): void {
  void abortAll("the execution ended");
}

function updateExitHooks(): void {
  if (live.size > 0 && !hooksInstalled) {
    hooksInstalled = true;
    for (const signal of EXIT_SIGNALS) process.once(signal, onSignal);
    process.on("beforeExit", onBeforeExit);
  } else if (live.size === 0 && hooksInstalled) {
    removeExitHooks();
  }
}

function removeExitHooks(): void {
  hooksInstalled = false;
  for (const signal of EXIT_SIGNALS) process.off(signal, onSignal);
  process.off("beforeExit", onBeforeExit);
}
