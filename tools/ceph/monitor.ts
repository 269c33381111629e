/** The monitor (ceph-mon "a"): keyrings, monmap and data, starting it, and moving its port. */
import * as path from "node:path";
import type { Cluster } from "./cluster";
import { runOk } from "./commands";
import { spawnDaemon } from "./daemons";
import { freePorts } from "./ports";
import { PortInUseError, waitUntilReady } from "./readiness";

/** The keyring (mon., client.admin, client.rgw.gw keys), the monmap and the monitor's data. */
export async function createMonitor(cluster: Cluster): Promise<void> {
  const { keyring, conf, monmap } = cluster.layout;
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
    cluster.record.fsid,
    "--addv",
    "a",
    `[v1:127.0.0.1:${cluster.record.monPort}]`,
    monmap,
  ]);
  await runOk("ceph-mon", ["-c", conf, "--mkfs", "-i", "a", "--monmap", monmap, "--keyring", keyring]);
  cluster.log("keyrings, monmap and mon data created");
}

/** The monitor's port according to its own monmap (the truth, should cluster.json disagree). */
export async function monitorPortInMonmap(cluster: Cluster): Promise<number | undefined> {
  const { conf, monmap } = cluster.layout;
  await runOk("ceph-mon", ["-c", conf, "-i", "a", "--extract-monmap", monmap]);
  const printed = await runOk("monmaptool", ["--print", monmap]);
  const match = /v1:127\.0\.0\.1:(\d+)\/\d+ mon\.a/.exec(printed);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Points the monitor at a new port: its monmap and ceph.conf both name the address. */
export async function moveMonitor(cluster: Cluster, port: number): Promise<void> {
  const conf = cluster.layout.conf;
  const monmap = cluster.layout.monmap;
  await runOk("ceph-mon", ["-c", conf, "-i", "a", "--extract-monmap", monmap]);
  await runOk("monmaptool", [monmap, "--rm", "a"]);
  await runOk("monmaptool", [monmap, "--addv", "a", `[v1:127.0.0.1:${port}]`]);
  await runOk("ceph-mon", ["-c", conf, "-i", "a", "--inject-monmap", monmap]);
  cluster.record.monPort = port;
  cluster.portsChanged();
}

/** Starts the monitor; when its port was taken meanwhile, moves it to a free one (3 attempts). */
export async function startMonitor(cluster: Cluster): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const mon = await spawnDaemon(
      cluster.layout,
      "mon.a",
      "ceph-mon",
      ["-c", cluster.layout.conf, "-i", "a", "-f"],
      path.join(cluster.layout.logDir, "mon.a.log"),
      cluster.detached,
    );
    cluster.daemons.push(mon);
    try {
      const probe = async (signal: AbortSignal): Promise<boolean> =>
        (await cluster.ceph(["-s"], { timeoutMs: 5_000, signal })).code === 0;
      await waitUntilReady(mon, "the monitor answered `ceph -s`", cluster.deadline, true, probe);
      cluster.log(`mon up on port ${cluster.record.monPort} (pid ${mon.pid})`);
      return;
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= 3) throw error;
      await cluster.drop(mon);
      const [port] = await freePorts(1, [cluster.record.monPort, cluster.record.rgwPort]);
      if (port === undefined) throw error;
      cluster.log(`mon port ${cluster.record.monPort} was taken meanwhile, moving to ${port}`);
      await moveMonitor(cluster, port);
    }
  }
}
