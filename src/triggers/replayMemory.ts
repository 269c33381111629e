/**
 * The MessageIds the webhook accepted recently, kept in the flow's instance state so a
 * message captured and sent again is dropped. Only ids younger than the maximum message age
 * need remembering (older messages are refused anyway), and at most MAX_REMEMBERED of them,
 * so the state stays small however busy the topic is.
 */
export const REPLAY_STATE_KEY = "snsRecentMessageIds";
export const MAX_REMEMBERED = 1_000;

/** [MessageId, message Timestamp in ms], oldest first. */
export type RecentMessages = Array<[string, number]>;

export function recentMessages(instanceState: Record<string, unknown>): RecentMessages {
  const stored = instanceState[REPLAY_STATE_KEY];
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((entry: unknown): RecentMessages => {
    if (!Array.isArray(entry)) return [];
    const [id, time]: unknown[] = entry;
    return typeof id === "string" && typeof time === "number" ? [[id, time]] : [];
  });
}

export function alreadySeen(recent: RecentMessages, messageId: string): boolean {
  return recent.some(([id]) => id === messageId);
}

export function withMessage(recent: RecentMessages, messageId: string, timestampMs: number, oldestAllowedMs: number): RecentMessages {
  const kept = recent.filter(([, time]) => time >= oldestAllowedMs);
  kept.push([messageId, timestampMs]);
  kept.sort((a, b) => a[1] - b[1]);
  return kept.slice(-MAX_REMEMBERED);
}
