/**
 * `npm run bench [-- --size 1GiB --keys 100000 --only putObject,getObject --node 24]`
 *
 * Starts a throwaway local Ceph (memstore), then for each case measures the component and the
 * plain AWS SDK doing the same work (twice each, keeping the best time), each run in
 * a child process of its own so that its peak RSS
 * (`process.resourceUsage().maxRSS`) is its own, and prints throughput, the ratio (component /
 * SDK), and each side's RSS when idle (code loaded) and at its peak, beside the memory bound
 * the case is held to. The children run bundled JavaScript (bench/component.ts and
 * bench/sdk.ts, each with only what it needs), as the platform runs the component's bundle,
 * on the Node release `--node` names (fetched with npx from the npm registry's `node` package)
 * or else on the Node running the benchmark.
 * Objects are deleted and Ceph's garbage collector run between cases, so a 1 GiB object and
 * its copy fit in the memstore.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { bundle } from "../tools/bundle";
import { type LocalS3, startCeph, USER_ID } from "../tools/ceph";
import { type NodeBinary, nodeRelease } from "../tools/nodeRelease";
import { clientConfig } from "./connection";
import {
  CASE_NAMES,
  type CaseName,
  DELETING_CASES,
  getSize,
  KEY_CASES,
  KEY_LIST_CASES,
  keysPrefix,
  MIB,
  memoryBound,
  patternBuffer,
  patternResponse,
  SOURCE_CASES,
  TREE,
  TREE_CASES,
  treeCopyPrefix,
  treeKey,
  type Work,
} from "./work";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

interface Options {
  size: number;
  keys: number;
  only?: string[];
  /** The Node release the children run on (`24`, `22.11.0`); the benchmark's own when absent. */
  node?: string;
}

const USAGE = [
  "usage: npm run bench -- [--size 1GiB] [--keys 100000] [--only putObject,getObject,...] [--node 24]",
  "  --size  bytes of the transfer cases (getObject reads at most 500 MiB of them); default 1GiB",
  "  --keys  keys of the listing and delete cases (deletePrefix too); default 100000",
  "  --only  cases whose names start with these, comma-separated; default every case",
  "  --node  Node release the measuring processes run on (20, 22, 24 or an exact version), fetched",
  "          with npx from the npm registry's node package; default the Node running the benchmark",
].join("\n");

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|K|M|G)?$/i.exec(text.trim());
  if (!match) throw new Error(`--size: "${text}" is not a size such as 64MiB or 1GiB`);
  const factors: Record<string, number> = { B: 1, K: 1024, M: MIB, G: 1024 * MIB };
  return Math.round(Number(match[1]) * (factors[(match[2] ?? "B").toUpperCase().replace("IB", "")] ?? 1));
}

function parseOptions(args: string[]): Options {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const options: Options = { size: 1024 * MIB, keys: 100_000 };
  for (let index = 0; index < args.length; index += 2) {
    const [flag, value] = [args[index], args[index + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (flag === "--size") options.size = parseSize(value);
    else if (flag === "--keys") options.keys = Number(value);
    else if (flag === "--only") options.only = value.split(",").map((name) => name.trim());
    else if (flag === "--node") options.node = value.trim().replace(/^v/, "");
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  if (options.size < 5 * MIB) throw new Error("--size: at least 5MiB (the smallest multipart part)");
  if (!Number.isInteger(options.keys) || options.keys < 1) throw new Error("--keys: a whole number of at least 1");
  if (options.node !== undefined && !/^\d+(\.\d+){0,2}$/.test(options.node))
    throw new Error(`--node: "${options.node}" is not a Node release such as 24 or 22.11.0`);
  return options;
}

const mib = (bytes: number): string => `${Math.round(bytes / MIB).toLocaleString("en-US")} MiB`;
const sizeText = (bytes: number): string =>
  bytes >= 1024 * MIB
    ? `${(bytes / 1024 / MIB).toLocaleString("en-US", { maximumFractionDigits: 2 })} GiB`
    : mib(bytes);

const SIDES = ["component", "sdk"] as const;
type SideName = (typeof SIDES)[number];

interface Measured {
  seconds: number;
  idleRssBytes: number;
  maxRssBytes: number;
}

/** Bundles each side into one CommonJS file as `npm run build` bundles the component: children then run plain JavaScript, without a TypeScript loader (30 to 40 MiB). */
async function bundleSides(dir: string): Promise<Record<SideName, string>> {
  const scripts = { component: path.join(dir, "component.js"), sdk: path.join(dir, "sdk.js") };
  for (const side of SIDES) await bundle(path.join(__dirname, `${side}.ts`), scripts[side]);
  return scripts;
}

/** The faster of two runs of a side, with the higher of their peaks. */
function best(earlier: Measured | undefined, run: Measured): Measured {
  if (!earlier) return run;
  return {
    ...(run.seconds < earlier.seconds ? run : earlier),
    maxRssBytes: Math.max(run.maxRssBytes, earlier.maxRssBytes),
  };
}

/** The child measuring now, stopped with the benchmark when it is interrupted. */
let running: ChildProcess | undefined;

/** Runs one side of a case in a fresh Node process. */
function runSide(node: NodeBinary, script: string, name: CaseName, work: Work): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(node.execPath, [script, name], { stdio: ["pipe", "pipe", "pipe"] });
    running = child;
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${name} (${path.basename(script)}) failed:\n${stderr.trim()}`));
      const parsed: unknown = JSON.parse(stdout.trim().split("\n").pop() ?? "");
      if (
        typeof parsed !== "object" ||
        parsed === null ||
        !("seconds" in parsed) ||
        !("idleRssBytes" in parsed) ||
        !("maxRssBytes" in parsed)
      ) {
        return reject(new Error(`${name} (${path.basename(script)}) printed no result`));
      }
      resolve({
        seconds: Number(parsed.seconds),
        idleRssBytes: Number(parsed.idleRssBytes),
        maxRssBytes: Number(parsed.maxRssBytes),
      });
    });
    child.stdin.end(JSON.stringify(work));
  });
}

/** A second access key of the server's user (radosgw-admin key create): other credentials, the same buckets. */
async function secondAccessKey(server: LocalS3): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const key = {
    accessKeyId: `BENCH${randomBytes(8).toString("hex").toUpperCase()}`,
    secretAccessKey: randomBytes(20).toString("hex"),
  };
  await server.admin([
    "key",
    "create",
    `--uid=${USER_ID}`,
    "--key-type=s3",
    `--access-key=${key.accessKeyId}`,
    `--secret=${key.secretAccessKey}`,
  ]);
  return key;
}

async function putKeys(s3: S3Client, bucket: string, keys: string[], body: string | Buffer = "k"): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < keys.length; index = next++)
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: keys[index], Body: body }));
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

/** How many objects are under `prefix`. */
async function countUnder(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    count += page.KeyCount ?? page.Contents?.length ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return count;
}

/** Checks, the same way for both sides, that a side of the new cases did all its work (the older cases are checked by the tests). */
async function verify(s3: S3Client, name: CaseName, work: Work): Promise<void> {
  const fail = (what: string) => {
    throw new Error(`${name}: ${what}`);
  };
  if (name === "transferObject (streamed)") {
    const head = await s3.send(new HeadObjectCommand({ Bucket: work.bucket, Key: "bench/transfer.bin" }));
    if (head.ContentLength !== work.size) fail(`the copy has ${head.ContentLength} bytes, not ${work.size}`);
  } else if (name === "copyPrefix (streamed)") {
    const copied = await countUnder(s3, work.bucket, treeCopyPrefix(work));
    if (copied !== TREE.count) fail(`${copied} objects were copied, not ${TREE.count}`);
  } else if (name === "deletePrefix") {
    const left = await countUnder(s3, work.bucket, keysPrefix(work));
    if (left !== 0) fail(`${left} keys were left`);
  }
}

/** Deletes everything under `prefix` and lets Ceph free the space now rather than in hours. */
async function cleanUp(s3: S3Client, server: LocalS3, bucket: string, prefix: string): Promise<void> {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    const objects = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
    if (objects.length > 0)
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  await server.admin(["gc", "process", "--include-all"]);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((cells) => cells[index].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join(" | ")} |`;
  const rule = `|${widths.map((width, index) => (index === 0 ? "-".repeat(width + 2) : `${"-".repeat(width + 1)}:`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const names = CASE_NAMES.filter((name) => !options.only || options.only.some((wanted) => name.startsWith(wanted)));
  const node = await nodeRelease(options.node);
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-s3-bench-"));
  const scripts = await bundleSides(baseDir);
  process.stderr.write(`starting a local Ceph in ${baseDir}\n`);
  const server = await startCeph({ baseDir: path.join(baseDir, "ceph"), store: "memstore" });
  // Ctrl-C (or SIGTERM) stops the measuring child and the Ceph daemons too, never leaving them running.
  const interrupted = (signal: NodeJS.Signals) => {
    running?.kill();
    void server.stop().finally(() => {
      fs.rmSync(baseDir, { recursive: true, force: true });
      process.kill(process.pid, signal);
    });
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  const source = http.createServer((_request, response) => patternResponse(response, options.size));
  const s3 = new S3Client(clientConfig(server));
  try {
    await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
    const address = source.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    const otherKey = await secondAccessKey(server);
    const work: Work = {
      endpoint: server.endpoint,
      otherAccessKeyId: otherKey.accessKeyId,
      otherSecretAccessKey: otherKey.secretAccessKey,
      region: server.region,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      bucket: "bench",
      size: options.size,
      sourceUrl: `http://127.0.0.1:${port}/source.bin`,
      sourceKey: "source.bin",
      keys: [],
      prefix: "bench/",
    };
    await s3.send(new CreateBucketCommand({ Bucket: work.bucket }));
    const setting = `${sizeText(options.size)} objects, ${options.keys.toLocaleString("en-US")} keys, ${TREE.count.toLocaleString("en-US")} objects of ${TREE.objectBytes / 1024} KiB to copy, Node ${node.version}, ${os.cpus().length} CPUs, local Ceph 16 (memstore)`;
    process.stderr.write(`${setting}\n`);

    const rows: string[][] = [];
    const keys = Array.from(
      { length: options.keys },
      (_, index) => `${keysPrefix(work)}${String(index).padStart(7, "0")}`,
    );
    // Listing leaves the keys in place: the next side (or a deleting case) lists or deletes the same ones.
    let keysWritten = false;
    for (const name of names) {
      const byKeys = KEY_CASES.includes(name);
      const byTree = TREE_CASES.includes(name);
      const caseWork = { ...work, keys: KEY_LIST_CASES.includes(name) ? keys : [] };
      if (byTree) {
        process.stderr.write(`${name}: writing ${TREE.count.toLocaleString("en-US")} objects\n`);
        const treeKeys = Array.from({ length: TREE.count }, (_, index) => treeKey(index));
        await putKeys(s3, work.bucket, treeKeys, patternBuffer(TREE.objectBytes));
      }
      if (SOURCE_CASES.includes(name)) {
        const body = await new Promise<http.IncomingMessage>((resolve, reject) =>
          http.get(work.sourceUrl, resolve).on("error", reject),
        );
        await new Upload({ client: s3, params: { Bucket: work.bucket, Key: work.sourceKey, Body: body } }).done();
      }
      const measured: Partial<Record<SideName, Measured>> = {};
      // Each case runs twice per side, in the order component, SDK, SDK, component, keeping each
      // side's best time (and its highest peak): neither side always comes first after the keys
      // were written, the source uploaded or the other side's clean-up, which Ceph answers unevenly.
      for (const side of [...SIDES, ...[...SIDES].reverse()]) {
        if (byKeys && !keysWritten) {
          process.stderr.write(`${name}: writing ${keys.length.toLocaleString("en-US")} keys\n`);
          await putKeys(s3, work.bucket, keys);
          keysWritten = true;
        }
        process.stderr.write(`${name}: ${side}\n`);
        measured[side] = best(measured[side], await runSide(node, scripts[side], name, caseWork));
        await verify(s3, name, caseWork);
        if (DELETING_CASES.includes(name)) keysWritten = false;
        if (!byKeys) {
          await cleanUp(s3, server, work.bucket, work.prefix);
          // The keys are under work.prefix too: a later key case writes them again.
          keysWritten = false;
        }
      }
      if (SOURCE_CASES.includes(name)) await cleanUp(s3, server, work.bucket, work.sourceKey);
      if (byTree) await cleanUp(s3, server, work.bucket, TREE.prefix);
      const { component, sdk } = measured;
      if (!component || !sdk) throw new Error(`${name}: a side was not measured`);
      const counted = byKeys
        ? { amount: options.keys, noun: "keys" }
        : byTree
          ? { amount: TREE.count, noun: "objects" }
          : undefined;
      const amount = counted?.amount ?? (name === "getObject" ? getSize(work) : options.size);
      const unit = counted ? `${counted.noun}/s` : "MiB/s";
      const rate = (side: Measured) => (counted ? amount : amount / MIB) / side.seconds;
      const bound = memoryBound(name, work);
      const row = [
        name,
        counted ? `${amount.toLocaleString("en-US")} ${counted.noun}` : sizeText(amount),
        `${Math.round(rate(component)).toLocaleString("en-US")} ${unit}`,
        `${Math.round(rate(sdk)).toLocaleString("en-US")} ${unit}`,
        (rate(component) / rate(sdk)).toFixed(2),
        `${mib(component.idleRssBytes)} → ${mib(component.maxRssBytes)}`,
        `${mib(sdk.idleRssBytes)} → ${mib(sdk.maxRssBytes)}`,
        bound ? `${bound.text}: ${component.maxRssBytes <= bound.bytes ? "yes" : "no"}` : "",
      ];
      rows.push(row);
      process.stderr.write(`${row.join(" | ")}\n`);
    }
    process.stdout.write(`\n${setting}\n\n`);
    process.stdout.write(
      `${table(["case", "work", "component", "plain SDK", "ratio", "component RSS (idle → peak)", "SDK RSS (idle → peak)", "component peak within"], rows)}\n`,
    );
  } finally {
    source.closeAllConnections();
    source.close();
    s3.destroy();
    await server.stop();
    fs.rmSync(baseDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
