/**
 * `npm test`: the type check, Biome, ESLint and the docs check, then the unit and integration
 * tests on the platform's Node 22, then on Node 20 (this machine's) and 24 (the platform's next)
 * the tests whose behaviour differs between Node versions. Stops at the first failing step; at
 * the end prints each step's time and the slowest test files, so a slow test is seen the day it
 * lands. `npm run test:scale` runs the scale tests (test/scale) on Node 22 with the same report.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isRecord } from "../src/glue/guards";
import { nodeRelease } from "./nodeRelease";

/**
 * What differs between Node versions: streams and memory (uploads, downloads, transfers and
 * the killed transfer's memory bound), the HTTP paths (timeouts, fetched URLs, the SNS webhook
 * end to end, the fake AWS endpoints of the unit tests) and the bundle the platform runs.
 */
const ACROSS_VERSIONS = [
  "test/unit/",
  "test/integration/actions/uploadStreams/",
  "test/integration/actions/objects/objects.test.ts",
  "test/integration/actions/objects/uploadFromUrl.test.ts",
  "test/integration/actions/bulk/transferObject.test.ts",
  "test/integration/actions/bulk/killedTransfer.test.ts",
  "test/integration/transfer/",
  "test/integration/aws/timeouts.test.ts",
  "test/integration/triggers/snsEndToEnd.test.ts",
  "test/integration/tools/bundle.test.ts",
];

interface Step {
  name: string;
  /** A command line, or the jest arguments of a pass on a Node release. */
  command: string[] | { node: string; jest: string[] };
}

const SUITE: Step[] = [
  { name: "type check", command: ["npm", "run", "-s", "typecheck"] },
  { name: "Biome and ESLint", command: ["npm", "run", "-s", "lint"] },
  { name: "docs check", command: ["npm", "run", "-s", "docs", "--", "--check"] },
  { name: "Node 22: unit and integration", command: { node: "22", jest: ["--selectProjects", "unit", "integration"] } },
  ...["20", "24"].map((node) => ({
    name: `Node ${node}: what differs between versions`,
    command: { node, jest: [...ACROSS_VERSIONS, "--selectProjects", "unit", "integration"] },
  })),
];

const SCALE: Step[] = [{ name: "Node 22: scale", command: { node: "22", jest: ["--selectProjects", "scale"] } }];

interface FileTime {
  seconds: number;
  file: string;
  step: string;
}

interface Done {
  name: string;
  seconds: number;
  ok: boolean;
}

function spawned(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code === 0));
  });
}

/** The test files' times from jest's --json report. */
function fileTimes(report: string, step: string): FileTime[] {
  if (!fs.existsSync(report)) return [];
  const parsed: unknown = JSON.parse(fs.readFileSync(report, "utf8"));
  const results = isRecord(parsed) && Array.isArray(parsed.testResults) ? parsed.testResults : [];
  return results.flatMap((result: unknown) => {
    if (!isRecord(result)) return [];
    const { name, startTime, endTime } = result;
    if (typeof name !== "string" || typeof startTime !== "number" || typeof endTime !== "number") return [];
    return [{ seconds: (endTime - startTime) / 1000, file: path.relative(process.cwd(), name), step }];
  });
}

async function runStep(step: Step, reports: string, times: FileTime[]): Promise<boolean> {
  if (Array.isArray(step.command)) {
    const [command = "", ...args] = step.command;
    return spawned(command, args);
  }
  const node = await nodeRelease(step.command.node);
  process.stderr.write(`\n${step.name} (${node.version})\n`);
  const report = path.join(reports, `${times.length}-${step.command.node}.json`);
  const jest = path.join("node_modules", "jest", "bin", "jest.js");
  const ok = await spawned(node.execPath, [jest, "--json", "--outputFile", report, ...step.command.jest]);
  times.push(...fileTimes(report, step.name));
  return ok;
}

function format(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

function summary(done: Done[], times: FileTime[], started: number): string {
  const slowest = [...times].sort((a, b) => b.seconds - a.seconds).slice(0, 10);
  return [
    "",
    "Steps:",
    ...done.map((step) => `  ${step.ok ? "ok  " : "FAIL"} ${format(step.seconds).padStart(12)}  ${step.name}`),
    `  total ${format((Date.now() - started) / 1000)} (load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(", ")})`,
    "Slowest test files:",
    ...slowest.map((time) => `  ${format(time.seconds).padStart(12)}  ${time.file}  (${time.step})`),
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const steps = process.argv.includes("--scale") ? SCALE : SUITE;
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), "aws-s3-test-reports-"));
  const started = Date.now();
  const done: Done[] = [];
  const times: FileTime[] = [];
  try {
    for (const step of steps) {
      const stepStarted = Date.now();
      const ok = await runStep(step, reports, times);
      done.push({ name: step.name, seconds: (Date.now() - stepStarted) / 1000, ok });
      if (!ok) break;
    }
  } finally {
    fs.rmSync(reports, { recursive: true, force: true });
  }
  process.stdout.write(summary(done, times, started));
  process.exitCode = done.every((step) => step.ok) && done.length === steps.length ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
