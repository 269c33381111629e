/**
 * `npm start`: the demo flow, or one action, trigger or data source run from flags, against the
 * embedded local S3 or the S3 the environment names. Returns the exit code; never throws.
 */
import * as path from "node:path";
import type { Component, TriggerPayload } from "@prismatic-io/spectral/dist/serverTypes";
import { defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import defaultComponent from "../../src";
import { CONNECTION_KEYS } from "../../src/aws/connectionFields";
import { isRecord } from "../../src/glue/guards";
import { parseArgs, singleValue } from "./args";
import { describeTarget, findTarget, listing, type Target, targetsOf } from "./catalog";
import {
  CONNECTION_FLAGS,
  type ConnectionPlan,
  connectionValue,
  maskedConnection,
  planConnection,
  secretFieldNames,
  secretValues,
} from "./connection";
import { DEFAULT_DEMO_SIZE, parseSize, runDemo } from "./demo";
import { helpText } from "./help";
import { Interrupted, Interrupts } from "./interrupts";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, errorMessage, type RunnerIO, UsageError } from "./io";
import { type EmbeddedS3, startEmbeddedS3 } from "./localS3";
import { binaryOf, fileJson, formatBytes, json, scrub, summarise, writeOut } from "./output";
import { paramsFromFlags, triggerPayload } from "./params";
import { closeSession, createSession, describeInputs, resultOf, runStep, type Session, timing } from "./step";
import { checkUntilDone, runUntilDone } from "./untilDone";

/** The project's root: the embedded S3's default directory is inside it. */
export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

export interface CliOptions {
  /** The component to run; the project's own unless a test brings another. */
  component?: Component;
  projectDir?: string;
}

/** Whether the target's results are bytes (judged by its example payload), so they need --out. */
function expectsBinary(target: Target): boolean {
  return target.kind === "action" && binaryOf(resultOf(target, target.examplePayload)) !== undefined;
}

/** The execution context the harness puts in every trigger payload (customer, flow, ...): noise here. */
const HARNESS_CONTEXT = Object.keys(defaultTriggerPayload()).filter(
  (key) => !["headers", "queryParameters", "rawBody", "body", "pathFragment"].includes(key),
);

function withoutHarnessContext(result: unknown): unknown {
  const payload = isRecord(result) ? result.payload : undefined;
  if (!isRecord(result) || !isRecord(payload)) return result;
  return {
    ...result,
    payload: Object.fromEntries(Object.entries(payload).filter(([key]) => !HARNESS_CONTEXT.includes(key))),
  };
}

interface Request {
  target: Target;
  params: Record<string, unknown>;
  payload?: Partial<TriggerPayload>;
  outFile?: string;
  untilDone: boolean;
}

async function runOne(session: Session, request: Request): Promise<number> {
  const { target, params, payload, outFile } = request;
  const { io } = session;
  io.stderr(`▶ ${target.key} — ${target.label}\n${describeInputs(session, target, params)}`);
  const outcome = request.untilDone
    ? await runUntilDone(session, target, params)
    : await runStep(session, target, params, payload);
  const value = resultOf(target, outcome.result);
  // getObject's result is the bytes, with their content type beside them (as the official component's).
  const binary =
    target.kind === "action"
      ? binaryOf(
          isRecord(outcome.result) && Buffer.isBuffer(value)
            ? { data: value, contentType: outcome.result.contentType }
            : value,
        )
      : undefined;
  let shown: unknown = value;
  if (binary !== undefined) {
    const size = formatBytes(binary.bytes.length);
    if (outFile === undefined) {
      io.stderr(
        `${target.key} returned ${size} of binary data${binary.contentType ? ` (${binary.contentType})` : ""}; run it again with --out <file> to save it.\n`,
      );
      return EXIT_FAILED;
    }
    const written = writeOut(io.cwd, outFile, binary.bytes);
    const note = `<${size} data, written to ${written}>`;
    shown = isRecord(value) ? { ...value, data: note } : note;
  } else if (outFile !== undefined) {
    io.stderr(`Full result written to ${writeOut(io.cwd, outFile, fileJson(value))}\n`);
  }
  io.stdout(
    `${scrub(json(summarise(target.kind === "trigger" ? withoutHarnessContext(shown) : shown)), session.secrets)}\n`,
  );
  io.stderr(`✓ ${target.key} in ${timing(outcome)}\n`);
  return EXIT_OK;
}

export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: RunnerIO,
  options: CliOptions = {},
): Promise<number> {
  const component = options.component ?? defaultComponent;
  let embedded: EmbeddedS3 | undefined;
  let session: Session | undefined;
  let secrets: string[] = [];
  const interrupts = new Interrupts(io, async () => embedded?.stop());
  try {
    const args = parseArgs(argv);
    const targets = targetsOf(component);
    if (args.flags.has("help") || args.flags.has("list")) {
      if (args.targetKey !== undefined) io.stdout(`${describeTarget(findTarget(targets, args.targetKey))}\n`);
      else io.stdout(args.flags.has("help") ? helpText() : listing(targets));
      return EXIT_OK;
    }

    // Everything the command line can get wrong is found before anything starts.
    const outFile = singleValue(args.flags, "out");
    let request: Request | undefined;
    let demoSize = DEFAULT_DEMO_SIZE;
    if (args.targetKey !== undefined) {
      const target = findTarget(targets, args.targetKey);
      if (args.flags.has("demo-size")) throw new UsageError("--demo-size is for the demo (npm start with no action).");
      const params = paramsFromFlags(target, args.flags, io.cwd);
      if (outFile === undefined && expectsBinary(target)) {
        throw new UsageError(
          `${target.key} returns the object's bytes: give a file to write them to with --out <file>, e.g. --out ./downloaded.bin`,
        );
      }
      const payload = target.webhook ? triggerPayload(args.flags, io.cwd) : undefined;
      const untilDone = args.flags.has("until-done");
      if (untilDone) checkUntilDone(target);
      request = { target, params, payload, outFile, untilDone };
    } else {
      const stray = [...args.flags.keys()].filter((name) => !CONNECTION_FLAGS.includes(name) && name !== "demo-size");
      if (stray.length > 0) {
        throw new UsageError(
          `${stray.map((name) => `--${name}`).join(", ")}: these flags go with an action, given first, e.g. npm start -- putObject --bucket my-bucket. See npm start -- --help`,
        );
      }
      const size = singleValue(args.flags, "demo-size");
      if (size !== undefined) demoSize = parseSize(size);
    }
    const plan: ConnectionPlan = planConnection(args.flags, env, options.projectDir ?? PROJECT_DIR);

    let where: string;
    const secretFields = secretFieldNames(component);
    if (plan.kind === "embedded") {
      embedded = await startEmbeddedS3(plan.baseDir, io);
      const { server } = embedded;
      const connection = connectionValue(CONNECTION_KEYS.keyPair, {
        accessKeyId: server.accessKeyId,
        secretAccessKey: server.secretAccessKey,
        endpoint: server.endpoint,
        forcePathStyle: "true",
      });
      secrets = secretValues(connection, secretFields);
      session = createSession(component, connection, plan.region ?? server.region, io, secrets);
      where = `the embedded S3 at ${server.endpoint}`;
    } else {
      secrets = secretValues(plan.connection, secretFields);
      session = createSession(component, plan.connection, plan.region, io, secrets);
      where = plan.description;
    }
    io.stderr(scrub(`Connection: ${where}, ${json(maskedConnection(session.connection, secretFields), 0)}\n`, secrets));

    if (request !== undefined) return await runOne(session, request);
    await runDemo(session, targets, { size: demoSize, where, interrupts });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof Interrupted) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return EXIT_USAGE;
    }
    // The message only: the error hook already says what failed, where and why.
    io.stderr(scrub(`Error: ${errorMessage(error)}\n`, secrets));
    return EXIT_FAILED;
  } finally {
    interrupts.dispose();
    if (session !== undefined) closeSession(session);
    await embedded
      ?.stop()
      .catch((error: unknown) => io.stderr(`Stopping the embedded S3 failed: ${errorMessage(error)}\n`));
  }
}
