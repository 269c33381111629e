/**
 * The demo flow `npm start` runs: what the component does, step by step, against a real S3.
 * Each step prints its action, inputs (secrets masked, bytes summarised), the shaped result and
 * the time it took. It creates its own uniquely named bucket and removes it again, also when a
 * step fails, so it is safe against a real AWS account.
 */
import { createHash, randomBytes } from "node:crypto";
import { findTarget, type Target } from "./catalog";
import { Interrupted, type Interrupts } from "./interrupts";
import { errorMessage, UsageError } from "./io";
import { formatBytes, json, scrub, summarise } from "./output";
import { showProgress } from "./progress";
import { describeInputs, hang, resultOf, runStep, type Session, timing } from "./step";

export const MIB = 1024 * 1024;
export const DEFAULT_DEMO_SIZE = 50 * MIB;
const MANY_OBJECTS = 20;

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: MIB,
  mb: 1e6,
  mib: MIB,
  g: 1024 * MIB,
  gb: 1e9,
  gib: 1024 * MIB,
};

/** "50MiB", "5 MB", "512KiB", "1048576" as bytes (1 byte to 5 GiB). */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[(match[2] ?? "").toLowerCase()] : undefined;
  const bytes = match && unit !== undefined ? Math.round(Number(match[1]) * unit) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1 || bytes > 5 * 1024 * MIB) {
    throw new UsageError(
      `--demo-size "${text}" is not a size from 1 byte to 5 GiB; use e.g. 50MiB, 512KiB or 1048576.`,
    );
  }
  return bytes;
}

/** A fresh bucket name, unique across AWS accounts. */
export function demoBucketName(): string {
  return `aws-s3-demo-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");

const field = (value: unknown, name: string): unknown =>
  typeof value === "object" && value !== null ? Reflect.get(value, name) : undefined;

function text(value: unknown, name: string): string {
  const entry = field(value, name);
  if (typeof entry !== "string") throw new Error(`The step's result has no text field "${name}".`);
  return entry;
}

/** Downloads `url` with a plain HTTP GET, reading the body itself so the progress bar shows real bytes. */
async function download(session: Session, url: string, expected: number): Promise<{ status: number; body: Buffer }> {
  const response = await fetch(url);
  const chunks: Buffer[] = [];
  let received = 0;
  const progress = showProgress(
    session.io,
    "GET receiving",
    Number(response.headers.get("content-length") ?? expected),
    () => received,
  );
  try {
    const reader = response.body?.getReader();
    for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
      const chunk: unknown = read.value;
      if (!(chunk instanceof Uint8Array)) throw new Error("The download's body is not bytes.");
      chunks.push(Buffer.from(chunk));
      received += chunk.byteLength;
    }
  } finally {
    progress.end();
  }
  return { status: response.status, body: Buffer.concat(chunks) };
}

export interface DemoOptions {
  /** Bytes of the generated object. */
  size: number;
  /** Which S3, for the opening line. */
  where: string;
  interrupts: Interrupts;
}

export async function runDemo(
  session: Session,
  targets: readonly Target[],
  { size, where, interrupts }: DemoOptions,
): Promise<void> {
  const out = (line: string): void => session.io.stdout(scrub(line, session.secrets));
  const bucket = demoBucketName();
  const textKey = "docs/hello world – ünïcødé.txt";
  const copyKey = "copies/hello world – ünïcødé (copy).txt";
  const bigKey = `data/random-${formatBytes(size).replace(" ", "")}.bin`;
  const manyKeys = Array.from(
    { length: MANY_OBJECTS },
    (_, index) => `many/item-${String(index + 1).padStart(2, "0")}.txt`,
  );
  const greeting = `Hello from the Amazon S3 component, ${new Date().toISOString()}\n`;
  const totalSteps = 11;
  const began = performance.now();
  let number = 0;
  let current = "";

  const header = (title: string): void => {
    interrupts.check();
    number++;
    current = title;
    out(`\n[${number}/${totalSteps}] ${title}\n`);
  };
  const step = async (key: string, params: Record<string, unknown>, note?: string): Promise<unknown> => {
    const target = findTarget(targets, key);
    header(`${key} — ${target.label}${note ? ` (${note})` : ""}`);
    out(describeInputs(session, target, params));
    const outcome = await runStep(session, target, params);
    const value = resultOf(target, outcome.result);
    out(`  result  ${hang(json(summarise(value, { maxItems: 10 })), "          ")}\n  time    ${timing(outcome)}\n`);
    return value;
  };
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new Error(`check failed: ${what}`);
    out(`  check   ✓ ${what}\n`);
  };

  out(`Demo: every action runs through the component (spectral's harness) against ${where}.\n`);
  let bucketCreated = false;
  let bucketDeleted = false;
  interrupts.graceful = true;
  try {
    await step("createBucket", { bucket });
    bucketCreated = true;
    await step(
      "putObject",
      {
        bucket,
        objectKey: textKey,
        fileContents: greeting,
        contentType: "text/plain; charset=utf-8",
        metadata: [{ key: "source", value: "demo" }],
      },
      "a text object",
    );

    const big = randomBytes(size);
    const bigHash = sha256(big);
    await step(
      "putObject",
      { bucket, objectKey: bigKey, fileContents: { data: big, contentType: "application/octet-stream" } },
      `${formatBytes(size)} of generated bytes`,
    );

    const target = findTarget(targets, "putObject");
    header(`putObject ×${MANY_OBJECTS} — ${target.label} (small objects to delete in one go later)`);
    out(
      describeInputs(session, target, {
        bucket,
        objectKey: `${manyKeys[0]} ... ${manyKeys[manyKeys.length - 1]}`,
        fileContents: "item N",
      }),
    );
    const batchBegan = performance.now();
    for (const [index, objectKey] of manyKeys.entries())
      await runStep(session, target, { bucket, objectKey, fileContents: `item ${index + 1}\n` });
    out(
      `  result  ${MANY_OBJECTS} objects written\n  time    ${timing({ ms: performance.now() - batchBegan, sent: 0, received: 0 })}\n`,
    );

    const listing = await step("listObjectsDetailed", { bucket, delimiter: "/" }, "top level, folders rolled up");
    check(
      json(field(listing, "CommonPrefixes"), 0) === json(["data/", "docs/", "many/"], 0),
      "the folders are data/, docs/ and many/",
    );

    const presigned = await step(
      "generatePresignedUrl",
      { bucket, objectKey: bigKey, expirationSeconds: "300" },
      "a download link for the large object",
    );
    header("HTTP GET of the presigned URL (plain fetch, no SDK, no credentials)");
    if (typeof presigned !== "string") throw new Error("generatePresignedUrl returned no URL.");
    const url = presigned;
    out(`  url     ${url}\n`);
    const fetchBegan = performance.now();
    const fetched = await download(session, url, size);
    const fetchMs = performance.now() - fetchBegan;
    out(
      `  result  HTTP ${fetched.status}, ${formatBytes(fetched.body.length)}\n  time    ${timing({ ms: fetchMs, sent: 0, received: fetched.body.length })}\n`,
    );
    check(
      fetched.status === 200 && fetched.body.length === size && sha256(fetched.body) === bigHash,
      `the ${formatBytes(size)} downloaded have the SHA-256 of the bytes uploaded (${bigHash.slice(0, 16)}…)`,
    );

    const copied = await step(
      "copyObject",
      { sourceBucket: bucket, sourceKey: textKey, destinationBucket: bucket, destinationKey: copyKey },
      "keys with spaces and unicode",
    );
    const copy = await step("getObject", { bucket, objectKey: copyKey }, "read the copy back");
    check(
      text(copied, "Key") === copyKey && Buffer.isBuffer(copy) && copy.toString("utf8") === greeting,
      "the copy holds the original text",
    );

    const allKeys = [textKey, copyKey, bigKey, ...manyKeys];
    await step("deleteObjects", { bucket, objectKeys: allKeys }, `${allKeys.length} objects in one request`);
    await step("deleteBucket", { bucket }, "clean up");
    bucketDeleted = true;
  } catch (error) {
    if (error instanceof Interrupted) throw error;
    throw new Error(`The demo stopped at step ${number} (${current}): ${errorMessage(error)}`);
  } finally {
    if (bucketCreated && !bucketDeleted) await removeDemoBucket(session, targets, bucket, out);
    interrupts.graceful = false;
  }
  out(
    `\nDemo done: ${totalSteps} steps in ${((performance.now() - began) / 1000).toFixed(1)} s. Run any action yourself: npm start -- --list\n`,
  );
}

/** Best effort after a failed step: the demo leaves nothing behind in the account. */
async function removeDemoBucket(
  session: Session,
  targets: readonly Target[],
  bucket: string,
  out: (line: string) => void,
): Promise<void> {
  try {
    const list = findTarget(targets, "listObjects");
    const keys = resultOf(list, (await runStep(session, list, { bucket, fetchAll: "true" })).result);
    if (Array.isArray(keys) && keys.length > 0)
      await runStep(session, findTarget(targets, "deleteObjects"), { bucket, objectKeys: keys });
    await runStep(session, findTarget(targets, "deleteBucket"), { bucket });
    out(`\nRemoved the demo bucket ${bucket}.\n`);
  } catch (error) {
    out(`\nCould not remove the demo bucket ${bucket}: ${errorMessage(error)}\n`);
  }
}
