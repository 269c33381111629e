/**
 * A throwaway single-node Ceph cluster with a RADOS Gateway (the S3 server the tests and the
 * local runner talk to), listening on 127.0.0.1 only.
 *
 * - All state lives under `baseDir`: our own ceph.conf, keyrings, mon/osd data, logs in `log/`.
 * - The daemons (ceph-mon, ceph-osd, radosgw) run in the foreground as children of this process.
 *   Their PIDs are recorded in `baseDir/pids` ("name pid" per line) and they are only ever stopped
 *   by those PIDs, never by name.
 * - Ports are picked free at start (a listener on port 0), so parallel runs never collide.
 * - `memstore` keeps everything in memory (fastest, gone after stop). `bluestore` keeps the data in
 *   a sparse file under `baseDir`; starting again on the same `baseDir` restarts the daemons on the
 *   existing data and returns the same credentials (recorded in `baseDir/cluster.json`).
 *
 * Only Node built-ins are used, so this runs anywhere the Ceph programs are installed
 * (Debian 12: `apt-get install ceph-mon ceph-osd radosgw ceph-common`, Ceph 16 "pacific").
 *
 * The modules, in the order a start uses them: install (apt), record (cluster.json), layout,
 * config (ceph.conf), ports, staleDaemons, cluster, monitor, osd, gateway, users (radosgw-admin),
 * with daemons (spawn/terminate), readiness (waiting, failure reports) and commands underneath.
 */
export { ensureCephInstalled } from "./install";
export type { CephStore } from "./record";
export { type LocalS3, type StartCephOptions, startCeph } from "./start";
export { USER_ID } from "./users";
