/**
 * The MessageIds the webhook accepted within the maximum message age, so a message captured
 * and sent again is dropped. Two memories:
 * - the flow's instance state: every id of the age window, up to CAPACITY_PER_SECOND ids per
 *   second of it, as 12-byte entries (a 64-bit hash of the id and the message's time);
 * - this process: ids claimed by executions still running, so two deliveries of one message
 *   at the same time cannot both pass (instance state is read when an execution starts and
 *   written when it ends, so neither would see the other's id there).
 * When more messages arrive within the window than the memory holds, the oldest ids are
 * dropped and messages as old as those are refused from then on: a replay can never slip
 * through a forgotten id.
 */
import { createHash } from "node:crypto";

export const REPLAY_STATE_KEY = "snsReplayMemory";
/** Sustained messages per second that the memory covers over the whole age window. */
export const CAPACITY_PER_SECOND = 2;
const ENTRY_BYTES = 12;

export interface ReplayMemory {
  /** Hash of a MessageId → the message's Timestamp in whole seconds. */
  entries: Map<string, number>;
  /** Messages sent before this (ms) are refused: ids of that age were dropped for room. */
  horizonMs: number;
}

export const capacityFor = (maxMessageAgeSeconds: number): number =>
  Math.ceil(maxMessageAgeSeconds * CAPACITY_PER_SECOND);

const idHash = (messageId: string): Buffer => createHash("sha256").update(messageId).digest().subarray(0, 8);

export function replayMemory(instanceState: Record<string, unknown>): ReplayMemory {
  const stored = instanceState[REPLAY_STATE_KEY];
  const memory: ReplayMemory = { entries: new Map(), horizonMs: 0 };
  if (typeof stored !== "object" || stored === null || !("entries" in stored) || typeof stored.entries !== "string")
    return memory;
  const bytes = Buffer.from(stored.entries, "base64");
  for (let offset = 0; offset + ENTRY_BYTES <= bytes.length; offset += ENTRY_BYTES) {
    memory.entries.set(bytes.toString("hex", offset, offset + 8), bytes.readUInt32BE(offset + 8));
  }
  if ("horizonMs" in stored && typeof stored.horizonMs === "number") memory.horizonMs = stored.horizonMs;
  return memory;
}

/** The memory as instance state: oldest entries first. */
export function storedMemory(memory: ReplayMemory): { entries: string; horizonMs: number } {
  const sorted = [...memory.entries].sort((a, b) => a[1] - b[1]);
  const bytes = Buffer.alloc(sorted.length * ENTRY_BYTES);
  sorted.forEach(([hash, seconds], index) => {
    bytes.write(hash, index * ENTRY_BYTES, "hex");
    bytes.writeUInt32BE(seconds, index * ENTRY_BYTES + 8);
  });
  return { entries: bytes.toString("base64"), horizonMs: memory.horizonMs };
}

/** Ids claimed in this process by executions that accepted them, with their message times (ms). */
const claimed = new Map<string, number>();

/**
 * Whether the message was received before (in the flow's memory or by an execution of this
 * process); if not, claims it at once, so a concurrent delivery of it finds it claimed.
 */
export function claimMessage(
  memory: ReplayMemory,
  messageId: string,
  timestampMs: number,
  oldestAllowedMs: number,
): boolean {
  for (const [id, time] of claimed) if (time < oldestAllowedMs) claimed.delete(id);
  const hash = idHash(messageId).toString("hex");
  if (memory.entries.has(hash) || claimed.has(hash)) return false;
  claimed.set(hash, timestampMs);
  return true;
}

/** Gives a claim back when the message could not be acted on, so SNS's retry is accepted. */
export function releaseMessage(messageId: string): void {
  claimed.delete(idHash(messageId).toString("hex"));
}

/** The memory with `messageId` added, ids older than the window dropped, and kept within capacity. */
export function withMessage(
  memory: ReplayMemory,
  messageId: string,
  timestampMs: number,
  oldestAllowedMs: number,
  capacity: number,
): ReplayMemory {
  const entries = new Map([...memory.entries].filter(([, seconds]) => seconds * 1000 >= oldestAllowedMs));
  entries.set(idHash(messageId).toString("hex"), Math.floor(timestampMs / 1000));
  let horizonMs = memory.horizonMs;
  if (entries.size > capacity) {
    const sorted = [...entries].sort((a, b) => a[1] - b[1]);
    for (const [hash, seconds] of sorted.slice(0, entries.size - capacity)) {
      entries.delete(hash);
      // Within the window: from now on messages this old are refused instead of possibly replayed.
      horizonMs = Math.max(horizonMs, (seconds + 1) * 1000);
    }
  }
  return { entries, horizonMs };
}
