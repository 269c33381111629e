/**
 * A Node binary by release: this process's own when it is that release, else the release from
 * the npm registry's `node` package (npx keeps it in npm's cache), asked once for its path and
 * version. The benchmark and the test passes run on Node 20, 22 and 24 this way.
 */
import { execFile } from "node:child_process";

export interface NodeBinary {
  execPath: string;
  version: string;
}

const own = (): NodeBinary => ({ execPath: process.execPath, version: process.version });

/** `wanted`: a major release (20, 22, 24) or an exact version; undefined means this process's Node. */
export async function nodeRelease(wanted: string | undefined): Promise<NodeBinary> {
  if (wanted === undefined || process.version === `v${wanted}` || process.version.startsWith(`v${wanted}.`))
    return own();
  process.stderr.write(`fetching Node ${wanted} with npx\n`);
  const script = "process.stdout.write(JSON.stringify({ execPath: process.execPath, version: process.version }))";
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile("npx", ["-y", "-p", `node@${wanted}`, "--", "node", "-e", script], (error, out, err) =>
      error ? reject(new Error(`Node ${wanted}: npx could not run it:\n${err.trim() || error.message}`)) : resolve(out),
    ),
  );
  const parsed: unknown = JSON.parse(stdout.trim().split("\n").pop() ?? "");
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !("execPath" in parsed) ||
    !("version" in parsed) ||
    typeof parsed.execPath !== "string" ||
    typeof parsed.version !== "string"
  )
    throw new Error(`Node ${wanted}: npx printed no Node path`);
  return { execPath: parsed.execPath, version: parsed.version };
}
