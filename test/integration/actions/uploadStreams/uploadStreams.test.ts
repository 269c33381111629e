import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import type { Connection } from "@prismatic-io/spectral";
import { isRecord } from "../../../../src/glue/guards";
import { harness, keyConnection, region, sha256, uploadsInProgress, useTestBucket } from "../../../support/harness";
import { outputProblems } from "../../../support/outputs";
import { startFailingProxy } from "../../../support/servers/failingProxy";
import { testTarget } from "../../../support/target";

const MIB = 1024 * 1024;
const { bucket, verifier: s3 } = useTestBucket("streams");

interface Step {
  data: Record<string, unknown>;
  state: Record<string, unknown>;
}

/** Runs one step the way the platform does: the execution state flows from each step's result into the next. */
async function step(
  actionKey: string,
  params: Record<string, unknown>,
  state: Record<string, unknown> = {},
  accessKey: Connection = keyConnection(),
): Promise<Step> {
  const result = await harness.action(
    actionKey,
    { accessKey, awsRegion: region(), ...params },
    { executionState: state },
  );
  if (!isRecord(result?.data)) throw new Error(`${actionKey} returned no record`);
  expect(outputProblems(actionKey, result.data)).toEqual([]);
  return { data: result.data, state: result.executionState ?? state };
}

/** Opens a stream: createUploadStream's result is the stream's ID, as in the official component. */
async function open(
  params: Record<string, unknown>,
  accessKey: Connection = keyConnection(),
): Promise<{ id: string; state: Record<string, unknown> }> {
  const result = await harness.action(
    "createUploadStream",
    { accessKey, awsRegion: region(), ...params },
    { executionState: {} },
  );
  if (typeof result?.data !== "string") throw new Error("createUploadStream returned no stream ID");
  expect(outputProblems("createUploadStream", result.data)).toEqual([]);
  return { id: result.data, state: result.executionState ?? {} };
}

/** The error a step throws (fails the test if it does not). */
async function stepFailure(
  actionKey: string,
  params: Record<string, unknown>,
  state: Record<string, unknown>,
): Promise<Error> {
  return step(actionKey, params, state).then(
    () => new Error(`${actionKey} succeeded`),
    (thrown: unknown) => (thrown instanceof Error ? thrown : new Error(String(thrown))),
  );
}

async function until(condition: () => Promise<boolean>, what: string, seconds = 20): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stored(key: string): Promise<Buffer> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from((await response.Body?.transformToByteArray()) ?? []);
}

const exists = (key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    () => false,
  );

it("writes pieces that cross part boundaries over several steps, and close stores the object", async () => {
  const key = "streams/ledger ü.csv";
  const pieces = [randomBytes(3 * MIB), randomBytes(4 * MIB), randomBytes(6 * MIB + 17)];
  const { id, state: opened } = await open({
    bucket,
    objectKey: key,
    partSizeMiB: 5,
    concurrency: 2,
    contentType: "text/csv",
    metadata: [{ key: "rows", value: "many" }],
  });
  expect(id).toMatch(/^upload-stream-/);
  let state = opened;
  let data: Record<string, unknown>;
  let written = 0;
  for (const piece of pieces) {
    ({ data, state } = await step("writeUploadStream", { uploadId: id, fileContents: piece }, state));
    written += piece.length;
    expect(data).toEqual({ uploadStreamId: id, Bucket: bucket, Key: key, BytesWritten: written });
  }
  ({ data, state } = await step("closeUploadStream", { uploadId: id }, state));
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  expect(data).toMatchObject({ uploadStreamId: id, Bucket: bucket, Key: key, ETag: head.ETag, ContentLength: written });
  expect(head.ETag).toMatch(/-3"?$/);
  expect(head).toMatchObject({ ContentType: "text/csv", Metadata: { rows: "many" } });
  expect(sha256(await stored(key))).toBe(sha256(Buffer.concat(pieces)));
  // The stream is gone from the execution: it cannot be written to again.
  expect(state.awsS3UploadStreams).toEqual({});
  expect((await stepFailure("writeUploadStream", { uploadId: id, fileContents: "more" }, state)).message).toMatch(
    /^Upload Stream ID \(uploadId\): no upload stream "upload-stream-[0-9a-f-]+" is open in this execution\. Create one with Create Upload Stream/,
  );
  expect(await uploadsInProgress(bucket, "streams/")).toEqual([]);
});

it("stores small and empty streams with one PUT", async () => {
  let { id, state } = await open({ bucket, objectKey: "streams/small.txt" });
  let data: Record<string, unknown>;
  ({ state } = await step("writeUploadStream", { uploadId: id, fileContents: "hello " }, state));
  ({ state } = await step("writeUploadStream", { uploadId: id, fileContents: "world" }, state));
  ({ data } = await step("closeUploadStream", { uploadId: id }, state));
  expect(data.ContentLength).toBe(11);
  expect((await stored("streams/small.txt")).toString()).toBe("hello world");

  ({ id, state } = await open({ bucket, objectKey: "streams/empty.txt" }));
  ({ data } = await step("closeUploadStream", { uploadId: id }, state));
  expect(data.ContentLength).toBe(0);
  expect((await stored("streams/empty.txt")).length).toBe(0);
});

it.each([
  [5 * MIB, /^"?[0-9a-f]{32}"?$/],
  [10 * MIB, /-2"?$/],
  [10 * MIB + 1, /-3"?$/],
])("stores exactly %i bytes with the parts they need", async (size, etag) => {
  const key = `streams/edge-${size}.bin`;
  const bytes = randomBytes(size);
  const created = await open({ bucket, objectKey: key, partSizeMiB: 5 });
  const id = created.id;
  // Pieces that end exactly on part boundaries, and one that straddles them.
  let { state } = await step(
    "writeUploadStream",
    { uploadId: id, fileContents: bytes.subarray(0, Math.min(size, 5 * MIB)) },
    created.state,
  );
  if (size > 5 * MIB)
    ({ state } = await step("writeUploadStream", { uploadId: id, fileContents: bytes.subarray(5 * MIB) }, state));
  const { data } = await step("closeUploadStream", { uploadId: id }, state);
  expect(data.ETag).toMatch(etag);
  expect(sha256(await stored(key))).toBe(sha256(bytes));
});

it("refuses stream ids that this execution did not create, before anything happens", async () => {
  const { id } = await open({ bucket, objectKey: "streams/other-execution.bin" });
  // Another execution (a fresh state) does not know the id, even though the stream is open here.
  expect((await stepFailure("writeUploadStream", { uploadId: id, fileContents: "x" }, {})).message).toMatch(
    /^Upload Stream ID \(uploadId\): no upload stream ".+" is open in this execution/,
  );
  expect((await stepFailure("closeUploadStream", { uploadId: "made-up" }, {})).message).toMatch(
    /^Upload Stream ID \(uploadId\): no upload stream "made-up"/,
  );
  expect(
    (await stepFailure("createUploadStream", { bucket, objectKey: "x", idleTimeoutSeconds: 901 }, {})).message,
  ).toBe("Idle Timeout (seconds) (idleTimeoutSeconds): must be a whole number from 1 to 900; got 901.");
});

it("refuses a second write while one is still waiting, keeping the bytes in order", async () => {
  const key = "streams/ordered.bin";
  const first = randomBytes(16 * MIB);
  const created = await open({ bucket, objectKey: key, partSizeMiB: 5, concurrency: 1 });
  const id = created.id;
  let state = created.state;
  const writing = step("writeUploadStream", { uploadId: id, fileContents: first }, state);
  expect((await stepFailure("writeUploadStream", { uploadId: id, fileContents: "too early" }, state)).message).toBe(
    `Upload stream ${id} is already being written to: write its pieces one after another, in order.`,
  );
  ({ state } = await writing);
  await step("closeUploadStream", { uploadId: id }, state);
  expect(sha256(await stored(key))).toBe(sha256(first));
});

it("aborts a stream that is not written to for its idle timeout, leaving no parts behind", async () => {
  const key = "streams/idle/abandoned.bin";
  const created = await open({ bucket, objectKey: key, partSizeMiB: 5, idleTimeoutSeconds: 2 });
  const id = created.id;
  let state = created.state;
  ({ state } = await step("writeUploadStream", { uploadId: id, fileContents: randomBytes(6 * MIB) }, state));
  await until(
    async () => (await uploadsInProgress(bucket, "streams/idle/")).length === 1,
    "a part of the stream reached S3",
  );
  await until(
    async () => (await uploadsInProgress(bucket, "streams/idle/")).length === 0,
    "the idle stream was aborted",
  );
  expect((await stepFailure("writeUploadStream", { uploadId: id, fileContents: "late" }, state)).message).toBe(
    `Upload stream ${id} was aborted after 2 s without a write (its Idle Timeout), so nothing was stored at "${key}". Close a stream when its last piece is written, or raise Idle Timeout.`,
  );
  expect(await exists(key)).toBe(false);
});

it("surfaces a failed part in the next write and in close, and aborts the upload", async () => {
  const proxy = await startFailingProxy(
    testTarget().endpoint,
    (request) => request.method === "PUT" && request.query.has("partNumber"),
  );
  try {
    const key = "streams/failing/part.bin";
    const connection = keyConnection({ endpoint: proxy.endpoint });
    const created = await open({ bucket, objectKey: key, partSizeMiB: 5, concurrency: 1 }, connection);
    const id = created.id;
    let state = created.state;
    ({ state } = await step("writeUploadStream", { uploadId: id, fileContents: randomBytes(6 * MIB) }, state));
    const uploadPartFailed =
      /^UploadPart failed: InvalidArgument \(HTTP 400, request id failing-proxy\): Rejected by the test proxy\./;
    // The part failed: nothing takes bytes any more, and the write says why instead of hanging.
    expect(
      (await stepFailure("writeUploadStream", { uploadId: id, fileContents: randomBytes(12 * MIB) }, state)).message,
    ).toMatch(uploadPartFailed);
    expect((await stepFailure("closeUploadStream", { uploadId: id }, state)).message).toMatch(uploadPartFailed);
    expect(proxy.seen.some((request) => request.method === "DELETE" && request.query.has("uploadId"))).toBe(true);
    expect(await uploadsInProgress(bucket, "streams/failing/")).toEqual([]);
    expect(await exists(key)).toBe(false);
  } finally {
    await proxy.close();
  }
});

describe("a process that ends with a stream still open", () => {
  const child = path.join(__dirname, "..", "..", "..", "support", "uploadStreamChild.ts");

  /** Starts the child, resolves when its stream has a part in S3, and returns how it exited. */
  async function runChild(
    key: string,
    mode: "wait" | "return",
    signal?: NodeJS.Signals,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
    const process_ = spawn(process.execPath, ["--import", "tsx", child, bucket, key, mode], {
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    process_.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
      process_.once("exit", (code, exitSignal) => resolve({ code, signal: exitSignal, stderr })),
    );
    await new Promise<void>((resolve, reject) => {
      process_.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("READY") && resolve());
      void exited.then((result) =>
        reject(new Error(`the child exited before it was ready: ${JSON.stringify(result)}`)),
      );
    });
    if (signal) {
      await until(async () => (await uploadsInProgress(bucket, key)).length === 1, "the child's part reached S3");
      process_.kill(signal);
    }
    return exited;
  }

  it("aborts the upload on SIGTERM, then stops as SIGTERM would have stopped it", async () => {
    const key = "streams/exit/sigterm.bin";
    const exit = await runChild(key, "wait", "SIGTERM");
    expect(exit).toMatchObject({ code: null, signal: "SIGTERM" });
    expect(await uploadsInProgress(bucket, key)).toEqual([]);
    expect(await exists(key)).toBe(false);
  });

  it("aborts the upload when the process runs out of work without closing the stream", async () => {
    const key = "streams/exit/forgotten.bin";
    const exit = await runChild(key, "return");
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(await uploadsInProgress(bucket, key)).toEqual([]);
    expect(await exists(key)).toBe(false);
  });
});
