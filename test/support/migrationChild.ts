/**
 * A process of its own for the migration scale tests (migrationAtScale.test.ts): runs one
 * migration action through spectral's harness, as the platform runs a step, so the test can
 * kill it mid-way and read its peak RSS. It reads a job from stdin:
 *
 *   { "action": "transferObject", "params": { ... },
 *     "connections": { "sourceConnection": { "user": "first" },
 *                      "destinationConnection": { "user": "second", "endpoint": "http://127.0.0.1:PORT" } } }
 *
 * Each connection input is built here from the test target (TEST_S3_TARGET_FILE, inherited),
 * with the keys of the user named and optionally another endpoint (a counting proxy). It prints
 * one JSON line: `{ "data": <the action's result data>, "maxRssBytes": <peak RSS> }`.
 *
 * The test bundles this file with tools/bundle.ts and runs it with plain `node`: the measured
 * memory is the component's, not a TypeScript loader's.
 */
import type { Connection } from "@prismatic-io/spectral";
import { createConnection, createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../../src";
import { apiKeySecret } from "../../src/connections";
import { isRecord } from "../../src/glue/guards";
import { testTarget } from "./target";

/** Whose keys a connection carries: the target's first user or its second (who cannot see the first's buckets). */
export type MigrationUser = "first" | "second";

export interface MigrationConnection {
  user: MigrationUser;
  /** Another endpoint than the target's, e.g. a counting proxy in front of it. */
  endpoint?: string;
}

export interface MigrationJob {
  action: string;
  params: Record<string, unknown>;
  /** Connection inputs by input key, built in the child. */
  connections: Record<string, MigrationConnection>;
}

/** The child's one line of output. */
export interface MigrationChildResult {
  data: unknown;
  maxRssBytes: number;
}

function parseJob(value: unknown): MigrationJob {
  if (!isRecord(value)) throw new Error("the job is not a JSON object");
  const { action, params, connections } = value;
  if (typeof action !== "string") throw new Error('the job has no text "action"');
  if (!isRecord(params)) throw new Error('the job has no object "params"');
  if (!isRecord(connections)) throw new Error('the job has no object "connections"');
  const parsed: Record<string, MigrationConnection> = {};
  for (const [key, connection] of Object.entries(connections)) {
    if (!isRecord(connection)) throw new Error(`connection "${key}" is not an object`);
    const { user, endpoint } = connection;
    if (user !== "first" && user !== "second") throw new Error(`connection "${key}": user must be first or second`);
    if (endpoint !== undefined && typeof endpoint !== "string") throw new Error(`connection "${key}": bad endpoint`);
    parsed[key] = endpoint === undefined ? { user } : { user, endpoint };
  }
  return { action, params, connections: parsed };
}

/** The same connection as test/support/harness.ts keyConnection / secondKeyConnection build (that module also loads jest helpers). */
function connectionOf({ user, endpoint }: MigrationConnection): Connection {
  const target = testTarget();
  const keys = user === "first" ? target : target.secondUser;
  if (keys === undefined) throw new Error("the test target has no second user");
  const value = createConnection(apiKeySecret, {
    accessKeyId: keys.accessKeyId,
    secretAccessKey: keys.secretAccessKey,
    sessionToken: user === "first" ? (target.sessionToken ?? "") : "",
    endpoint: endpoint ?? target.endpoint,
    forcePathStyle: "true",
  });
  return { key: value.key, configVarKey: value.configVarKey ?? apiKeySecret.key, fields: value.fields };
}

async function main(): Promise<void> {
  let input = "";
  for await (const chunk of process.stdin) input += String(chunk);
  const job = parseJob(JSON.parse(input));
  const connections = Object.fromEntries(
    Object.entries(job.connections).map(([key, connection]) => [key, connectionOf(connection)]),
  );
  const result = await createHarness(component).action(job.action, { ...job.params, ...connections });
  const line: MigrationChildResult = {
    data: result?.data,
    // maxRSS is in KiB: the highest resident set of this process, loading included.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

// The SDK warns on stderr about Node releases it will drop; the test reads stderr only on failure.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
