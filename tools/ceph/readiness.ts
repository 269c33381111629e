/**
 * Waiting until a daemon is ready, and failing with the tail of its logs when it exits, loses
 * its port, or the start's deadline passes.
 */
import type { Daemon } from "./daemons";
import { tail } from "./logTail";
import { sleep } from "./timers";

/** How long a whole start (create or restart, all three daemons) may take. */
export const OVERALL_TIMEOUT_MS = 120_000;

export class PortInUseError extends Error {}

export function describeFailure(daemon: Daemon, problem: string): Error {
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
export function lostPortRace(daemon: Daemon): boolean {
  return tail(daemon.stderrFile, 50, daemon.stderrFrom).includes("Address already in use");
}

/**
 * Polls `probe` until it reports readiness. Fails with the daemon's log tail when the daemon
 * exits, reports that its fixed port was taken (PortInUseError, when `fixedPort`), or the
 * deadline passes. A probe still running when the daemon dies is aborted.
 */
export async function waitUntilReady(
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
