/**
 * The daemons (ceph-mon, ceph-osd, radosgw): started in the foreground as children of this
 * process, their PIDs recorded in `baseDir/pids`, stopped only through those children.
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cephEnv } from "./commands";
import type { Layout } from "./layout";
import { settlesWithin } from "./timers";

export interface Daemon {
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

export async function spawnDaemon(
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

/** Sends `signal`, waits up to `graceMs`, then SIGKILL. */
export async function terminate(daemon: Daemon, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (daemon.exit !== undefined) return;
  daemon.child.kill(signal);
  if (signal !== "SIGKILL" && !(await settlesWithin(daemon.exited, graceMs))) {
    daemon.child.kill("SIGKILL");
  }
  await daemon.exited;
}
