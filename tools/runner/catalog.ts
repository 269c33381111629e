/**
 * What the component offers to run: every action, trigger and data source, read from the
 * converted component (so new ones appear here without changes), found by key, and listed.
 */
import type { Component, Input } from "@prismatic-io/spectral/dist/serverTypes";
import { UsageError } from "./io";

export type TargetKind = "action" | "trigger" | "dataSource";

export interface Target {
  kind: TargetKind;
  key: string;
  label: string;
  description: string;
  inputs: Input[];
  examplePayload?: unknown;
  /** A webhook trigger: it takes a request (--body, --header, --query). */
  webhook: boolean;
}

const KINDS: readonly { kind: TargetKind; title: string }[] = [
  { kind: "action", title: "Actions" },
  { kind: "trigger", title: "Triggers" },
  { kind: "dataSource", title: "Data sources" },
];

export function targetsOf(component: Component): Target[] {
  const from = (
    kind: TargetKind,
    entries: Record<
      string,
      { display: { label: string; description: string }; inputs: Input[]; examplePayload?: unknown }
    >,
  ) =>
    Object.entries(entries).map(([key, entry]) => ({
      kind,
      key,
      label: entry.display.label,
      description: entry.display.description,
      inputs: entry.inputs,
      examplePayload: entry.examplePayload,
      // Polling triggers run on a schedule and get no request.
      webhook: kind === "trigger" && Reflect.get(entry, "isPollingTrigger") !== true,
    }));
  return [
    ...from("action", component.actions),
    ...from("trigger", component.triggers),
    ...from("dataSource", component.dataSources),
  ];
}

/** The number of single-character edits that turn `a` into `b` (Levenshtein). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Up to `count` of `candidates` closest to `wanted`: small edit distance, or containing it. */
export function closest(wanted: string, candidates: readonly string[], count = 3): string[] {
  const lower = wanted.toLowerCase();
  const scored = candidates.map((candidate) => {
    const distance = editDistance(lower, candidate.toLowerCase());
    const contains = lower.length >= 3 && candidate.toLowerCase().includes(lower);
    return { candidate, score: contains ? Math.min(distance, 1) : distance };
  });
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return scored
    .filter(({ score }) => score <= limit)
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map(({ candidate }) => candidate);
}

/** "putObject, copyObject or listObjects" */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

export function findTarget(targets: readonly Target[], key: string): Target {
  const exact = targets.find((target) => target.key === key);
  if (exact) return exact;
  const folded = targets.filter((target) => target.key.toLowerCase() === key.toLowerCase());
  const suggestions =
    folded.length > 0
      ? folded.map((target) => target.key)
      : closest(
          key,
          targets.map((target) => target.key),
        );
  const hint = suggestions.length > 0 ? ` Did you mean ${orList(suggestions)}?` : "";
  throw new UsageError(
    `There is no action, trigger or data source "${key}".${hint} See them all with: npm start -- --list`,
  );
}

/** Inputs the user gives on the command line: the connection always comes from the runner. */
export const flagInputs = (target: Target): Input[] => target.inputs.filter((input) => input.type !== "connection");

/** How to give an input on the command line, e.g. "key=value, repeat" for a key-value list. */
export function inputUsage(input: Input): string {
  const parts: string[] = [];
  if (input.collection === "valuelist") parts.push("repeat the flag, or @file with one per line");
  else if (input.collection === "keyvaluelist") parts.push("key=value, repeat the flag");
  else if (input.type === "data") parts.push("text, or @file for a file's bytes");
  else if (input.type === "boolean") parts.push("true/false; the bare flag means true");
  const choices = (input.model ?? []).map((choice) => choice.value).filter((value) => value !== "");
  if (choices.length > 0) parts.push(`one of ${choices.join(", ")}`);
  const fallback = typeof input.default === "string" ? input.default : undefined;
  if (fallback) parts.push(`default ${fallback}`);
  if (input.type === "password") parts.push("secret: never printed");
  return parts.join("; ");
}

/** Wraps text to `width` columns, every line indented by `indent`. */
export function wrap(text: string, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines.map((text) => `${indent}${text}`).join("\n");
}

/**
 * A target and its inputs. `described` collects inputs whose comments were shown already, so a
 * listing explains shared inputs (region, bucket...) once.
 */
export function describeTarget(target: Target, described = new Set<string>()): string {
  const kind = target.kind === "dataSource" ? "data source" : target.kind;
  const lines = [`${target.key} (${kind}): ${target.label}. ${target.description}`];
  const inputs = flagInputs(target);
  if (inputs.length === 0) lines.push("    no inputs");
  for (const input of inputs) {
    const usage = inputUsage(input);
    const seen = `${input.key}\u0000${input.comments ?? ""}`;
    const again = described.has(seen);
    described.add(seen);
    lines.push(
      `    --${input.key}${input.required ? "  (required)" : ""}  ${input.label}${usage ? ` [${usage}]` : ""}${again ? " (as above)" : ""}`,
    );
    if (input.comments && !again) lines.push(wrap(input.comments, "        "));
  }
  if (target.webhook) {
    lines.push("    request: --body <text|@file>, --header name=value (repeat), --query name=value (repeat)");
  }
  return lines.join("\n");
}

export function listing(targets: readonly Target[]): string {
  const described = new Set<string>();
  const sections = KINDS.map(({ kind, title }) => {
    const ofKind = targets.filter((target) => target.kind === kind);
    const body =
      ofKind.length === 0
        ? "  (none)"
        : ofKind.map((target) => describeTarget(target, described).replace(/^/gm, "  ")).join("\n\n");
    return `${title} (${ofKind.length})\n\n${body}`;
  });
  return `${sections.join("\n\n")}\n\nEvery step also gets the connection (embedded S3, environment or flags: see --help).\n`;
}
