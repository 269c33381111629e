/**
 * Installation: makes sure the Ceph programs are on PATH, installing them with apt-get when
 * running as root on Debian.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
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
