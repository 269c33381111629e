/**
 * The key up to which a prefix job's work is settled, in listing order, while later keys may
 * still be in flight: a cursor at this key skips nothing whatever was running when the call
 * stopped or was killed.
 */
interface Entry {
  relative: string;
  state: "running" | "settled" | "unfinished";
}

export class SettledWatermark {
  private readonly pending: Entry[] = [];

  constructor(private settledUpTo: string | undefined) {}

  /** Registers the next key in listing order. */
  begin(relative: string): Entry {
    const entry: Entry = { relative, state: "running" };
    this.pending.push(entry);
    return entry;
  }

  /** Marks a key's work as done (or as left unfinished: the watermark stays before it). */
  end(entry: Entry, finished = true): void {
    entry.state = finished ? "settled" : "unfinished";
    while (this.pending[0]?.state === "settled") this.settledUpTo = this.pending.shift()?.relative;
  }

  /** Every key up to this one is settled; undefined when none is yet. */
  get after(): string | undefined {
    return this.settledUpTo;
  }

  /** Keys after the watermark whose work ended too (a key before them was left unfinished). */
  get settledBeyond(): string[] {
    return this.pending.filter((entry) => entry.state === "settled").map((entry) => entry.relative);
  }

  /** True when every key begun is settled. */
  get complete(): boolean {
    return this.pending.length === 0;
  }
}
