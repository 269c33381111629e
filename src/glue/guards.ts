/** Shape checks and the one reading of yes/no values, shared by inputs, connection fields and parsers. */
import type { Connection } from "@prismatic-io/spectral";

/** A JSON-like object: not null, not a list, not bytes. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** A connection as the platform hands it to a step (an unset connection input arrives as an empty value). */
export function isConnection(value: unknown): value is Connection {
  return isRecord(value) && typeof value.key === "string" && isRecord(value.fields);
}

/** Text, a number or a yes/no as text; undefined for anything else (absent values, objects, lists). */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return undefined;
}

const YES = ["true", "yes", "y", "t", "1", "on"];
const NO = ["false", "no", "n", "f", "0", "off"];

/** true or false from a boolean or its usual spellings; undefined for anything else. */
export function flagOf(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return undefined;
  const lower = value.trim().toLowerCase();
  if (YES.includes(lower)) return true;
  if (NO.includes(lower)) return false;
  return undefined;
}
