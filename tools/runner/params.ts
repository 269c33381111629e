/**
 * Turns flags into a target's input values, the way the designer would hand them over: text,
 * lists for list inputs, `{ key, value }` records for key-value lists, and for data inputs a
 * file's bytes with a content type. Every problem (unknown flags, missing required inputs,
 * unreadable files) is found here, before anything is started or sent.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Input, TriggerPayload } from "@prismatic-io/spectral/dist/serverTypes";
import { type FlagValues, isRunnerFlag, RUNNER_FLAGS } from "./args";
import { closest, flagInputs, orList, type Target } from "./catalog";
import { errorMessage, UsageError } from "./io";

const TRIGGER_FLAGS = new Set(["body", "header", "query"]);

const CONTENT_TYPES: Record<string, string> = {
  ".txt": "text/plain",
  ".csv": "text/csv",
  ".json": "application/json",
  ".xml": "application/xml",
  ".html": "text/html",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".zip": "application/zip",
  ".gz": "application/gzip",
  ".mp3": "audio/mpeg",
  ".mp4": "video/mp4",
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/** `@path` names a file; `@@text` is the literal text `@text`. */
export function fileReference(value: string): string | undefined {
  return value.startsWith("@") && !value.startsWith("@@") ? value.slice(1) : undefined;
}

export const literal = (value: string): string => (value.startsWith("@@") ? value.slice(1) : value);

export function readFlagFile(flag: string, file: string, cwd: string): Buffer {
  if (file === "") throw new UsageError(`--${flag} @: give a file name after @, e.g. --${flag} @report.pdf.`);
  try {
    return fs.readFileSync(path.resolve(cwd, file));
  } catch (error) {
    throw new UsageError(`--${flag} @${file}: cannot read ${path.resolve(cwd, file)} (${errorMessage(error)}).`);
  }
}

/** A flag's values as text: `@file` becomes the file's text, repeated flags are refused. */
export function textValue(flag: string, values: FlagValues, cwd: string, bareMeans?: string): string {
  if (values.length > 1) throw new UsageError(`--${flag} was given ${values.length} times; it takes one value.`);
  const [value] = values;
  if (value === true || value === undefined) {
    if (bareMeans !== undefined) return bareMeans;
    throw new UsageError(`--${flag} needs a value, e.g. --${flag} VALUE (or --${flag}=VALUE when it starts with --).`);
  }
  const file = fileReference(value);
  return file === undefined ? literal(value) : readFlagFile(flag, file, cwd).toString("utf8");
}

/** Every value of a repeatable flag; `@file` gives one entry per non-empty line. */
function entries(flag: string, values: FlagValues, cwd: string): string[] {
  return values.flatMap((value) => {
    if (value === true) throw new UsageError(`--${flag} needs a value each time it is given.`);
    const file = fileReference(value);
    if (file === undefined) return [literal(value)];
    return readFlagFile(flag, file, cwd)
      .toString("utf8")
      .split(/\r?\n/)
      .filter((line) => line.trim() !== "");
  });
}

/** `name=value` pairs of a repeatable flag. */
export function keyValues(flag: string, values: FlagValues, cwd: string): { key: string; value: string }[] {
  return entries(flag, values, cwd).map((entry) => {
    const equals = entry.indexOf("=");
    if (equals <= 0) throw new UsageError(`--${flag} "${entry}": give key=value, e.g. --${flag} department=finance.`);
    return { key: entry.slice(0, equals), value: entry.slice(equals + 1) };
  });
}

function inputValue(input: Input, values: FlagValues, cwd: string): unknown {
  if (input.collection === "valuelist") return entries(input.key, values, cwd);
  if (input.collection === "keyvaluelist") return keyValues(input.key, values, cwd);
  // A group of inputs (listObjects' pagination): --pagination maxKeys=3 --pagination continuationToken=...
  if (input.type === "structuredObject")
    return Object.fromEntries(keyValues(input.key, values, cwd).map(({ key, value }) => [key, value]));
  if (input.type === "data" && values.length === 1 && typeof values[0] === "string") {
    const file = fileReference(values[0]);
    // The shape a file from an earlier step has on the platform: bytes and their type.
    if (file !== undefined) return { data: readFlagFile(input.key, file, cwd), contentType: contentTypeOf(file) };
  }
  return textValue(input.key, values, cwd, input.type === "boolean" ? "true" : undefined);
}

function exampleValue(input: Input): string {
  if (input.type === "data") return "@file";
  const example = input.example ?? "VALUE";
  return /^[\w./:@=-]+$/.test(example) ? example : JSON.stringify(example);
}

function unknownFlagProblem(name: string, target: Target, inputKeys: readonly string[]): string {
  if (TRIGGER_FLAGS.has(name))
    return `--${name} describes a webhook request: it is for webhook triggers only, and ${target.key} is not one.`;
  const suggestions = closest(name, [...inputKeys, ...Object.keys(RUNNER_FLAGS)]).map((key) => `--${key}`);
  return `--${name} is not an input of ${target.key}${suggestions.length > 0 ? `; did you mean ${orList(suggestions)}?` : "."}`;
}

/**
 * The input values the flags give for `target`, keyed by input key (only the inputs given:
 * the harness fills in every other input's default). Throws one UsageError naming every unknown
 * flag, or else every missing required input.
 */
export function paramsFromFlags(target: Target, flags: Map<string, FlagValues>, cwd: string): Record<string, unknown> {
  const inputs = flagInputs(target);
  const byKey = new Map(inputs.map((input) => [input.key, input]));
  const problems: string[] = [];
  const params: Record<string, unknown> = {};
  for (const [name, values] of flags) {
    const input = byKey.get(name);
    if (input !== undefined) {
      params[name] = inputValue(input, values, cwd);
    } else if (target.inputs.some((candidate) => candidate.key === name)) {
      problems.push(
        `--${name}: the connection is not a flag; the runner builds it (embedded S3, or the AWS_* variables and connection flags in --help).`,
      );
    } else if (!isRunnerFlag(name) || (TRIGGER_FLAGS.has(name) && !target.webhook)) {
      problems.push(
        unknownFlagProblem(
          name,
          target,
          inputs.map((candidate) => candidate.key),
        ),
      );
    }
  }
  if (problems.length > 0) {
    throw new UsageError(`${problems.join("\n")}\nSee ${target.key}'s inputs with: npm start -- ${target.key} --help`);
  }
  const missing = inputs.filter(
    (input) => input.required && !(input.key in params) && !(typeof input.default === "string" && input.default !== ""),
  );
  if (missing.length > 0) {
    const named = missing.map((input) => `--${input.key} (${input.label})`);
    const example = inputs
      .filter((input) => input.required && !(typeof input.default === "string" && input.default !== ""))
      .map((input) => `--${input.key} ${exampleValue(input)}`);
    throw new UsageError(
      `${target.key} needs ${missing.length === 1 ? "a required input" : `${missing.length} required inputs`} that ${missing.length === 1 ? "was" : "were"} not given: ${named.join(", ")}.\n` +
        `For example: npm start -- ${target.key} ${example.join(" ")}\nAll its inputs: npm start -- ${target.key} --help`,
    );
  }
  return params;
}

/** The webhook request a trigger receives: --body (text or @file), --header and --query pairs. */
export function triggerPayload(flags: Map<string, FlagValues>, cwd: string): Partial<TriggerPayload> {
  const headers = Object.fromEntries(
    keyValues("header", flags.get("header") ?? [], cwd).map(({ key, value }) => [key, value]),
  );
  const queryParameters = Object.fromEntries(
    keyValues("query", flags.get("query") ?? [], cwd).map(({ key, value }) => [key, value]),
  );
  const bodyFlag = flags.get("body");
  let raw: Buffer = Buffer.alloc(0);
  let guessed = "text/plain";
  if (bodyFlag !== undefined) {
    const [value] = bodyFlag;
    const file = typeof value === "string" && bodyFlag.length === 1 ? fileReference(value) : undefined;
    if (file !== undefined) {
      raw = readFlagFile("body", file, cwd);
      guessed = contentTypeOf(file);
    } else {
      raw = Buffer.from(textValue("body", bodyFlag, cwd), "utf8");
    }
  }
  const headerType = Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")?.[1];
  const contentType = headerType ?? guessed;
  return {
    headers: headerType === undefined ? { "Content-Type": contentType, ...headers } : headers,
    queryParameters,
    // As the platform hands a webhook over: the raw bytes, and the body as text.
    rawBody: { data: raw, contentType },
    body: { data: raw.toString("utf8"), contentType },
  };
}
