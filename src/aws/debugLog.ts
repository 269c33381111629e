/**
 * Opt-in debug logging for support cases: one JSON line per SDK call and per reported error.
 * A step run in the platform's debug mode (`context.debug.enabled`) sends them to its own
 * logger; AWS_S3_DEBUG=1 writes them to stderr, AWS_S3_DEBUG_FILE=path appends them to a file.
 * Everything passes through `redact` first, so no secret, session token or signature is
 * ever written, whatever the SDK hands the logger (an S3 error's Token-0 echo included).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { appendFileSync } from "node:fs";
import type { Logger } from "@aws-sdk/types";
import { isRecord } from "../glue/guards";
import { redact } from "./redact";

/**
 * Fields of S3's SignatureDoesNotMatch answer that repeat the signed request (its headers,
 * session token included): dropped whole before anything is written.
 */
const DROPPED_FIELDS = new Set([
  "CanonicalRequest",
  "CanonicalRequestBytes",
  "StringToSign",
  "StringToSignBytes",
  "SignatureProvided",
]);

export { redact };

/**
 * The value with every byte array, stream and cycle replaced by a short note. Done
 * before JSON.stringify, which would otherwise call Buffer's toJSON first and build an array
 * of one number per byte of every part body (tens of MiB per transfer) only to drop it.
 */
function loggable(value: unknown, seen: WeakSet<object>): unknown {
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (typeof value !== "object" || value === null) return value;
  if ("pipe" in value) return "<stream>";
  if (typeof Reflect.get(value, "toJSON") === "function") return value;
  // `seen` holds the objects being walked (the ancestors): only a cycle is cut.
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  const copy = Array.isArray(value)
    ? value.map((item: unknown) => loggable(item, seen))
    : Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, loggable(entry, seen)]));
  seen.delete(value);
  return copy;
}

function serialize(value: unknown): string {
  return JSON.stringify(loggable(value, new WeakSet()), (key, entry: unknown) => {
    if (DROPPED_FIELDS.has(key)) return "[removed]";
    if (typeof entry === "string" && entry.length > 2000) return `${entry.slice(0, 2000)}…`;
    return entry;
  });
}

interface StepLogger {
  debug: (message: string) => void;
}

/** The logger of the step running in debug mode, for everything that step's work calls. */
const stepLogger = new AsyncLocalStorage<StepLogger>();

function stepLoggerOf(context: unknown): StepLogger | undefined {
  if (!isRecord(context) || !isRecord(context.debug) || context.debug.enabled !== true) return undefined;
  const logger = context.logger;
  if (!isRecord(logger)) return undefined;
  const debug = logger.debug;
  return typeof debug === "function" ? { debug: (message) => void Reflect.apply(debug, logger, [message]) } : undefined;
}

/** Runs a step's work with its logger receiving the debug log when the step is in debug mode. */
export function withStepDebug<T>(context: unknown, work: () => T): T {
  const logger = stepLoggerOf(context);
  return logger === undefined ? work() : stepLogger.run(logger, work);
}

function environmentDebug(): boolean {
  return (
    Boolean(process.env.AWS_S3_DEBUG_FILE) ||
    ["1", "true", "yes"].includes((process.env.AWS_S3_DEBUG ?? "").toLowerCase())
  );
}

export function debugEnabled(): boolean {
  return environmentDebug() || stepLogger.getStore() !== undefined;
}

function write(level: string, content: unknown[]): void {
  if (!debugEnabled()) return;
  const line = redact(serialize({ time: new Date().toISOString(), level, content }));
  stepLogger.getStore()?.debug(line);
  if (!environmentDebug()) return;
  const file = process.env.AWS_S3_DEBUG_FILE;
  if (file) appendFileSync(file, `${line}\n`);
  else process.stderr.write(`${line}\n`);
}

/**
 * The SDK logger of every client. It writes only while debug logging is on, decided per call,
 * so one cached client serves steps in and out of debug mode. (The SDK builds its log record
 * for every call whatever the logger, so this costs nothing when off.)
 */
export const sdkLogger: Logger = {
  // The SDK's debug level only narrates its configuration lookups.
  debug: () => undefined,
  info: (...content: unknown[]) => write("info", content),
  warn: (...content: unknown[]) => write("warn", content),
  error: (...content: unknown[]) => write("error", content),
};

export function debugLog(message: string, details?: Record<string, unknown>): void {
  write("info", details ? [message, details] : [message]);
}
