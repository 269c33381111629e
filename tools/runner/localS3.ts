/**
 * The embedded local S3: the Ceph RADOS Gateway recipe the tests use, on the file-backed
 * bluestore so buckets and objects survive between runs. Started on demand (installed first
 * when missing); the runner stops it when it is done, fails, or is interrupted (interrupts.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureCephInstalled, type LocalS3, startCeph } from "../ceph";
import type { RunnerIO } from "./io";
import { errorMessage } from "./io";

export interface EmbeddedS3 {
  server: LocalS3;
  /** Stops the daemons (by PID) and releases the directory; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * One runner per directory: a second one would stop the first one's daemons (startCeph stops
 * whatever the PID file names) in the middle of its work.
 */
function lockDirectory(baseDir: string): () => void {
  const lock = path.join(baseDir, "runner.pid");
  fs.mkdirSync(baseDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(lock, { force: true });
    } catch (error) {
      const holder = Number(fs.readFileSync(lock, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `Another runner (pid ${holder}) is using the embedded S3 in ${baseDir}. Wait for it to finish, or give this one its own directory with AWS_S3_LOCAL_DIR=/some/other/dir.`,
        );
      }
      if (attempt > 0) throw error;
      fs.rmSync(lock, { force: true });
    }
  }
  throw new Error(`Could not lock ${lock}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && "code" in error && error.code === "EPERM";
  }
}

const relative = (dir: string): string => {
  const shown = path.relative(process.cwd(), dir);
  return shown === "" || shown.startsWith("..") ? dir : shown;
};

export async function startEmbeddedS3(baseDir: string, io: RunnerIO): Promise<EmbeddedS3> {
  try {
    await ensureCephInstalled(
      "npm start runs the component against an embedded local S3, a Ceph RADOS Gateway on 127.0.0.1",
    );
  } catch (error) {
    throw new Error(
      `${errorMessage(error)}\nOr run against another S3 instead: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus S3_ENDPOINT for an S3-compatible service).`,
    );
  }
  const unlock = lockDirectory(baseDir);
  const fresh = !fs.existsSync(path.join(baseDir, "cluster.json"));
  io.stderr(
    `Starting the embedded S3 (Ceph RADOS Gateway, data kept in ${relative(baseDir)}${fresh ? ", first start: creating it" : ""})...\n`,
  );
  const began = Date.now();
  let server: LocalS3;
  try {
    // Detached: a Ctrl-C in the terminal must not stop the server under the demo's cleanup.
    server = await startCeph({ baseDir, store: "bluestore", detached: true });
  } catch (error) {
    unlock();
    throw new Error(
      `Starting the embedded S3 failed (state and logs in ${baseDir}): ${errorMessage(error)}\n` +
        `Delete ${baseDir} to start over with an empty store, or use another S3 (see npm start -- --help).`,
    );
  }
  io.stderr(`Embedded S3 ready at ${server.endpoint} in ${((Date.now() - began) / 1000).toFixed(1)} s.\n`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= server.stop().finally(unlock);
    return stopping;
  };
  return { server, stop };
}
