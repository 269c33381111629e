/**
 * The cursor a prefix job returns when its time budget is spent: where to go on, and the
 * counts so far. It is opaque to builders (base64url JSON, then a seal), names the job it
 * belongs to by a fingerprint of the inputs that define the work and the principals that do
 * it, and is sealed with a key only the job's credentials give: an altered cursor, or one
 * issued to other credentials or for other work, is refused. It carries no secret.
 */
import { createHash } from "node:crypto";
import { InputError, type InputRef } from "../glue/clean";
import { isRecord } from "../glue/guards";
import type { Seal } from "./seal";

export interface CursorState {
  /** Every key up to and including this one (relative to the prefix, in S3's order) is settled; none yet when absent. */
  after?: string;
  /** Counts summed over the calls of the chain so far. */
  totals: Record<string, number>;
  /** Keys after `after` whose work ended too (and is counted): the next call passes them by. */
  settled?: string[];
}

const VERSION = 2;

export function jobFingerprint(definition: unknown): string {
  return createHash("sha256").update(JSON.stringify(definition)).digest("base64url").slice(0, 16);
}

export function encodeCursor(seal: Seal, job: string, state: CursorState): string {
  const body = Buffer.from(JSON.stringify({ v: VERSION, job, ...state })).toString("base64url");
  return `${body}.${seal.sign("cursor", body)}`;
}

/** The state of a cursor given to the job `job`; undefined for none (start from the beginning). */
export function decodeCursor(
  ref: InputRef,
  text: string | undefined,
  job: string,
  seal: Seal,
): CursorState | undefined {
  if (text === undefined || text === "") return undefined;
  const [body = "", signature, ...rest] = text.trim().split(".");
  if (rest.length > 0 || !seal.verifies(signature, "cursor", body)) {
    throw new InputError(
      ref,
      "is not a cursor this step returned to these connections: it was changed, or issued to other credentials or another service. Give the Cursor of the previous call's result unchanged, with the same connections, or leave it empty to start from the beginning.",
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  if (
    !isRecord(value) ||
    value.v !== VERSION ||
    (value.after !== undefined && typeof value.after !== "string") ||
    !isRecord(value.totals) ||
    !Object.values(value.totals).every((count) => Number.isSafeInteger(count)) ||
    (value.settled !== undefined &&
      !(Array.isArray(value.settled) && value.settled.every((key: unknown) => typeof key === "string")))
  ) {
    throw new InputError(
      ref,
      "is not a cursor this step returned. Give the Cursor of the previous call's result unchanged, or leave it empty to start from the beginning.",
    );
  }
  if (value.job !== job) {
    throw new InputError(
      ref,
      "belongs to other work (other buckets, prefixes or options). Give the cursor the same step returned for these inputs, or leave it empty to start from the beginning.",
    );
  }
  const totals: Record<string, number> = {};
  for (const [name, count] of Object.entries(value.totals)) if (typeof count === "number") totals[name] = count;
  const settled = Array.isArray(value.settled) ? value.settled.filter((key: unknown) => typeof key === "string") : [];
  return {
    after: typeof value.after === "string" ? value.after : undefined,
    totals,
    ...(settled.length > 0 ? { settled } : {}),
  };
}
