/**
 * Installation: makes sure the Ceph programs are on PATH, installing them with apt-get when
 * running as root on Debian.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

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

/** Where apt's full output goes: a newcomer sees a progress line, a failure points here. */
export const INSTALL_LOG = path.join(os.tmpdir(), "aws-s3-component-ceph-install.log");

/**
 * A single status line: rewritten in place on a terminal, otherwise printed only when the step
 * changes, so a CI log gets a few lines rather than apt's hundreds.
 */
class ProgressLine {
  private last = "";
  show(text: string, step: boolean): void {
    if (process.stderr.isTTY) {
      const width = Math.max(20, (process.stderr.columns || 80) - 1);
      process.stderr.write(`\r\x1b[K${text.slice(0, width)}`);
    } else if (step && text !== this.last) process.stderr.write(`${text}\n`);
    this.last = text;
  }
  end(): void {
    if (process.stderr.isTTY && this.last !== "") process.stderr.write("\n");
    this.last = "";
  }
}

/** Runs one apt-get command, its output appended to the log; the progress line names each package it sets up. */
function runLogged(label: string, args: string[], env: NodeJS.ProcessEnv, log: number, progress: ProgressLine) {
  return new Promise<void>((resolve, reject) => {
    fs.writeSync(log, `$ apt-get ${args.join(" ")}\n`);
    const child = spawn("apt-get", args, { env, stdio: ["ignore", log, log] });
    progress.show(label, true);
    const watch = setInterval(() => {
      const packageLine = /(?:Unpacking|Setting up|Get:\d+ \S+ \S+ \S+) (\S+)[^\n]*\n?$/.exec(lastLogLines(1));
      if (packageLine?.[1]) progress.show(`${label}: ${packageLine[1]}`, false);
    }, 250);
    child.once("error", (error) => {
      clearInterval(watch);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearInterval(watch);
      if (code === 0) resolve();
      else reject(new Error(`apt-get ${args.join(" ")} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** The log's last lines (its last 8 KiB at most). */
function lastLogLines(count: number): string {
  try {
    const text = fs.readFileSync(INSTALL_LOG, "utf8");
    return text
      .slice(-8192)
      .split("\n")
      .slice(-count - 1)
      .join("\n");
  } catch {
    return "";
  }
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
  process.stderr.write(`${why}\nInstalling them with apt-get (about 20 s, once); full output in ${INSTALL_LOG}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const log = fs.openSync(INSTALL_LOG, "w");
  const progress = new ProgressLine();
  try {
    await runLogged("Updating the package lists", ["update"], env, log, progress);
    await runLogged(`Installing ${APT_PACKAGES.join(" ")}`, APT_INSTALL_ARGS, env, log, progress);
  } catch (error) {
    progress.end();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}. The last lines of ${INSTALL_LOG}:\n${lastLogLines(20)}`);
  } finally {
    progress.end();
    fs.closeSync(log);
  }
  const stillMissing = missingPrograms();
  if (stillMissing.length > 0) {
    throw new Error(
      `Installed ${APT_PACKAGES.join(" ")} but these programs are still not on PATH: ` +
        `${stillMissing.join(", ")} (PATH=${process.env.PATH ?? ""}).`,
    );
  }
  process.stderr.write("Ceph installed.\n");
}
