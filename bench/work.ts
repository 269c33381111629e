/**
 * What the benchmark's cases share: the work each side is handed, its test data, and the
 * cases' names, units and memory bounds. Each side of a case runs in a process of its own
 * (bench/component.ts, bench/sdk.ts), so its peak RSS is its own.
 */
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { isRecord } from "../src/glue/guards";

export const MIB = 1024 * 1024;

/** Where the work happens; handed to each child as JSON on stdin. */
export interface Work {
  endpoint: string;
  /** A second access key of the same user: the cross-connection cases' destination. */
  otherAccessKeyId: string;
  otherSecretAccessKey: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  /** Bytes of the transfer cases. */
  size: number;
  /** The source of uploadFromUrl (served by the parent). */
  sourceUrl: string;
  /** The object the read and copy cases start from. */
  sourceKey: string;
  /** Keys of the listing and deleteObjects cases (the prefix cases find them by listing). */
  keys: string[];
  /** Everything a side writes goes under it (deleted after each side). */
  prefix: string;
}

/** The work the parent wrote to stdin, checked field by field. */
function parseWork(value: unknown): Work {
  if (!isRecord(value)) throw new Error("the work is not a JSON object");
  const text = (name: string): string => {
    const field = value[name];
    if (typeof field !== "string") throw new Error(`the work has no text field "${name}"`);
    return field;
  };
  const { size, keys } = value;
  if (typeof size !== "number") throw new Error('the work has no number "size"');
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === "string")) throw new Error('the work has no "keys"');
  return {
    endpoint: text("endpoint"),
    otherAccessKeyId: text("otherAccessKeyId"),
    otherSecretAccessKey: text("otherSecretAccessKey"),
    region: text("region"),
    accessKeyId: text("accessKeyId"),
    secretAccessKey: text("secretAccessKey"),
    bucket: text("bucket"),
    size,
    sourceUrl: text("sourceUrl"),
    sourceKey: text("sourceKey"),
    keys,
    prefix: text("prefix"),
  };
}

export const CASE_NAMES = [
  "putObject",
  "getObject",
  "uploadFromUrl",
  "upload stream (8 MiB writes)",
  "copyObject (one CopyObject)",
  "copy in parts (UploadPartCopy)",
  "transferObject (streamed)",
  "copyPrefix (streamed)",
  "listObjects (fetchAll)",
  "deleteObjects",
  "deletePrefix",
] as const;
export type CaseName = (typeof CASE_NAMES)[number];

/** One side of every case: runs the work and returns the seconds it took. */
export type Side = Record<CaseName, (work: Work) => Promise<number>>;

/** Cases that work on the keys the parent writes under keysPrefix; their amount is those keys. */
export const KEY_CASES: readonly CaseName[] = ["listObjects (fetchAll)", "deleteObjects", "deletePrefix"];
/** Key cases that delete the keys: the parent writes them again before each side. */
export const DELETING_CASES: readonly CaseName[] = ["deleteObjects", "deletePrefix"];
/** Key cases whose children are handed the key list (the others list the prefix themselves). */
export const KEY_LIST_CASES: readonly CaseName[] = ["listObjects (fetchAll)", "deleteObjects"];
/** Cases that start from an object at work.sourceKey. */
export const SOURCE_CASES: readonly CaseName[] = [
  "getObject",
  "copyObject (one CopyObject)",
  "copy in parts (UploadPartCopy)",
  "transferObject (streamed)",
];
/** Cases that start from the TREE of small objects; their amount is those objects. */
export const TREE_CASES: readonly CaseName[] = ["copyPrefix (streamed)"];

/** Where the key cases' keys are. */
export const keysPrefix = (work: Work): string => `${work.prefix}keys/`;

/**
 * copyPrefix's source: small objects the parent writes once before the case, outside
 * work.prefix so that they outlive the clean-up after each side (they are deleted after the case).
 */
export const TREE = { prefix: "tree/", count: 2_000, objectBytes: 1024 } as const;
/** Where copyPrefix copies TREE to (under work.prefix: deleted after each side). */
export const treeCopyPrefix = (work: Work): string => `${work.prefix}tree/`;
export const treeKey = (index: number): string => `${TREE.prefix}${String(index).padStart(5, "0")}`;

/** transferObject's parts: 8 MiB, 4 at a time, on both sides. */
export const TRANSFER_PART = 8 * MIB;
export const TRANSFER_CONCURRENCY = 4;
/** Objects copyPrefix moves at once. */
export const PREFIX_COPY_CONCURRENCY = 8;
/** DeleteObjects requests (1,000 keys each) deletePrefix has in flight. */
export const PREFIX_DELETE_CONCURRENCY = 4;

/** getObject reads at most this much (its Size Limit input goes to 500 MiB). */
export const GET_LIMIT = 500 * MIB;
export const getSize = (work: Work): number => Math.min(work.size, GET_LIMIT);

/** The bounds: transfers and prefix jobs that return no bytes stay under 150 MiB; getObject holds the object once. */
export function memoryBound(name: CaseName, work: Work): { bytes: number; text: string } | undefined {
  if (name === "getObject") return { bytes: getSize(work) + 100 * MIB, text: "≤ size + 100 MiB" };
  if (
    [
      "uploadFromUrl",
      "upload stream (8 MiB writes)",
      "copyObject (one CopyObject)",
      "copy in parts (UploadPartCopy)",
      "transferObject (streamed)",
      "copyPrefix (streamed)",
      "deletePrefix",
    ].includes(name)
  )
    return { bytes: 150 * MIB, text: "< 150 MiB" };
  return undefined;
}

/** 1 MiB of random bytes, repeated: content that costs nothing to make at any size. */
const BLOCK = randomBytes(MIB);
export const STREAM_PIECE = 8 * MIB;
/** Parts of the forced multipart copy: several of them even for small --size runs. */
export const COPY_PART = 64 * MIB;

export function patternBuffer(size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  for (let offset = 0; offset < size; offset += BLOCK.length)
    BLOCK.copy(buffer, offset, 0, Math.min(BLOCK.length, size - offset));
  return buffer;
}

/** The upload stream cases' piece, made once: writes reuse it. */
export const streamPiece = (() => {
  let piece: Buffer | undefined;
  return (size: number) => (piece ??= patternBuffer(STREAM_PIECE)).subarray(0, size);
})();

/** Serves `size` bytes of the pattern with a Content-Length, honouring back-pressure. */
export function patternResponse(response: http.ServerResponse, size: number): void {
  response.writeHead(200, { "content-type": "application/octet-stream", "content-length": size });
  let sent = 0;
  const more = (): void => {
    while (sent < size) {
      const piece = BLOCK.subarray(0, Math.min(BLOCK.length, size - sent));
      sent += piece.length;
      if (!response.write(piece)) return void response.once("drain", more);
    }
    response.end();
  };
  more();
}

/** Runs `work` and returns the seconds it took; set-up before it is not timed. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * A child's main: reads the work from stdin, runs the case named by argv, and prints
 * `{ seconds, idleRssBytes, maxRssBytes }` as its last line. `warmUp` (one small request, not
 * timed) first pays what any first request pays (module set-up, the connection), so short
 * cases compare the work rather than process start-up.
 */
export function runChild(side: Side, warmUp: (work: Work) => Promise<unknown>): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const idleRssBytes = process.memoryUsage().rss;
  const main = async () => {
    const name = CASE_NAMES.find((candidate) => candidate === process.argv[2]);
    if (!name) throw new Error(`unknown case "${process.argv[2]}"`);
    let input = "";
    for await (const chunk of process.stdin) input += String(chunk);
    const work = parseWork(JSON.parse(input));
    await warmUp(work);
    const seconds = await side[name](work);
    // maxRSS is in KiB: the highest resident set of this process, set-up included.
    process.stdout.write(
      `${JSON.stringify({ seconds, idleRssBytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
    );
  };
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
