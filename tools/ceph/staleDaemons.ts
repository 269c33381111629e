/**
 * Stopping daemons left by an earlier run on the same baseDir (e.g. one that crashed): by the
 * PIDs recorded in `baseDir/pids`, never by name, and only processes that are provably ours.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Layout } from "./layout";
import { sleep } from "./timers";

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

/** Ceph daemons left by an earlier run on this baseDir (e.g. one that crashed) are stopped. */
export async function stopStaleDaemons(layout: Layout, log: (message: string) => void): Promise<void> {
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
