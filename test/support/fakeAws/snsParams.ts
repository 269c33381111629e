/** Reading awsQuery (SNS) form parameters: required values, `entry` maps, tag lists, and paging. */
import type { Ctx } from "./context";
import { invalidParameter } from "./errors";

export function requireParam(ctx: Ctx, name: string): string {
  const v = ctx.form.get(name);
  if (v === undefined || v === "") throw invalidParameter(name);
  return v;
}

export function readEntryMap(form: Map<string, string>, prefix: string): Record<string, string> | undefined {
  let found = false;
  const out: Record<string, string> = {};
  for (let n = 1; ; n++) {
    const k = form.get(`${prefix}.entry.${n}.key`);
    if (k === undefined) break;
    found = true;
    out[k] = form.get(`${prefix}.entry.${n}.value`) ?? "";
  }
  return found ? out : undefined;
}

export function readTagList(form: Map<string, string>, prefix: string): Record<string, string> | undefined {
  let found = false;
  const out: Record<string, string> = {};
  for (let n = 1; ; n++) {
    const k = form.get(`${prefix}.member.${n}.Key`);
    if (k === undefined) break;
    found = true;
    out[k] = form.get(`${prefix}.member.${n}.Value`) ?? "";
  }
  return found ? out : undefined;
}

/** Pages of 100, as SNS lists; the NextToken is the next index, base64url-encoded. */
export function paginate<T>(items: T[], nextToken: string | undefined): { page: T[]; next: string | undefined } {
  const start =
    nextToken === undefined || nextToken === "" ? 0 : Number(Buffer.from(nextToken, "base64url").toString("utf8"));
  if (!Number.isInteger(start) || start < 0) throw invalidParameter("NextToken");
  const page = items.slice(start, start + 100);
  const end = start + page.length;
  return { page, next: end < items.length ? Buffer.from(String(end), "utf8").toString("base64url") : undefined };
}
