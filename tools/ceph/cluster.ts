/**
 * One start of a cluster: its layout and record, the daemons started so far (in start order),
 * the start's deadline and progress log, and how to talk to it (ceph, radosgw-admin) and stop it.
 * The steps that create and start each daemon live in monitor.ts, osd.ts, gateway.ts, users.ts.
 */
import * as fs from "node:fs";
import { writeFileAtomic } from "./atomicWrite";
import { type RunResult, run, runOk } from "./commands";
import { writeConf } from "./config";
import { type Daemon, terminate } from "./daemons";
import type { Layout } from "./layout";
import { OVERALL_TIMEOUT_MS } from "./readiness";
import { type ClusterRecord, saveClusterRecord } from "./record";

export class Cluster {
  readonly daemons: Daemon[] = [];
  private readonly started = Date.now();
  readonly deadline = this.started + OVERALL_TIMEOUT_MS;

  constructor(
    readonly layout: Layout,
    readonly record: ClusterRecord,
    /** True when restarting a complete cluster: its cluster.json must follow any port change. */
    private readonly established: boolean,
    private readonly sink: ((line: string) => void) | undefined,
    readonly detached = false,
  ) {}

  log(message: string): void {
    this.sink?.(`[ceph +${Date.now() - this.started} ms] ${message}`);
  }

  elapsed(): number {
    return Date.now() - this.started;
  }

  writeConf(): void {
    writeConf(this.layout, this.record);
  }

  saveRecord(): void {
    saveClusterRecord(this.layout, this.record);
  }

  /** Called after a port in the record changed: ceph.conf (and cluster.json) follow. */
  portsChanged(): void {
    this.writeConf();
    if (this.established) this.saveRecord();
  }

  ceph(args: string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<RunResult> {
    const connectTimeout = Math.max(1, Math.ceil(options.timeoutMs / 1000));
    return run("ceph", ["-c", this.layout.conf, "--connect-timeout", String(connectTimeout), ...args], {
      timeoutMs: options.timeoutMs + 5_000,
      signal: options.signal,
    });
  }

  async cephOk(args: string[]): Promise<string> {
    const result = await this.ceph(args, { timeoutMs: 30_000 });
    if (result.code !== 0) {
      throw new Error(`ceph ${args.join(" ")} failed: ${result.stderr.trim()}`);
    }
    return result.stdout;
  }

  admin(args: string[]): Promise<string> {
    return runOk("radosgw-admin", ["-c", this.layout.conf, "-n", "client.admin", ...args]);
  }

  /** Kills a daemon that lost its port race and forgets it, so it can be started again. */
  async drop(daemon: Daemon): Promise<void> {
    await terminate(daemon, "SIGKILL", 0);
    const index = this.daemons.indexOf(daemon);
    if (index >= 0) this.daemons.splice(index, 1);
    this.rewritePids();
  }

  rewritePids(): void {
    const lines = this.daemons
      .filter((daemon) => daemon.exit === undefined)
      .map((daemon) => `${daemon.name} ${daemon.pid}\n`);
    if (lines.length === 0) fs.rmSync(this.layout.pidsFile, { force: true });
    else writeFileAtomic(this.layout.pidsFile, lines.join(""));
  }

  /** Stops the daemons in reverse start order; `fast` kills them outright (nothing to keep). */
  async stop(fast: boolean): Promise<void> {
    const running = [...this.daemons].reverse();
    if (fast) {
      await Promise.all(running.map((daemon) => terminate(daemon, "SIGKILL", 0)));
    } else {
      for (const daemon of running) {
        const began = Date.now();
        await terminate(daemon, "SIGTERM", 10_000);
        this.log(`${daemon.name} stopped in ${Date.now() - began} ms`);
      }
    }
    fs.rmSync(this.layout.pidsFile, { force: true });
  }
}
