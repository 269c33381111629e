/** The single OSD: registering it with the monitor, creating its object store, starting it. */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { isRecord } from "../../src/glue/guards";
import type { Cluster } from "./cluster";
import { run, runOk } from "./commands";
import { spawnDaemon } from "./daemons";
import { parseJson } from "./json";
import { tail } from "./logTail";
import { waitUntilReady } from "./readiness";

/** Registers the OSD with the monitor (with its cephx key) and creates its object store. */
export async function createOsd(cluster: Cluster): Promise<void> {
  const osdUuid = crypto.randomUUID();
  const key = (await runOk("ceph-authtool", ["--gen-print-key"])).trim();
  const secrets = path.join(cluster.layout.baseDir, "osd-secrets.json");
  fs.writeFileSync(secrets, JSON.stringify({ cephx_secret: key }), { mode: 0o600 });
  let id: number;
  try {
    id = Number((await cluster.cephOk(["osd", "new", osdUuid, "-i", secrets])).trim());
  } finally {
    fs.rmSync(secrets, { force: true });
  }
  if (!Number.isInteger(id) || id < 0) throw new Error("`ceph osd new` returned no OSD id");
  cluster.record.osdId = id;
  fs.mkdirSync(cluster.layout.osdData(id), { recursive: true });
  fs.writeFileSync(cluster.layout.osdKeyring(id), `[osd.${id}]\n\tkey = ${key}\n`, { mode: 0o600 });
  const mkfsLog = path.join(cluster.layout.logDir, "osd.mkfs.log");
  const result = await run(
    "ceph-osd",
    [
      "-c",
      cluster.layout.conf,
      "-i",
      String(id),
      "--mkfs",
      "--osd-uuid",
      osdUuid,
      "--keyring",
      cluster.layout.osdKeyring(id),
    ],
    { timeoutMs: Math.max(1_000, cluster.deadline - Date.now()) },
  );
  fs.writeFileSync(mkfsLog, result.stdout + result.stderr);
  if (result.code !== 0) {
    throw new Error(
      `Ceph: ceph-osd --mkfs (${cluster.record.store}) failed (exit ${String(result.code)}):\n` +
        `${tail(mkfsLog)}\n${tail(path.join(cluster.layout.logDir, `osd.${id}.log`))}`,
    );
  }
  cluster.log(`osd.${id} created (${cluster.record.store})`);
}

export async function startOsd(cluster: Cluster): Promise<void> {
  const id = cluster.record.osdId;
  const osd = await spawnDaemon(
    cluster.layout,
    `osd.${id}`,
    "ceph-osd",
    ["-c", cluster.layout.conf, "-i", String(id), "-f", "--keyring", cluster.layout.osdKeyring(id)],
    path.join(cluster.layout.logDir, `osd.${id}.log`),
    cluster.detached,
  );
  cluster.daemons.push(osd);
  // Up in the osdmap *with this process's address* (the address nonce is the OSD's pid), so a
  // stale "up" left by a killed OSD does not count.
  await waitUntilReady(osd, `osd.${id} was up`, cluster.deadline, false, async (signal) => {
    const result = await cluster.ceph(["osd", "dump", "-f", "json"], { timeoutMs: 5_000, signal });
    return result.code === 0 && osdIsUp(result.stdout, id, osd.pid);
  });
  cluster.log(`osd.${id} up (${cluster.record.store}, pid ${osd.pid})`);
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
