/**
 * A Bloom filter: a fixed-size set of strings that answers "certainly not seen" or "probably
 * seen". It lets the polling trigger remember which keys and versions the previous scan of a
 * bucket listed in a few tens of KiB of state, however many objects there are: with about 10
 * bits per member, 1 in 100 unseen members passes for seen; past its design size it degrades
 * towards "everything seen", never the other way.
 */
import { createHash } from "node:crypto";

const BITS_PER_MEMBER = 10;
const HASHES = 7;
const MIN_BITS = 2 ** 13;
export const MAX_BITS = 2 ** 18;

export class SeenFilter {
  private constructor(private readonly bits: Buffer) {}

  /** A filter sized for `members` (within MIN_BITS and MAX_BITS). */
  static sizedFor(members: number): SeenFilter {
    let size = MIN_BITS;
    while (size < members * BITS_PER_MEMBER && size < MAX_BITS) size *= 2;
    return new SeenFilter(Buffer.alloc(size / 8));
  }

  /** A filter saved by `toJSON`, or undefined when `saved` is not one. */
  static fromJSON(saved: unknown): SeenFilter | undefined {
    if (typeof saved !== "string") return undefined;
    const bits = Buffer.from(saved, "base64");
    const size = bits.length * 8;
    return size >= MIN_BITS && size <= MAX_BITS && (size & (size - 1)) === 0 ? new SeenFilter(bits) : undefined;
  }

  add(member: string): void {
    for (const bit of this.positions(member)) this.bits[bit >> 3] = (this.bits[bit >> 3] ?? 0) | (1 << (bit & 7));
  }

  has(member: string): boolean {
    return this.positions(member).every((bit) => ((this.bits[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0);
  }

  toJSON(): string {
    return this.bits.toString("base64");
  }

  private positions(member: string): number[] {
    // Two hashes make all seven (Kirsch and Mitzenmacher), from one SHA-256.
    const digest = createHash("sha256").update(member, "utf8").digest();
    const first = digest.readUInt32BE(0);
    const step = (digest.readUInt32BE(4) | 1) >>> 0;
    const size = this.bits.length * 8;
    return Array.from({ length: HASHES }, (_, i) => (first + i * step) % size);
  }
}
