/**
 * A fixed set of part-sized buffers, allocated on first use and reused: every byte a transfer
 * moves passes through one of them, so its memory is count × size whatever it moves.
 */
export class PartBuffers {
  private readonly free: Buffer[] = [];
  private allocated = 0;
  private readonly waiting: ((buffer: Buffer) => void)[] = [];

  constructor(
    readonly count: number,
    readonly size: number,
  ) {}

  /** A free buffer, waiting while all are in use. */
  take(): Promise<Buffer> {
    const buffer = this.free.pop();
    if (buffer) return Promise.resolve(buffer);
    if (this.allocated < this.count) {
      this.allocated += 1;
      return Promise.resolve(Buffer.allocUnsafeSlow(this.size));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(buffer: Buffer): void {
    const next = this.waiting.shift();
    if (next) next(buffer);
    else this.free.push(buffer);
  }

  /** Runs `work` with a buffer of the set, giving it back however `work` ends. */
  async with<T>(work: (buffer: Buffer) => Promise<T>): Promise<T> {
    const buffer = await this.take();
    try {
      return await work(buffer);
    } finally {
      this.release(buffer);
    }
  }
}
