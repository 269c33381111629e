/**
 * A webhook request the trigger will not act on. `reason` is for the flow's logs and its
 * Refused branch; the HTTP response only ever carries the generic status text, so a sender
 * learns nothing about the checks or the integration behind them.
 */
export type RefusalStatus = 400 | 403 | 409 | 413 | 503;

const PUBLIC_TEXT: Record<RefusalStatus, string> = {
  400: "Bad Request",
  403: "Forbidden",
  409: "Conflict",
  413: "Payload Too Large",
  503: "Service Unavailable",
};

export class Refusal extends Error {
  constructor(
    readonly status: RefusalStatus,
    readonly reason: string,
  ) {
    super(reason);
    this.name = "Refusal";
  }

  get publicText(): string {
    return PUBLIC_TEXT[this.status];
  }
}
