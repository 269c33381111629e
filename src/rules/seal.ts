/**
 * A seal: an HMAC-SHA256 with a key only the job's own credentials can derive. What a job
 * leaves behind for a later call (a cursor, the marker of a multipart upload it started, the
 * source-etag it stored on a copy) carries one, so neither a third party nor the source's
 * writer can forge it, and the key itself never leaves the process.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export class Seal {
  private constructor(private readonly key: Buffer) {}

  /** A seal keyed by these secrets, in this order (one per side of a job). */
  static of(...secrets: readonly Buffer[]): Seal {
    const key = secrets.reduce(
      (derived, secret) => createHmac("sha256", derived).update(secret).digest(),
      Buffer.from("aws-s3-component seal v1"),
    );
    return new Seal(key);
  }

  /** The seal of these parts (base64url, 43 characters). */
  sign(...parts: readonly string[]): string {
    return this.digest(parts).toString("base64url");
  }

  /** The raw 32-byte seal of these parts. */
  digest(parts: readonly string[]): Buffer {
    // JSON keeps parts apart: ["a|b"] and ["a", "b"] seal differently.
    return createHmac("sha256", this.key).update(JSON.stringify(parts)).digest();
  }

  /** True when `signature` is the seal of these parts; compared in constant time. */
  verifies(signature: string | undefined, ...parts: readonly string[]): boolean {
    if (signature === undefined) return false;
    const given = Buffer.from(signature, "base64url");
    const expected = this.digest(parts);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
