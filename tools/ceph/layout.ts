/** Where each piece of a cluster's state lives under its baseDir. */
import * as path from "node:path";

export class Layout {
  readonly conf: string;
  readonly keyring: string;
  readonly monmap: string;
  readonly monData: string;
  readonly osdRoot: string;
  readonly rgwData: string;
  readonly runDir: string;
  readonly logDir: string;
  readonly crashDir: string;
  readonly pidsFile: string;
  readonly clusterFile: string;

  constructor(readonly baseDir: string) {
    this.conf = path.join(baseDir, "ceph.conf");
    this.keyring = path.join(baseDir, "keyring");
    this.monmap = path.join(baseDir, "monmap");
    this.monData = path.join(baseDir, "mon", "a");
    this.osdRoot = path.join(baseDir, "osd");
    this.rgwData = path.join(baseDir, "rgw");
    this.runDir = path.join(baseDir, "run");
    this.logDir = path.join(baseDir, "log");
    this.crashDir = path.join(baseDir, "crash");
    this.pidsFile = path.join(baseDir, "pids");
    this.clusterFile = path.join(baseDir, "cluster.json");
  }

  osdData(id: number): string {
    return path.join(this.osdRoot, String(id));
  }

  osdKeyring(id: number): string {
    return path.join(this.osdData(id), "keyring");
  }

  /** Everything startCeph creates; a fresh start removes exactly these, nothing else. */
  ownEntries(): string[] {
    return [
      this.conf,
      this.keyring,
      this.monmap,
      path.join(this.baseDir, "mon"),
      this.osdRoot,
      this.rgwData,
      this.runDir,
      this.logDir,
      this.crashDir,
      this.pidsFile,
      this.clusterFile,
    ];
  }
}
