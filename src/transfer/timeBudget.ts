/**
 * How long a call may keep starting work. A step is killed after 15 minutes; work in flight
 * when the budget is spent is finished, so the budget leaves margin for it.
 */
export class TimeBudget {
  private readonly endsAt: number;

  constructor(
    seconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.endsAt = now() + seconds * 1000;
  }

  /** True once no new work should start. */
  get spent(): boolean {
    return this.now() >= this.endsAt;
  }
}
