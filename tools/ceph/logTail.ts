/** Reading the end of a daemon's log, for error messages. */
import * as fs from "node:fs";

/** The last `lines` lines of a log file from byte `from` on ("" if it does not exist). */
export function tail(file: string, lines = 25, from = 0): string {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return "";
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.max(0, Math.min(size - from, 64 * 1024));
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    return buffer
      .toString("utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .slice(-lines)
      .join("\n");
  } finally {
    fs.closeSync(fd);
  }
}
