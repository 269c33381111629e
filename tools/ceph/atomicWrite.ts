/** Replacing a state file (ceph.conf, cluster.json, pids) so a reader never sees half of it. */
import * as fs from "node:fs";

export function writeFileAtomic(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}
