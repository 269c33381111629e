/**
 * A throwaway single-node Ceph cluster with a RADOS Gateway (the S3 server the tests and the
 * local runner talk to), listening on 127.0.0.1 only.
 *
 * - All state lives under `baseDir`: our own ceph.conf, keyrings, mon/osd data, logs in `log/`.
 * - The daemons (ceph-mon, ceph-osd, radosgw) run in the foreground as children of this process.
 *   Their PIDs are recorded in `baseDir/pids` ("name pid" per line) and they are only ever stopped
 *   by those PIDs, never by name.
 * - Ports are picked free at start (a listener on port 0), so parallel runs never collide.
 * - `memstore` keeps everything in memory (fastest, gone after stop). `bluestore` keeps the data in
 *   a sparse file under `baseDir`; starting again on the same `baseDir` restarts the daemons on the
 *   existing data and returns the same credentials (recorded in `baseDir/cluster.json`).
 *
 * Only Node built-ins are used, so this runs anywhere the Ceph programs are installed
 * (Debian 12: `apt-get install ceph-mon ceph-osd radosgw ceph-common`, Ceph 16 "pacific").
 */

import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";

export type CephStore = "memstore" | "bluestore";

export interface StartCephOptions {
  /** Directory holding all of the cluster's state. Created if missing. */
  baseDir: string;
  /** "memstore" (default): in memory, fresh every start. "bluestore": persists in baseDir. */
  store?: CephStore;
  /** Receives progress and timing lines. */
  log?: (line: string) => void;
  /**
   * Run the daemons in their own process group, so a Ctrl-C in the terminal reaches only the
   * caller, which stops them itself (after any cleanup that still needs the server). Default
   * false: a Ctrl-C stops them together with the caller.
   */
  detached?: boolean;
}

export interface LocalS3 {
  /** http://127.0.0.1:PORT (path-style addressing). */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A role the user may assume through STS on the same endpoint; allows s3:* on everything. */
  roleArn: string;
  baseDir: string;
  /** PIDs of ceph-mon, ceph-osd and radosgw, in start order. */
  pids: number[];
  /** Runs `radosgw-admin -c <conf> -n client.admin ...args` and returns its stdout. */
  admin(args: string[]): Promise<string>;
  /** Stops the daemons by their recorded PIDs (radosgw, then the OSD, then the monitor). */
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Installation
// ---------------------------------------------------------------------------------------------

const REQUIRED_PROGRAMS = ["radosgw", "ceph-mon", "ceph-osd", "ceph", "monmaptool", "ceph-authtool", "radosgw-admin"];
const APT_PACKAGES = ["ceph-mon", "ceph-osd", "radosgw", "ceph-common"];
const APT_INSTALL_ARGS = ["install", "-y", "--no-install-recommends", ...APT_PACKAGES];
const INSTALL_HINT =
  "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends " +
  APT_PACKAGES.join(" ");

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function missingPrograms(): string[] {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter((dir) => dir !== "");
  return REQUIRED_PROGRAMS.filter((program) => !dirs.some((dir) => isExecutable(path.join(dir, program))));
}

/** Copies a child's output to our stderr line by line, each line prefixed. */
function streamLines(stream: NodeJS.ReadableStream | null, prefix: string): void {
  if (stream === null) return;
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? "";
    for (const line of lines) process.stderr.write(`${prefix}${line}\n`);
  });
  stream.on("end", () => {
    if (pending !== "") process.stderr.write(`${prefix}${pending}\n`);
  });
}

function runStreaming(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    streamLines(child.stdout, `[${command}] `);
    streamLines(child.stderr, `[${command}] `);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/**
 * Makes sure the Ceph programs the local S3 server needs are on PATH. As root on Debian it installs
 * them with apt-get (about 20 s, 270 MB); anywhere else it explains what to install. `purpose`
 * opens the message: what needs the server.
 */
export async function ensureCephInstalled(
  purpose = "The tests run against a real S3 server, a throwaway Ceph RADOS Gateway started on 127.0.0.1",
): Promise<void> {
  const missing = missingPrograms();
  if (missing.length === 0) return;
  const why = `${purpose}, and these Ceph programs are not on PATH: ${missing.join(", ")}.`;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !fs.existsSync("/etc/debian_version")) {
    throw new Error(
      `${why}\nInstall them (Debian 12 packages, Ceph 16) as root with:\n  ${INSTALL_HINT}\n` +
        "(installed automatically only when running as root on Debian).",
    );
  }
  process.stderr.write(`${why}\nInstalling them: ${INSTALL_HINT}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await runStreaming("apt-get", ["update"], env);
  await runStreaming("apt-get", APT_INSTALL_ARGS, env);
  const stillMissing = missingPrograms();
  if (stillMissing.length > 0) {
    throw new Error(
      `Installed ${APT_PACKAGES.join(" ")} but these programs are still not on PATH: ` +
        `${stillMissing.join(", ")} (PATH=${process.env.PATH ?? ""}).`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

const REGION = "us-east-1";
const ROLE_NAME = "component-test-role";
const USER_ID = "tester";
const OVERALL_TIMEOUT_MS = 120_000;
const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomString(length: number, alphabet: string): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[crypto.randomInt(alphabet.length)];
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves true if `promise` settles within `ms`, false otherwise; never leaves a timer behind. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The environment for Ceph programs: ours, without CEPH_* variables that would redirect them. */
function cephEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("CEPH_")) env[key] = value;
  }
  return env;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion, capturing its output; killed on timeout or abort. */
function run(
  command: string,
  args: string[],
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: cephEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs,
      killSignal: "SIGKILL",
      signal: options.signal,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", (error) => {
      // An abort also emits "error"; it is reported as a failed run, "close" follows.
      if (error.name !== "AbortError") reject(error);
    });
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function runOk(command: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const result = await run(command, args, { timeoutMs });
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (exit code ${String(result.code)}):\n` +
        (result.stderr.trim() || result.stdout.trim()),
    );
  }
  return result.stdout;
}

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => resolve(server));
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** `count` distinct ports that are free on 127.0.0.1 right now, none of them in `avoid`. */
async function freePorts(count: number, avoid: number[] = []): Promise<number[]> {
  const servers: net.Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const server = await listen(0);
      servers.push(server);
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("no TCP port assigned");
      if (!avoid.includes(address.port)) ports.push(address.port);
    }
  } finally {
    await Promise.all(servers.map(closeServer));
  }
  return ports;
}

async function isPortFree(port: number): Promise<boolean> {
  try {
    await closeServer(await listen(port));
    return true;
  } catch {
    return false;
  }
}

/** Any HTTP answer at all on http://127.0.0.1:port/ means radosgw is serving. */
function httpAnswers(port: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(
      { host: "127.0.0.1", port, path: "/", agent: false, timeout: 2_000, signal },
      (response) => {
        response.resume();
        resolve(true);
      },
    );
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

/** The last `lines` lines of a log file from byte `from` on ("" if it does not exist). */
function tail(file: string, lines = 25, from = 0): string {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return "";
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.max(0, Math.min(size - from, 64 * 1024));
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    return buffer
      .toString("utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .slice(-lines)
      .join("\n");
  } finally {
    fs.closeSync(fd);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Layout, configuration and the cluster record
// ---------------------------------------------------------------------------------------------

class Layout {
  readonly conf: string;
  readonly keyring: string;
  readonly monmap: string;
  readonly monData: string;
  readonly osdRoot: string;
  readonly rgwData: string;
  readonly runDir: string;
  readonly logDir: string;
  readonly crashDir: string;
  readonly pidsFile: string;
  readonly clusterFile: string;

  constructor(readonly baseDir: string) {
    this.conf = path.join(baseDir, "ceph.conf");
    this.keyring = path.join(baseDir, "keyring");
    this.monmap = path.join(baseDir, "monmap");
    this.monData = path.join(baseDir, "mon", "a");
    this.osdRoot = path.join(baseDir, "osd");
    this.rgwData = path.join(baseDir, "rgw");
    this.runDir = path.join(baseDir, "run");
    this.logDir = path.join(baseDir, "log");
    this.crashDir = path.join(baseDir, "crash");
    this.pidsFile = path.join(baseDir, "pids");
    this.clusterFile = path.join(baseDir, "cluster.json");
  }

  osdData(id: number): string {
    return path.join(this.osdRoot, String(id));
  }

  osdKeyring(id: number): string {
    return path.join(this.osdData(id), "keyring");
  }

  /** Everything startCeph creates; a fresh start removes exactly these, nothing else. */
  ownEntries(): string[] {
    return [
      this.conf,
      this.keyring,
      this.monmap,
      path.join(this.baseDir, "mon"),
      this.osdRoot,
      this.rgwData,
      this.runDir,
      this.logDir,
      this.crashDir,
      this.pidsFile,
      this.clusterFile,
    ];
  }
}

/** What a restart needs to bring a cluster back with the same identity and credentials. */
interface ClusterRecord {
  fsid: string;
  store: CephStore;
  monPort: number;
  rgwPort: number;
  osdId: number;
  stsKey: string;
  accessKeyId: string;
  secretAccessKey: string;
  roleArn: string;
}

function readClusterRecord(layout: Layout): ClusterRecord | undefined {
  let text: string;
  try {
    text = fs.readFileSync(layout.clusterFile, "utf8");
  } catch {
    return undefined;
  }
  const value = parseJson(text);
  if (!isRecord(value)) return undefined;
  const { fsid, store, monPort, rgwPort, osdId, stsKey, accessKeyId, secretAccessKey, roleArn } = value;
  if (
    typeof fsid !== "string" ||
    (store !== "memstore" && store !== "bluestore") ||
    typeof monPort !== "number" ||
    typeof rgwPort !== "number" ||
    typeof osdId !== "number" ||
    typeof stsKey !== "string" ||
    typeof accessKeyId !== "string" ||
    typeof secretAccessKey !== "string" ||
    typeof roleArn !== "string"
  ) {
    return undefined;
  }
  return { fsid, store, monPort, rgwPort, osdId, stsKey, accessKeyId, secretAccessKey, roleArn };
}

function writeFileAtomic(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

function renderConf(layout: Layout, cluster: ClusterRecord): string {
  const base = layout.baseDir;
  const store =
    cluster.store === "memstore"
      ? ["osd objectstore = memstore", "memstore device bytes = 4294967296"]
      : [
          "osd objectstore = bluestore",
          // a sparse file: takes only the space actually written
          `bluestore block path = ${layout.osdRoot}/block.$id`,
          "bluestore block create = true",
          "bluestore block size = 10737418240",
          "bluestore fsck on mount = false",
          "bluestore cache autotune = false",
          "bluestore cache size = 268435456",
          "osd memory target = 1073741824",
        ];
  return [
    "# Written by tools/ceph.ts: a throwaway single-node cluster on 127.0.0.1.",
    "[global]",
    `fsid = ${cluster.fsid}`,
    // v1 (legacy) protocol only: the monmap is built with an explicit v1 address
    `mon host = v1:127.0.0.1:${cluster.monPort}`,
    "mon initial members = a",
    "public addr = 127.0.0.1",
    "ms bind ipv6 = false",
    "ms bind msgr2 = false",
    `keyring = ${layout.keyring}`,
    `run dir = ${layout.runDir}`,
    `crash dir = ${layout.crashDir}`,
    `log file = ${base}/log/$name.log`,
    "log to stderr = false",
    "err to stderr = true",
    "auth cluster required = cephx",
    "auth service required = cephx",
    "auth client required = cephx",
    "osd pool default size = 1",
    "osd pool default min size = 1",
    "osd pool default pg num = 8",
    "osd pool default pgp num = 8",
    "osd pool default pg autoscale mode = off",
    "osd crush chooseleaf type = 0",
    "mon allow pool size one = true",
    "mon allow pool delete = true",
    "mon warn on pool no redundancy = false",
    "mon data avail warn = 2",
    "mon data avail crit = 1",
    "mon max pg per osd = 1000",
    // every map change (each pool radosgw creates, ...) otherwise waits about a second
    "paxos propose interval = 0.05",
    "paxos min wait = 0.01",
    // Ceph's default log levels cost a good part of its small-request throughput here.
    ...[
      "rgw",
      "ms",
      "osd",
      "objclass",
      "filestore",
      "memstore",
      "bluestore",
      "rados",
      "monc",
      "auth",
      "paxos",
      "mon",
    ].map((subsystem) => `debug ${subsystem} = 0/0`),
    "",
    "[mon.a]",
    `mon data = ${layout.monData}`,
    "",
    "[osd]",
    `osd data = ${layout.osdRoot}/$id`,
    ...store,
    "osd max object name len = 460",
    "osd max object namespace len = 64",
    "",
    "[client.rgw.gw]",
    `rgw frontends = beast endpoint=127.0.0.1:${cluster.rgwPort}`,
    `rgw data = ${layout.rgwData}`,
    "rgw dns name = localhost",
    `rgw sts key = ${cluster.stsKey}`,
    "rgw s3 auth use sts = true",
    "rgw enable usage log = false",
    "rgw max put size = 5368709120",
    // Lets tests create buckets with the legacy names (uppercase, underscores) old AWS buckets have.
    "rgw relaxed s3 bucket names = true",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Daemons
// ---------------------------------------------------------------------------------------------

interface Daemon {
  name: string;
  pid: number;
  child: ChildProcess;
  /** Set once the process has exited. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  exited: Promise<void>;
  /** The daemon's stdout/stderr file (errors land here), appended to from `stderrFrom` on. */
  stderrFile: string;
  stderrFrom: number;
  /** The daemon's own log file. */
  logFile: string;
  /** Where its PID is recorded. */
  pidsFile: string;
}

/** Daemons of this process still running; killed if this process exits without stopping them. */
const liveDaemons = new Set<Daemon>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const daemon of liveDaemons) {
      try {
        process.kill(daemon.pid, "SIGKILL");
      } catch {
        // already gone
      }
      fs.rmSync(daemon.pidsFile, { force: true });
    }
  });
}

class PortInUseError extends Error {}

async function spawnDaemon(
  layout: Layout,
  name: string,
  command: string,
  args: string[],
  logFile: string,
  detached = false,
): Promise<Daemon> {
  const stderrFile = path.join(layout.logDir, `${name}.stderr`);
  const fd = fs.openSync(stderrFile, "a");
  const stderrFrom = fs.fstatSync(fd).size;
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      detached,
      env: cephEnv(),
      stdio: ["ignore", fd, fd],
    });
  } finally {
    fs.closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) {
    const error = await new Promise<Error>((resolve) => child.once("error", resolve));
    throw new Error(`could not start ${command}: ${error.message}`);
  }
  const daemon: Daemon = {
    name,
    pid,
    child,
    exit: undefined,
    exited: Promise.resolve(),
    stderrFile,
    stderrFrom,
    logFile,
    pidsFile: layout.pidsFile,
  };
  daemon.exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      daemon.exit = { code, signal };
      liveDaemons.delete(daemon);
      resolve();
    });
  });
  child.on("error", () => {
    // signalling a process that already exited; nothing to do
  });
  liveDaemons.add(daemon);
  installExitHook();
  fs.appendFileSync(layout.pidsFile, `${name} ${pid}\n`);
  return daemon;
}

function describeFailure(daemon: Daemon, problem: string): Error {
  const sections = [daemon.stderrFile, daemon.logFile]
    .map((file) => ({
      file,
      text: tail(file, 25, file === daemon.stderrFile ? daemon.stderrFrom : 0),
    }))
    .filter(({ text }) => text !== "")
    .map(({ file, text }) => `--- last lines of ${file}:\n${text}`);
  return new Error([`Ceph: ${problem}`, ...sections].join("\n"));
}

/** True when the daemon's output shows that its listening port was taken. */
function lostPortRace(daemon: Daemon): boolean {
  return /Address already in use/.test(tail(daemon.stderrFile, 50, daemon.stderrFrom));
}

/**
 * Polls `probe` until it reports readiness. Fails with the daemon's log tail when the daemon
 * exits, reports that its fixed port was taken (PortInUseError, when `fixedPort`), or the
 * deadline passes. A probe still running when the daemon dies is aborted.
 */
async function waitUntilReady(
  daemon: Daemon,
  what: string,
  deadline: number,
  fixedPort: boolean,
  probe: (signal: AbortSignal) => Promise<boolean>,
): Promise<void> {
  const clash = (): boolean => fixedPort && lostPortRace(daemon);
  for (;;) {
    if (clash()) {
      const { message } = describeFailure(daemon, `${daemon.name}: its port was taken meanwhile`);
      throw new PortInUseError(message);
    }
    if (daemon.exit !== undefined) {
      const { code, signal } = daemon.exit;
      throw describeFailure(
        daemon,
        `${daemon.name} (pid ${daemon.pid}) exited (${signal ?? `exit code ${String(code)}`}) ` + `before ${what}`,
      );
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw describeFailure(daemon, `timed out after ${OVERALL_TIMEOUT_MS / 1000} s waiting until ${what}`);
    }
    const abort = new AbortController();
    const watch = setInterval(() => {
      if (daemon.exit !== undefined || clash()) abort.abort();
    }, 200);
    const timer = setTimeout(() => abort.abort(), remaining);
    let ready = false;
    try {
      ready = await probe(abort.signal);
    } finally {
      clearInterval(watch);
      clearTimeout(timer);
    }
    if (ready) return;
    await sleep(100);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // a zombie is dead for our purposes
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

/** Sends `signal`, waits up to `graceMs`, then SIGKILL. */
async function terminate(daemon: Daemon, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (daemon.exit !== undefined) return;
  daemon.child.kill(signal);
  if (signal !== "SIGKILL" && !(await settlesWithin(daemon.exited, graceMs))) {
    daemon.child.kill("SIGKILL");
  }
  await daemon.exited;
}

/** Ceph daemons left by an earlier run on this baseDir (e.g. one that crashed) are stopped. */
async function stopStaleDaemons(layout: Layout, log: (message: string) => void): Promise<void> {
  let text: string;
  try {
    text = fs.readFileSync(layout.pidsFile, "utf8");
  } catch {
    return;
  }
  // stop in reverse start order: radosgw, osd, mon
  const entries = text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length === 2 && /^\d+$/.test(fields[1] ?? ""))
    .map(([name, pid]) => ({ name: name ?? "", pid: Number(pid) }))
    .reverse();
  for (const { name, pid } of entries) {
    if (!isOurCephProcess(pid, layout)) continue;
    log(`stopping ${name} (pid ${pid}) left over from an earlier run`);
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      continue;
    }
    const until = Date.now() + 10_000;
    while (isAlive(pid) && Date.now() < until) await sleep(100);
    if (isAlive(pid)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone meanwhile
      }
      while (isAlive(pid)) await sleep(50);
    }
  }
  fs.rmSync(layout.pidsFile, { force: true });
}

/** Only a ceph-mon / ceph-osd / radosgw started with this baseDir's ceph.conf qualifies. */
function isOurCephProcess(pid: number, layout: Layout): boolean {
  if (!isAlive(pid)) return false;
  let argv: string[];
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return false;
  }
  const program = path.basename(argv[0] ?? "");
  return ["ceph-mon", "ceph-osd", "radosgw"].includes(program) && argv.includes(layout.conf);
}

// ---------------------------------------------------------------------------------------------
// Starting
// ---------------------------------------------------------------------------------------------

class Cluster {
  readonly daemons: Daemon[] = [];
  private readonly started = Date.now();
  readonly deadline = this.started + OVERALL_TIMEOUT_MS;

  constructor(
    readonly layout: Layout,
    readonly record: ClusterRecord,
    /** True when restarting a complete cluster: its cluster.json must follow any port change. */
    private readonly established: boolean,
    private readonly sink: ((line: string) => void) | undefined,
    private readonly detached = false,
  ) {}

  log(message: string): void {
    this.sink?.(`[ceph +${Date.now() - this.started} ms] ${message}`);
  }

  elapsed(): number {
    return Date.now() - this.started;
  }

  writeConf(): void {
    writeFileAtomic(this.layout.conf, renderConf(this.layout, this.record));
  }

  saveRecord(): void {
    writeFileAtomic(this.layout.clusterFile, `${JSON.stringify(this.record, null, 2)}\n`);
  }

  private portsChanged(): void {
    this.writeConf();
    if (this.established) this.saveRecord();
  }

  /** The monitor's port according to its own monmap (the truth, should cluster.json disagree). */
  async monitorPortInMonmap(): Promise<number | undefined> {
    const { conf, monmap } = this.layout;
    await runOk("ceph-mon", ["-c", conf, "-i", "a", "--extract-monmap", monmap]);
    const printed = await runOk("monmaptool", ["--print", monmap]);
    const match = /v1:127\.0\.0\.1:(\d+)\/\d+ mon\.a/.exec(printed);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  }

  ceph(args: string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<RunResult> {
    const connectTimeout = Math.max(1, Math.ceil(options.timeoutMs / 1000));
    return run("ceph", ["-c", this.layout.conf, "--connect-timeout", String(connectTimeout), ...args], {
      timeoutMs: options.timeoutMs + 5_000,
      signal: options.signal,
    });
  }

  async cephOk(args: string[]): Promise<string> {
    const result = await this.ceph(args, { timeoutMs: 30_000 });
    if (result.code !== 0) {
      throw new Error(`ceph ${args.join(" ")} failed: ${result.stderr.trim()}`);
    }
    return result.stdout;
  }

  admin(args: string[]): Promise<string> {
    return runOk("radosgw-admin", ["-c", this.layout.conf, "-n", "client.admin", ...args]);
  }

  private async drop(daemon: Daemon): Promise<void> {
    await terminate(daemon, "SIGKILL", 0);
    const index = this.daemons.indexOf(daemon);
    if (index >= 0) this.daemons.splice(index, 1);
    this.rewritePids();
  }

  rewritePids(): void {
    const lines = this.daemons
      .filter((daemon) => daemon.exit === undefined)
      .map((daemon) => `${daemon.name} ${daemon.pid}\n`);
    if (lines.length === 0) fs.rmSync(this.layout.pidsFile, { force: true });
    else writeFileAtomic(this.layout.pidsFile, lines.join(""));
  }

  /** Points the monitor at a new port: its monmap and ceph.conf both name the address. */
  async moveMonitor(port: number): Promise<void> {
    const conf = this.layout.conf;
    const monmap = this.layout.monmap;
    await runOk("ceph-mon", ["-c", conf, "-i", "a", "--extract-monmap", monmap]);
    await runOk("monmaptool", [monmap, "--rm", "a"]);
    await runOk("monmaptool", [monmap, "--addv", "a", `[v1:127.0.0.1:${port}]`]);
    await runOk("ceph-mon", ["-c", conf, "-i", "a", "--inject-monmap", monmap]);
    this.record.monPort = port;
    this.portsChanged();
  }

  async startMonitor(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const mon = await spawnDaemon(
        this.layout,
        "mon.a",
        "ceph-mon",
        ["-c", this.layout.conf, "-i", "a", "-f"],
        path.join(this.layout.logDir, "mon.a.log"),
        this.detached,
      );
      this.daemons.push(mon);
      try {
        const probe = async (signal: AbortSignal): Promise<boolean> =>
          (await this.ceph(["-s"], { timeoutMs: 5_000, signal })).code === 0;
        await waitUntilReady(mon, "the monitor answered `ceph -s`", this.deadline, true, probe);
        this.log(`mon up on port ${this.record.monPort} (pid ${mon.pid})`);
        return;
      } catch (error) {
        if (!(error instanceof PortInUseError) || attempt >= 3) throw error;
        await this.drop(mon);
        const [port] = await freePorts(1, [this.record.monPort, this.record.rgwPort]);
        if (port === undefined) throw error;
        this.log(`mon port ${this.record.monPort} was taken meanwhile, moving to ${port}`);
        await this.moveMonitor(port);
      }
    }
  }

  async startOsd(): Promise<void> {
    const id = this.record.osdId;
    const osd = await spawnDaemon(
      this.layout,
      `osd.${id}`,
      "ceph-osd",
      ["-c", this.layout.conf, "-i", String(id), "-f", "--keyring", this.layout.osdKeyring(id)],
      path.join(this.layout.logDir, `osd.${id}.log`),
      this.detached,
    );
    this.daemons.push(osd);
    // Up in the osdmap *with this process's address* (the address nonce is the OSD's pid), so a
    // stale "up" left by a killed OSD does not count.
    await waitUntilReady(osd, `osd.${id} was up`, this.deadline, false, async (signal) => {
      const result = await this.ceph(["osd", "dump", "-f", "json"], { timeoutMs: 5_000, signal });
      return result.code === 0 && osdIsUp(result.stdout, id, osd.pid);
    });
    this.log(`osd.${id} up (${this.record.store}, pid ${osd.pid})`);
  }

  async startGateway(): Promise<void> {
    let lostRace = false;
    for (let attempt = 1; ; attempt++) {
      if (lostRace || !(await isPortFree(this.record.rgwPort))) {
        const [port] = await freePorts(1, [this.record.monPort, this.record.rgwPort]);
        if (port === undefined) throw new Error("no free port for radosgw");
        this.log(`rgw port ${this.record.rgwPort} is taken, using ${port}`);
        this.record.rgwPort = port;
        this.portsChanged();
      }
      const rgw = await spawnDaemon(
        this.layout,
        "rgw",
        "radosgw",
        ["-c", this.layout.conf, "-n", "client.rgw.gw", "-f"],
        path.join(this.layout.logDir, "client.rgw.gw.log"),
        this.detached,
      );
      this.daemons.push(rgw);
      const port = this.record.rgwPort;
      try {
        const what = `radosgw answered HTTP on port ${port}`;
        await waitUntilReady(rgw, what, this.deadline, true, (signal) => httpAnswers(port, signal));
        this.log(`rgw answers HTTP on http://127.0.0.1:${port} (pid ${rgw.pid})`);
        return;
      } catch (error) {
        // radosgw exits with status 98 (EADDRINUSE) when its port is taken
        lostRace = error instanceof PortInUseError || rgw.exit?.code === 98 || lostPortRace(rgw);
        if (!lostRace || attempt >= 3) throw error;
        await this.drop(rgw);
      }
    }
  }

  /** mon keyring + monmap + mon data, then the OSD's identity and data. */
  async createMonitor(): Promise<void> {
    const { keyring, conf, monmap } = this.layout;
    await runOk("ceph-authtool", ["--create-keyring", keyring, "--gen-key", "-n", "mon.", "--cap", "mon", "allow *"]);
    await runOk("ceph-authtool", [
      keyring,
      "--gen-key",
      "-n",
      "client.admin",
      "--cap",
      "mon",
      "allow *",
      "--cap",
      "osd",
      "allow *",
      "--cap",
      "mgr",
      "allow *",
      "--cap",
      "mds",
      "allow *",
    ]);
    await runOk("ceph-authtool", [
      keyring,
      "--gen-key",
      "-n",
      "client.rgw.gw",
      "--cap",
      "mon",
      "allow rw",
      "--cap",
      "osd",
      "allow rwx",
      "--cap",
      "mgr",
      "allow rw",
    ]);
    // --addv with an explicit v1 address: plain --add would take a non-6789 port for msgr2
    await runOk("monmaptool", [
      "--create",
      "--clobber",
      "--fsid",
      this.record.fsid,
      "--addv",
      "a",
      `[v1:127.0.0.1:${this.record.monPort}]`,
      monmap,
    ]);
    await runOk("ceph-mon", ["-c", conf, "--mkfs", "-i", "a", "--monmap", monmap, "--keyring", keyring]);
    this.log("keyrings, monmap and mon data created");
  }

  /** Registers the OSD with the monitor (with its cephx key) and creates its object store. */
  async createOsd(): Promise<void> {
    const osdUuid = crypto.randomUUID();
    const key = (await runOk("ceph-authtool", ["--gen-print-key"])).trim();
    const secrets = path.join(this.layout.baseDir, "osd-secrets.json");
    fs.writeFileSync(secrets, JSON.stringify({ cephx_secret: key }), { mode: 0o600 });
    let id: number;
    try {
      id = Number((await this.cephOk(["osd", "new", osdUuid, "-i", secrets])).trim());
    } finally {
      fs.rmSync(secrets, { force: true });
    }
    if (!Number.isInteger(id) || id < 0) throw new Error("`ceph osd new` returned no OSD id");
    this.record.osdId = id;
    fs.mkdirSync(this.layout.osdData(id), { recursive: true });
    fs.writeFileSync(this.layout.osdKeyring(id), `[osd.${id}]\n\tkey = ${key}\n`, { mode: 0o600 });
    const mkfsLog = path.join(this.layout.logDir, "osd.mkfs.log");
    const result = await run(
      "ceph-osd",
      [
        "-c",
        this.layout.conf,
        "-i",
        String(id),
        "--mkfs",
        "--osd-uuid",
        osdUuid,
        "--keyring",
        this.layout.osdKeyring(id),
      ],
      { timeoutMs: Math.max(1_000, this.deadline - Date.now()) },
    );
    fs.writeFileSync(mkfsLog, result.stdout + result.stderr);
    if (result.code !== 0) {
      throw new Error(
        `Ceph: ceph-osd --mkfs (${this.record.store}) failed (exit ${String(result.code)}):\n` +
          `${tail(mkfsLog)}\n${tail(path.join(this.layout.logDir, `osd.${id}.log`))}`,
      );
    }
    this.log(`osd.${id} created (${this.record.store})`);
  }

  /** The S3 user, and a role it may assume through STS that allows s3:* on everything. */
  async createUserAndRole(): Promise<void> {
    const trust = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: [`arn:aws:iam:::user/${USER_ID}`] },
          Action: ["sts:AssumeRole"],
        },
      ],
    };
    const permissions = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: ["arn:aws:s3:::*"] }],
    };
    const user = async (): Promise<void> => {
      await this.admin([
        "user",
        "create",
        `--uid=${USER_ID}`,
        "--display-name=Component tests",
        `--access-key=${this.record.accessKeyId}`,
        `--secret=${this.record.secretAccessKey}`,
      ]);
      await this.admin(["caps", "add", `--uid=${USER_ID}`, "--caps=roles=*;user-policy=*"]);
    };
    const role = async (): Promise<void> => {
      const created = parseJson(
        await this.admin([
          "role",
          "create",
          `--role-name=${ROLE_NAME}`,
          "--path=/",
          `--assume-role-policy-doc=${JSON.stringify(trust)}`,
        ]),
      );
      if (isRecord(created) && typeof created.Arn === "string") this.record.roleArn = created.Arn;
      await this.admin([
        "role-policy",
        "put",
        `--role-name=${ROLE_NAME}`,
        "--policy-name=s3-all",
        `--policy-doc=${JSON.stringify(permissions)}`,
      ]);
    };
    await Promise.all([user(), role()]);
    this.log(`user ${USER_ID} and role ${this.record.roleArn} created`);
  }

  async stop(fast: boolean): Promise<void> {
    const running = [...this.daemons].reverse();
    if (fast) {
      await Promise.all(running.map((daemon) => terminate(daemon, "SIGKILL", 0)));
    } else {
      for (const daemon of running) {
        const began = Date.now();
        await terminate(daemon, "SIGTERM", 10_000);
        this.log(`${daemon.name} stopped in ${Date.now() - began} ms`);
      }
    }
    fs.rmSync(this.layout.pidsFile, { force: true });
  }
}

function osdIsUp(dumpJson: string, id: number, pid: number): boolean {
  const dump = parseJson(dumpJson);
  if (!isRecord(dump) || !Array.isArray(dump.osds)) return false;
  for (const entry of dump.osds) {
    if (!isRecord(entry) || entry.osd !== id || entry.up !== 1) continue;
    const address = entry.public_addr;
    return typeof address === "string" && address.endsWith(`/${pid}`);
  }
  return false;
}

/**
 * Starts a single-node Ceph cluster with a RADOS Gateway on free ports of 127.0.0.1 and returns
 * how to reach it. On failure everything started so far is stopped and the error carries the
 * tail of the relevant log.
 */
export async function startCeph(options: StartCephOptions): Promise<LocalS3> {
  const store: CephStore = options.store ?? "memstore";
  const baseDir = path.resolve(options.baseDir);
  const layout = new Layout(baseDir);
  fs.mkdirSync(baseDir, { recursive: true });

  const earlier = readClusterRecord(layout);
  const restart = store === "bluestore" && earlier?.store === "bluestore";
  const record: ClusterRecord =
    restart && earlier !== undefined
      ? earlier
      : {
          fsid: crypto.randomUUID(),
          store,
          monPort: 0,
          rgwPort: 0,
          osdId: 0,
          stsKey: randomString(16, ALNUM),
          accessKeyId: randomString(20, UPPER_ALNUM),
          secretAccessKey: randomString(40, ALNUM),
          roleArn: `arn:aws:iam:::role/${ROLE_NAME}`,
        };
  const cluster = new Cluster(layout, record, restart, options.log, options.detached);
  await stopStaleDaemons(layout, (message) => cluster.log(message));

  try {
    if (restart) {
      cluster.log(`restarting the ${store} cluster in ${baseDir}`);
      fs.mkdirSync(layout.logDir, { recursive: true });
      fs.mkdirSync(layout.runDir, { recursive: true });
      cluster.writeConf();
      const monmapPort = await cluster.monitorPortInMonmap();
      if (monmapPort !== undefined && monmapPort !== record.monPort) {
        cluster.log(`the monmap has the monitor on port ${monmapPort}, not ${record.monPort}`);
        record.monPort = monmapPort;
        cluster.writeConf();
      }
      if (!(await isPortFree(record.monPort))) {
        const [port] = await freePorts(1, [record.monPort, record.rgwPort]);
        if (port === undefined) throw new Error("no free port for ceph-mon");
        cluster.log(`mon port ${record.monPort} is taken, moving the monitor to ${port}`);
        await cluster.moveMonitor(port);
      }
      await cluster.startMonitor();
      await cluster.startOsd();
      await cluster.startGateway();
    } else {
      cluster.log(`creating a ${store} cluster in ${baseDir}`);
      for (const entry of layout.ownEntries()) fs.rmSync(entry, { recursive: true, force: true });
      const dirs = [layout.monData, layout.osdRoot, layout.rgwData, layout.runDir, layout.logDir];
      for (const dir of [...dirs, layout.crashDir]) fs.mkdirSync(dir, { recursive: true });
      const [monPort, rgwPort] = await freePorts(2);
      if (monPort === undefined || rgwPort === undefined) throw new Error("no free ports");
      record.monPort = monPort;
      record.rgwPort = rgwPort;
      cluster.writeConf();
      await cluster.createMonitor();
      await cluster.startMonitor();
      await cluster.createOsd();
      await cluster.startOsd();
      await cluster.startGateway();
      await cluster.createUserAndRole();
    }
    cluster.saveRecord();
  } catch (error) {
    await cluster.stop(true);
    throw error;
  }
  cluster.log(`ready in ${cluster.elapsed()} ms (${restart ? "restart" : "cold start"}, ${store})`);

  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${record.rgwPort}`,
    region: REGION,
    accessKeyId: record.accessKeyId,
    secretAccessKey: record.secretAccessKey,
    roleArn: record.roleArn,
    baseDir,
    pids: cluster.daemons.filter((daemon) => daemon.exit === undefined).map((daemon) => daemon.pid),
    admin: (args) => cluster.admin(args),
    stop: () => {
      if (stopping === undefined) {
        const began = Date.now();
        stopping = cluster.stop(store === "memstore").then(() => {
          cluster.log(`stopped in ${Date.now() - began} ms`);
        });
      }
      return stopping;
    },
  };
}
