/**
 * How inputs and results are shown: JSON with binary data summarised (`<50.0 MiB data>`), and
 * nothing secret: password inputs, connection secrets and presigned-URL signatures are masked.
 * Binary results go to a file (`--out`), never to the terminal.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Input } from "@prismatic-io/spectral/dist/serverTypes";
import { isRecord } from "../../src/glue/guards";

/** A record, not a date (dates are leaves of a result). */
/** A record, not a date (dates are printed as values). */
const isFieldRecord = (value: unknown): value is Record<string, unknown> => isRecord(value) && !(value instanceof Date);

export const MASK = "********";

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export interface Summary {
  /** Longer lists show their first entries and a count (the demo); undefined shows all. */
  maxItems?: number;
  /** Longer text shows as `<text, N characters>` (inputs); undefined shows all. */
  maxText?: number;
}

/** A JSON-able copy of `value` with bytes, long text and long lists summarised. */
export function summarise(value: unknown, summary: Summary = {}): unknown {
  if (Buffer.isBuffer(value)) return `<${formatBytes(value.length)} data>`;
  if (value instanceof Uint8Array) return `<${formatBytes(value.byteLength)} data>`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (typeof value === "string") {
    return summary.maxText !== undefined && value.length > summary.maxText
      ? `<text, ${value.length.toLocaleString("en-US")} characters>`
      : value;
  }
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) {
    const shown =
      summary.maxItems !== undefined && value.length > summary.maxItems ? value.slice(0, summary.maxItems) : value;
    const items = shown.map((item) => summarise(item, summary));
    return shown.length < value.length
      ? [...items, `... and ${(value.length - shown.length).toLocaleString("en-US")} more`]
      : items;
  }
  if (isFieldRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) if (entry !== undefined) copy[key] = summarise(entry, summary);
    return copy;
  }
  return value;
}

/**
 * Removes secrets from text about to be printed: the given secret values, and the signing parts
 * of presigned URLs (their signature and credential scope, or a session token), which let anyone
 * holding the URL act until it expires.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let clean = text.replace(/(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s"']+/gi, `$1${MASK}`);
  for (const secret of secrets) if (secret.length >= 4) clean = clean.split(secret).join(MASK);
  return clean;
}

/** Inputs as they may be shown: password-typed inputs masked, bytes and long text summarised. */
export function shownInputs(inputs: readonly Input[], params: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const input = inputs.find((candidate) => candidate.key === key);
    if (input?.type === "connection") continue;
    shown[key] = input?.type === "password" && value !== "" ? MASK : summarise(value, { maxItems: 10, maxText: 200 });
  }
  return shown;
}

export const json = (value: unknown, indent = 2): string => JSON.stringify(value, null, indent) ?? "undefined";

/** The bytes of a binary result: a Buffer, or the Buffer of a `{ data, contentType }` payload. */
export function binaryOf(value: unknown): { bytes: Buffer; contentType?: string } | undefined {
  if (Buffer.isBuffer(value)) return { bytes: value };
  if (isFieldRecord(value) && Buffer.isBuffer(value.data)) {
    return { bytes: value.data, contentType: typeof value.contentType === "string" ? value.contentType : undefined };
  }
  return undefined;
}

/** Writes `content` to `file` (relative to `cwd`) readable by its owner only: results can hold secrets. */
export function writeOut(cwd: string, file: string, content: Buffer | string): string {
  const target = path.resolve(cwd, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content, { mode: 0o600 });
  return target;
}

/** JSON for a file: Buffers as base64, so nothing is summarised or lost. */
export function fileJson(value: unknown): string {
  return `${JSON.stringify(
    value,
    (_key, entry: unknown) =>
      isFieldRecord(entry) && entry.type === "Buffer" && Array.isArray(entry.data)
        ? Buffer.from(entry.data.map(Number)).toString("base64")
        : entry,
    2,
  )}\n`;
}
