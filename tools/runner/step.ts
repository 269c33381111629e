/**
 * Runs one action, trigger or data source through spectral's `createHarness`, the path the tests
 * take: inputs are cleaned, defaults filled in (as strings) and errors pass the component's
 * error hook. Measures the time and the bytes that moved.
 */
import type { Connection } from "@prismatic-io/spectral";
import type { Component, TriggerPayload } from "@prismatic-io/spectral/dist/serverTypes";
import { createHarness } from "@prismatic-io/spectral/dist/testing";
import type { Target } from "./catalog";
import type { RunnerIO } from "./io";
import { formatBytes, json, scrub, shownInputs } from "./output";
import { rate, SocketTraffic, showProgress } from "./progress";

export interface Session {
  component: Component;
  harness: ReturnType<typeof createHarness>;
  connection: Connection;
  region: string;
  io: RunnerIO;
  /** Values that must never be printed (the connection's secrets). */
  secrets: string[];
  /** Counts the bytes every step moves; `close()` stops it. */
  traffic: SocketTraffic;
}

export function createSession(
  component: Component,
  connection: Connection,
  region: string,
  io: RunnerIO,
  secrets: string[],
): Session {
  return {
    component,
    harness: createHarness(component),
    connection,
    region,
    io,
    secrets,
    traffic: new SocketTraffic().start(),
  };
}

export function closeSession(session: Session): void {
  session.traffic.stop();
}

export interface StepOutcome {
  result: unknown;
  ms: number;
  sent: number;
  received: number;
}

/** Bodies at least this large get a progress bar. */
const LARGE_BODY = 8 * 1024 * 1024;

function bodyBytes(params: Record<string, unknown>): number {
  let total = 0;
  for (const value of Object.values(params)) {
    if (Buffer.isBuffer(value)) total += value.length;
    else if (typeof value === "object" && value !== null && "data" in value && Buffer.isBuffer(value.data))
      total += value.data.length;
  }
  return total;
}

/** The connection and region the runner supplies, then the given inputs. */
export function fullParams(session: Session, target: Target, params: Record<string, unknown>): Record<string, unknown> {
  const supplied: Record<string, unknown> = {};
  for (const input of target.inputs) {
    if (input.type === "connection") supplied[input.key] = session.connection;
    else if (input.key === "awsRegion") supplied[input.key] = session.region;
  }
  return { ...supplied, ...params };
}

export async function runStep(
  session: Session,
  target: Target,
  params: Record<string, unknown>,
  payload?: Partial<TriggerPayload>,
): Promise<StepOutcome> {
  const all = fullParams(session, target, params);
  const upload = bodyBytes(params);
  const { traffic } = session;
  const before = traffic.totals();
  const progress =
    upload >= LARGE_BODY
      ? showProgress(session.io, `${target.key} sending`, upload, () => traffic.since(before).sent)
      : showProgress(session.io, target.key, undefined, () => {
          const { sent, received } = traffic.since(before);
          return sent + received;
        });
  const began = performance.now();
  try {
    let result: unknown;
    if (target.kind === "action") result = await session.harness.action(target.key, all);
    else if (target.kind === "dataSource") result = await session.harness.dataSource(target.key, all);
    else result = await session.harness.trigger(target.key, payload, all);
    return { result, ms: performance.now() - began, ...traffic.since(before) };
  } finally {
    progress.end();
  }
}

/** What a step gives the next one: an action's `data`, a data source's `result`, a trigger's whole result. */
export function resultOf(target: Target, result: unknown): unknown {
  const field = target.kind === "action" ? "data" : target.kind === "dataSource" ? "result" : undefined;
  if (field !== undefined && typeof result === "object" && result !== null && field in result)
    return Reflect.get(result, field);
  return result;
}

/** "1.32 s · sent 50.0 MiB at 37.9 MiB/s" */
export function timing(outcome: Pick<StepOutcome, "ms" | "sent" | "received">): string {
  const parts = [outcome.ms < 1000 ? `${outcome.ms.toFixed(0)} ms` : `${(outcome.ms / 1000).toFixed(2)} s`];
  // Small transfers are request overhead; only show what says something about throughput.
  if (outcome.sent >= 1024 * 1024) parts.push(`sent ${formatBytes(outcome.sent)} at ${rate(outcome.sent, outcome.ms)}`);
  if (outcome.received >= 1024 * 1024)
    parts.push(`received ${formatBytes(outcome.received)} at ${rate(outcome.received, outcome.ms)}`);
  return parts.join(" · ");
}

/** Indents every line after the first, so multi-line JSON lines up under its label. */
export const hang = (text: string, indent: string): string => text.split("\n").join(`\n${indent}`);

/** The header and inputs of a step, secrets masked. */
export function describeInputs(session: Session, target: Target, params: Record<string, unknown>): string {
  const lines = Object.entries(shownInputs(target.inputs, params)).map(([key, value]) => `${key}: ${json(value, 0)}`);
  return scrub(`  inputs  ${lines.length === 0 ? "(none)" : lines.join("\n          ")}\n`, session.secrets);
}
