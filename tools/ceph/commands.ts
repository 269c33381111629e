/** Running Ceph's command-line programs to completion (ceph, ceph-authtool, monmaptool, ...). */
import { spawn } from "node:child_process";

/** The environment for Ceph programs: ours, without CEPH_* variables that would redirect them. */
export function cephEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("CEPH_")) env[key] = value;
  }
  return env;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion, capturing its output; killed on timeout or abort. */
export function run(
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

/** Runs a program and returns its stdout; a non-zero exit throws with its output. */
export async function runOk(command: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const result = await run(command, args, { timeoutMs });
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (exit code ${String(result.code)}):\n` +
        (result.stderr.trim() || result.stdout.trim()),
    );
  }
  return result.stdout;
}
