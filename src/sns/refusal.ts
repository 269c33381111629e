/**
 * A webhook request the trigger will not act on. `reason` is for the flow's logs and its
 * Refused branch; the HTTP response only ever carries the generic status text, so a sender
 * learns nothing about the checks or the integration behind them.
 */
import { echoed } from "../glue/echo";

export type RefusalStatus = 400 | 403 | 409 | 413 | 503;

const PUBLIC_TEXT: Record<RefusalStatus, string> = {
  400: "Bad Request",
  403: "Forbidden",
  409: "Conflict",
  413: "Payload Too Large",
  503: "Service Unavailable",
};

/** Reasons quote what a request carried: never more than this, whatever it sent. */
const MAX_REASON = 1_000;

export class Refusal extends Error {
  readonly reason: string;

  constructor(
    readonly status: RefusalStatus,
    reason: string,
  ) {
    const bounded = echoed(reason, MAX_REASON);
    super(bounded);
    this.reason = bounded;
    this.name = "Refusal";
  }

  get publicText(): string {
    return PUBLIC_TEXT[this.status];
  }
}
