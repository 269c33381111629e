/** Our own ceph.conf: a single-node cluster on 127.0.0.1, tuned for fast starts and small requests. */
import { writeFileAtomic } from "./atomicWrite";
import type { Layout } from "./layout";
import type { ClusterRecord } from "./record";

function renderConf(layout: Layout, cluster: ClusterRecord): string {
  const base = layout.baseDir;
  const store =
    cluster.store === "memstore"
      ? [
          "osd objectstore = memstore",
          // 8 GiB: room for two 1 GiB objects at once plus the rest of the suite; memstore only
          // takes memory for what is actually written
          "memstore device bytes = 8589934592",
        ]
      : [
          "osd objectstore = bluestore",
          // a sparse file: takes only the space actually written
          `bluestore block path = ${layout.osdRoot}/block.$id`,
          "bluestore block create = true",
          "bluestore block size = 10737418240",
          "bluestore fsck on mount = false",
          "bluestore cache autotune = false",
          "bluestore cache size = 268435456",
          "osd memory target = 1073741824",
        ];
  return [
    "# Written by tools/ceph: a throwaway single-node cluster on 127.0.0.1.",
    "[global]",
    `fsid = ${cluster.fsid}`,
    // v1 (legacy) protocol only: the monmap is built with an explicit v1 address
    `mon host = v1:127.0.0.1:${cluster.monPort}`,
    "mon initial members = a",
    "public addr = 127.0.0.1",
    "ms bind ipv6 = false",
    "ms bind msgr2 = false",
    `keyring = ${layout.keyring}`,
    `run dir = ${layout.runDir}`,
    `crash dir = ${layout.crashDir}`,
    `log file = ${base}/log/$name.log`,
    "log to stderr = false",
    "err to stderr = true",
    "auth cluster required = cephx",
    "auth service required = cephx",
    "auth client required = cephx",
    "osd pool default size = 1",
    "osd pool default min size = 1",
    "osd pool default pg num = 8",
    "osd pool default pgp num = 8",
    "osd pool default pg autoscale mode = off",
    "osd crush chooseleaf type = 0",
    "mon allow pool size one = true",
    "mon allow pool delete = true",
    "mon warn on pool no redundancy = false",
    "mon data avail warn = 2",
    "mon data avail crit = 1",
    "mon max pg per osd = 1000",
    // every map change (each pool radosgw creates, ...) otherwise waits about a second
    "paxos propose interval = 0.05",
    "paxos min wait = 0.01",
    // Ceph's default log levels cost a good part of its small-request throughput here.
    ...[
      "rgw",
      "ms",
      "osd",
      "objclass",
      "filestore",
      "memstore",
      "bluestore",
      "rados",
      "monc",
      "auth",
      "paxos",
      "mon",
    ].map((subsystem) => `debug ${subsystem} = 0/0`),
    "",
    "[mon.a]",
    `mon data = ${layout.monData}`,
    "",
    "[osd]",
    `osd data = ${layout.osdRoot}/$id`,
    ...store,
    "osd max object name len = 460",
    "osd max object namespace len = 64",
    "",
    "[client.rgw.gw]",
    `rgw frontends = beast endpoint=127.0.0.1:${cluster.rgwPort}`,
    `rgw data = ${layout.rgwData}`,
    "rgw dns name = localhost",
    `rgw sts key = ${cluster.stsKey}`,
    "rgw s3 auth use sts = true",
    "rgw enable usage log = false",
    "rgw max put size = 5368709120",
    // Lets tests create buckets with the legacy names (uppercase, underscores) old AWS buckets have.
    "rgw relaxed s3 bucket names = true",
    "",
  ].join("\n");
}

export function writeConf(layout: Layout, cluster: ClusterRecord): void {
  writeFileAtomic(layout.conf, renderConf(layout, cluster));
}
