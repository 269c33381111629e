/**
 * Input cleaning: turns the raw values the platform hands an action (strings, lists,
 * key-value lists, booleans as text) into typed values, or throws an InputError that names
 * the input and says what is allowed. Every input's `clean` is built from these.
 */
import { util } from "@prismatic-io/spectral";
import { echoed } from "./echo";
import { flagOf, isRecord, scalarText } from "./guards";

/** The public key and the label of an input, used to name it in errors. */
export interface InputRef {
  key: string;
  label: string;
}

export class InputError extends Error {
  constructor(
    readonly input: InputRef,
    problem: string,
  ) {
    super(`${input.label} (${input.key}): ${problem}`);
    this.name = "InputError";
  }
}

/** Text of a scalar input; undefined for absent or empty values. Text is kept as given (keys may hold spaces). */
export function optionalText(ref: InputRef, value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new InputError(ref, `expected text, got ${describe(value)}.`);
}

export function requiredText(ref: InputRef, value: unknown): string {
  const text = optionalText(ref, value);
  if (text === undefined || text.trim() === "") throw new InputError(ref, "is required.");
  return text;
}

export function optionalInteger(
  ref: InputRef,
  value: unknown,
  range: { min: number; max: number },
): number | undefined {
  const text = typeof value === "number" ? String(value) : optionalText(ref, value)?.trim();
  if (text === undefined || text === "") return undefined;
  const allowed = `a whole number from ${range.min.toLocaleString("en-US")} to ${range.max.toLocaleString("en-US")}`;
  if (!/^-?\d+$/.test(text)) throw new InputError(ref, `must be ${allowed}; got "${text}".`);
  const number = Number(text);
  if (number < range.min || number > range.max) {
    throw new InputError(ref, `must be ${allowed}; got ${number.toLocaleString("en-US")}.`);
  }
  return number;
}

export function integer(ref: InputRef, value: unknown, range: { min: number; max: number; default: number }): number {
  return optionalInteger(ref, value, range) ?? range.default;
}

export function boolean(ref: InputRef, value: unknown, fallback = false): boolean {
  if (value === undefined || value === null || value === "") return fallback;
  const flag = flagOf(value);
  if (flag === undefined) throw new InputError(ref, `must be true or false; got ${describe(value)}.`);
  return flag;
}

export function optionalChoice<T extends string>(ref: InputRef, value: unknown, choices: readonly T[]): T | undefined {
  const text = optionalText(ref, value);
  if (text === undefined) return undefined;
  const match = choices.find((choice) => choice === text);
  if (match === undefined) {
    throw new InputError(ref, `must be one of ${choices.join(", ")}; got "${text}".`);
  }
  return match;
}

export function choice<T extends string>(ref: InputRef, value: unknown, choices: readonly T[], fallback: T): T {
  return optionalChoice(ref, value, choices) ?? fallback;
}

/** Parses JSON text (or passes an already parsed value through) and points at the syntax error. */
export function optionalJson(ref: InputRef, value: unknown): unknown {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") return value;
  if (value.trim() === "") return undefined;
  try {
    return JSON.parse(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(ref, `is not valid JSON (${reason}).`);
  }
}

/**
 * A key-value list input (the designer's list of pairs), a plain object, or JSON text of an
 * object, as a record of strings.
 */
export function keyValueRecord(ref: InputRef, value: unknown): Record<string, string> | undefined {
  const parsed = optionalJson(ref, value);
  if (parsed === undefined) return undefined;
  const entries: [string, unknown][] = [];
  if (Array.isArray(parsed)) {
    for (const item of parsed) {
      if (!isRecord(item) || typeof item.key !== "string") {
        throw new InputError(ref, `each entry needs a "key" and a "value"; got ${describe(item)}.`);
      }
      entries.push([item.key, item.value]);
    }
  } else if (isRecord(parsed)) {
    entries.push(...Object.entries(parsed));
  } else {
    throw new InputError(ref, `must be a list of key-value pairs or a JSON object; got ${describe(parsed)}.`);
  }
  const record: Record<string, string> = {};
  for (const [key, entryValue] of entries) {
    if (key.trim() === "") throw new InputError(ref, "has an entry with an empty key.");
    if (key in record) throw new InputError(ref, `has the key "${key}" twice.`);
    if (entryValue !== undefined && entryValue !== null && scalarText(entryValue) === undefined) {
      throw new InputError(ref, `the value of "${key}" must be text; got ${describe(entryValue)}.`);
    }
    record[key] = scalarText(entryValue) ?? "";
  }
  return Object.keys(record).length === 0 ? undefined : record;
}

/**
 * A value-list input, a JSON array, or a single value, as a list. Entries stay as given so a
 * caller can accept objects (for example `{ Key, VersionId }` records from another step).
 */
export function list(ref: InputRef, value: unknown): unknown[] {
  if (value === undefined || value === null || value === "") return [];
  if (Array.isArray(value)) return value.filter((item) => item !== "" && item !== null && item !== undefined);
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed.startsWith("[")) {
      const parsed = optionalJson(ref, trimmed);
      if (Array.isArray(parsed)) return list(ref, parsed);
    }
    return trimmed === "" ? [] : [value];
  }
  return [value];
}

export function textList(ref: InputRef, value: unknown): string[] {
  return list(ref, value).map((item) => {
    if (typeof item !== "string") throw new InputError(ref, `entries must be text; got ${describe(item)}.`);
    return item;
  });
}

/** An ISO 8601 date or date-time. */
export function optionalDate(ref: InputRef, value: unknown, rule?: { future: boolean }): Date | undefined {
  if (value instanceof Date) return checkDate(ref, value, rule);
  const text = optionalText(ref, value)?.trim();
  if (text === undefined || text === "") return undefined;
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    throw new InputError(ref, `must be an ISO 8601 date such as 2030-01-31 or 2030-01-31T12:00:00Z; got "${text}".`);
  }
  // Date() rolls days over (2031-02-30 becomes March 2): the calendar day must survive a round trip.
  const day = text.slice(0, 10);
  const midnight = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day)
    throw new InputError(ref, "is not a real calendar date.");
  return checkDate(ref, new Date(text), rule);
}

function checkDate(ref: InputRef, date: Date, rule?: { future: boolean }): Date {
  if (Number.isNaN(date.getTime())) throw new InputError(ref, "is not a real calendar date.");
  if (rule?.future && date.getTime() <= Date.now()) {
    throw new InputError(ref, `must be in the future; got ${date.toISOString()}.`);
  }
  return date;
}

/** Text, Buffer, `{ data, contentType }` payloads from earlier steps, or any JSON-able value, as bytes. */
export function dataPayload(ref: InputRef, value: unknown): { data: Buffer; contentType: string } {
  if (value === undefined || value === null || value === "") throw new InputError(ref, "is required.");
  try {
    return util.types.toBufferDataPayload(value);
  } catch {
    throw new InputError(ref, `cannot be turned into bytes; got ${describe(value)}.`);
  }
}

/**
 * Text sent as an HTTP header value (metadata, Cache-Control, Content-Disposition): printable
 * ASCII and tabs only, which every HTTP stack and S3 carry unchanged.
 */
export function headerText(ref: InputRef, text: string, what = "the value"): string {
  const bad = /[^\t\x20-\x7e]/.exec(text);
  if (!bad) return text;
  const character =
    bad[0].charCodeAt(0) < 0x20 || bad[0].charCodeAt(0) === 0x7f
      ? `a control character (${echoed(bad[0])})`
      : `the non-ASCII character "${bad[0]}"`;
  throw new InputError(
    ref,
    `${what} has ${character} at position ${bad.index + 1}, which an HTTP header cannot carry; use plain ASCII text on one line.`,
  );
}

/** Describes a bad value without echoing large or sensitive content. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (Buffer.isBuffer(value)) return `${value.length} bytes of binary data`;
  if (typeof value === "string") return value.length > 60 ? `text of ${value.length} characters` : `"${echoed(value)}"`;
  if (typeof value === "object") return "an object";
  const scalar = scalarText(value);
  return scalar === undefined ? `a ${typeof value}` : `${typeof value} ${scalar}`;
}
