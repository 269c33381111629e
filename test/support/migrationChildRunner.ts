/**
 * The parent's side of the migration scale tests: bundles test/support/migrationChild.ts as
 * the platform runs the component, starts it with plain node on a job, kills it mid-way like a
 * step the platform stops, reads its peak RSS; plus what those tests check objects with.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { isRecord } from "../../src/glue/guards";
import { bundle } from "../../tools/bundle";
import { removeAfterTests, secondVerifierS3, useTestBucket, useVerifier } from "./harness";
import type { MigrationChildResult, MigrationJob } from "./migrationChild";
import type { SeenRequest } from "./servers/countingProxy";
import { uniqueBucketName } from "./target";

export const MIB = 1024 * 1024;
export const MINUTE = 60_000;

export interface CrossUserBuckets {
  /** The first user's client (the verifier of the file's buckets). */
  s3: S3Client;
  /** A bucket of the first user, and one of the second user's, which the first cannot read. */
  source: string;
  target: string;
  /** The second user's client, from beforeAll on. */
  other: () => S3Client;
}

/** A source bucket of the first user and a target bucket of the second for the file, removed after it. */
export function useCrossUserBuckets(label: string): CrossUserBuckets {
  // Registered first, so removing many or large objects has time.
  const s3 = useVerifier({ removalTimeoutMs: 20 * MINUTE });
  const { bucket: source } = useTestBucket(label);
  const target = removeAfterTests(uniqueBucketName(`${label}-dst`), "second");
  let client: S3Client | undefined;
  beforeAll(async () => {
    client = secondVerifierS3();
    await client.send(new CreateBucketCommand({ Bucket: target }));
  });
  afterAll(() => client?.destroy());
  const other = (): S3Client => {
    if (!client) throw new Error("the second user's client exists from beforeAll on");
    return client;
  };
  return { s3, source, target, other };
}

/**
 * Bundles the child once for the test file, in beforeAll, and removes it in afterAll.
 */
let childScript = "";
export function useMigrationChild(): void {
  const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-s3-migration-"));
  beforeAll(async () => {
    childScript = path.join(bundleDir, "migrationChild.js");
    await bundle(path.join(__dirname, "migrationChild.ts"), childScript);
  }, 2 * MINUTE);
  afterAll(() => fs.rmSync(bundleDir, { recursive: true, force: true }));
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningChild {
  process: ChildProcess;
  exit: Promise<ChildExit>;
  exited: boolean;
}

/** Starts the bundled child with plain node on `job`. */
/**
 * The children's environment: the test's (the test target file among it) without the suite's
 * debug log. Debug logging is opt-in for support cases and writes a line per SDK call, so the
 * step runs, and its memory is measured, as a user's step runs (aws/secretHygiene.test.ts
 * checks what the debug log writes).
 */
const { AWS_S3_DEBUG_FILE: _debugLog, ...childEnv } = process.env;

export function startChild(job: MigrationJob): RunningChild {
  const child = spawn(process.execPath, [childScript], { stdio: ["pipe", "pipe", "pipe"], env: childEnv });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const running: RunningChild = {
    process: child,
    exited: false,
    exit: new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => {
        running.exited = true;
        resolve({ code, signal, stdout, stderr });
      });
    }),
  };
  child.stdin.end(JSON.stringify(job));
  return running;
}

/** The child's line (MigrationChildResult) with the action's result data checked to be an object. */
export interface ChildResult extends MigrationChildResult {
  data: Record<string, unknown>;
}

/** The action's result data and the child's peak RSS, from its one line of output. */
function resultOf(exit: ChildExit): ChildResult {
  if (exit.code !== 0) throw new Error(`the child failed (${exit.signal ?? `exit ${exit.code}`}):\n${exit.stderr}`);
  const parsed: unknown = JSON.parse(exit.stdout.trim().split("\n").pop() ?? "");
  if (!isRecord(parsed) || !isRecord(parsed.data) || typeof parsed.maxRssBytes !== "number")
    throw new Error(`the child printed no result:\n${exit.stdout}`);
  return { data: parsed.data, maxRssBytes: parsed.maxRssBytes };
}

export async function runChild(job: MigrationJob): Promise<ChildResult> {
  return resultOf(await startChild(job).exit);
}

/** The peak RSS so far of a running process (Linux: VmHWM), read before it is killed, as a killed child reports nothing. */
function peakRssOf(pid: number | undefined): number | undefined {
  try {
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

/** Kills the child with SIGKILL (no clean-up, as when a step's process dies) once `when` holds, or lets it end. */
export async function killWhen(
  running: RunningChild,
  when: () => boolean,
): Promise<{ exit: ChildExit; peakRssBytes?: number }> {
  let peakRssBytes: number | undefined;
  while (!running.exited) {
    if (when()) {
      peakRssBytes = peakRssOf(running.process.pid);
      running.process.kill("SIGKILL");
      break;
    }
    await sleep(20);
  }
  return { exit: await running.exit, peakRssBytes };
}

export const mib = (bytes: number | undefined): string =>
  bytes === undefined ? "unknown" : `${(bytes / MIB).toFixed(0)} MiB`;

export function field(record: unknown, ...names: string[]): unknown {
  let value = record;
  for (const name of names) value = isRecord(value) ? value[name] : undefined;
  return value;
}

export function numberAt(record: unknown, ...names: string[]): number {
  const value = field(record, ...names);
  if (typeof value !== "number") throw new Error(`no number at ${names.join(".")} in ${JSON.stringify(record)}`);
  return value;
}

/** `length` bytes from a random 1 MiB block, each MiB XOR'd with its index from `firstMiB` on, so no two MiBs (or parts) are alike. */
export function patterned(block: Buffer, firstMiB: number, length: number): Buffer {
  // Its own ArrayBuffer at offset 0, so it can be viewed as 32-bit words.
  const bytes = Buffer.allocUnsafeSlow(length);
  for (let offset = 0; offset < length; offset += MIB) block.copy(bytes, offset, 0, Math.min(MIB, length - offset));
  const words = new Uint32Array(bytes.buffer, 0, Math.floor(length / 4));
  const wordsPerMiB = MIB / 4;
  for (let start = 0; start < words.length; start += wordsPerMiB) {
    const mask = Math.imul(firstMiB + start / wordsPerMiB + 1, 0x9e3779b1);
    const end = Math.min(words.length, start + wordsPerMiB);
    for (let index = start; index < end; index += 1) words[index] ^= mask;
  }
  return bytes;
}

/** The SHA-256 of an object, streamed: never the whole object in memory. */
export async function streamedSha256(client: S3Client, Bucket: string, Key: string): Promise<string> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket, Key }));
  if (!(Body instanceof Readable)) throw new Error(`no body for ${Key}`);
  const hash = createHash("sha256");
  await pipeline(
    Body,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done();
      },
    }),
  );
  return hash.digest("hex");
}

export async function uploadsOn(client: S3Client, Bucket: string): Promise<string[]> {
  const { Uploads } = await client.send(new ListMultipartUploadsCommand({ Bucket }));
  return (Uploads ?? []).map((upload) => upload.Key ?? "");
}

/**
 * The unfinished uploads that hold data, with their stored bytes. A kill inside the few requests
 * that start an upload and its marker (or between completing it and aborting the marker) leaves
 * an upload with no part or a marker with its one 32-byte seal: these cannot be told from
 * another writer's, so they stay for a lifecycle rule, and are not counted here.
 */
export async function uploadsHoldingData(client: S3Client, Bucket: string): Promise<string[]> {
  const { Uploads } = await client.send(new ListMultipartUploadsCommand({ Bucket }));
  const holding: string[] = [];
  for (const { Key, UploadId } of Uploads ?? []) {
    const { Parts } = await client.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    const bytes = (Parts ?? []).reduce((sum, part) => sum + (part.Size ?? 0), 0);
    if (bytes > 32) holding.push(`${Key} (${Parts?.length} parts, ${bytes} bytes)`);
  }
  return holding;
}

export const isUploadPart = (request: SeenRequest): boolean =>
  request.method === "PUT" && /[?&]partNumber=/.test(request.path);
