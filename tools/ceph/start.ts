/**
 * Starting a cluster: a fresh one (memstore, or bluestore the first time) or a restart of a
 * bluestore cluster on its existing data with the same credentials; then how to reach and stop it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Cluster } from "./cluster";
import { startGateway } from "./gateway";
import { Layout } from "./layout";
import { createMonitor, monitorPortInMonmap, moveMonitor, startMonitor } from "./monitor";
import { createOsd, startOsd } from "./osd";
import { freePorts, isPortFree } from "./ports";
import { type CephStore, type ClusterRecord, newClusterRecord, readClusterRecord } from "./record";
import { stopStaleDaemons } from "./staleDaemons";
import { createUsersAndRole } from "./users";

const REGION = "us-east-1";

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
  /** Another user's keys: they cannot read the first user's buckets, nor the first user theirs. */
  secondUser: { accessKeyId: string; secretAccessKey: string };
  baseDir: string;
  /** PIDs of ceph-mon, ceph-osd and radosgw, in start order. */
  pids: number[];
  /** Runs `radosgw-admin -c <conf> -n client.admin ...args` and returns its stdout. */
  admin(args: string[]): Promise<string>;
  /** Stops the daemons by their recorded PIDs (radosgw, then the OSD, then the monitor). */
  stop(): Promise<void>;
}

/** Brings a recorded bluestore cluster back: same monitor port if still free, same data. */
async function restartCluster(cluster: Cluster): Promise<void> {
  const { layout, record } = cluster;
  cluster.log(`restarting the ${record.store} cluster in ${layout.baseDir}`);
  fs.mkdirSync(layout.logDir, { recursive: true });
  fs.mkdirSync(layout.runDir, { recursive: true });
  cluster.writeConf();
  const monmapPort = await monitorPortInMonmap(cluster);
  if (monmapPort !== undefined && monmapPort !== record.monPort) {
    cluster.log(`the monmap has the monitor on port ${monmapPort}, not ${record.monPort}`);
    record.monPort = monmapPort;
    cluster.writeConf();
  }
  if (!(await isPortFree(record.monPort))) {
    const [port] = await freePorts(1, [record.monPort, record.rgwPort]);
    if (port === undefined) throw new Error("no free port for ceph-mon");
    cluster.log(`mon port ${record.monPort} is taken, moving the monitor to ${port}`);
    await moveMonitor(cluster, port);
  }
  await startMonitor(cluster);
  await startOsd(cluster);
  await startGateway(cluster);
}

/** Creates a cluster from nothing, replacing whatever an earlier one left in baseDir. */
async function createCluster(cluster: Cluster): Promise<void> {
  const { layout, record } = cluster;
  cluster.log(`creating a ${record.store} cluster in ${layout.baseDir}`);
  for (const entry of layout.ownEntries()) fs.rmSync(entry, { recursive: true, force: true });
  const dirs = [layout.monData, layout.osdRoot, layout.rgwData, layout.runDir, layout.logDir];
  for (const dir of [...dirs, layout.crashDir]) fs.mkdirSync(dir, { recursive: true });
  const [monPort, rgwPort] = await freePorts(2);
  if (monPort === undefined || rgwPort === undefined) throw new Error("no free ports");
  record.monPort = monPort;
  record.rgwPort = rgwPort;
  cluster.writeConf();
  await createMonitor(cluster);
  await startMonitor(cluster);
  await createOsd(cluster);
  await startOsd(cluster);
  await startGateway(cluster);
  await createUsersAndRole(cluster);
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
  const record: ClusterRecord = restart && earlier !== undefined ? earlier : newClusterRecord(store);
  const cluster = new Cluster(layout, record, restart, options.log, options.detached);
  await stopStaleDaemons(layout, (message) => cluster.log(message));

  try {
    if (restart) await restartCluster(cluster);
    else await createCluster(cluster);
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
    secondUser: { accessKeyId: record.secondAccessKeyId, secretAccessKey: record.secondSecretAccessKey },
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
