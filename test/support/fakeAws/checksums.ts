/** Checksums S3 computes over object bodies (x-amz-checksum-*), without a native CRC dependency. */
import { createHash } from "node:crypto";

/** Reflected CRC-32 family (CRC32: 0xEDB88320, CRC32C: 0x82F63B78). */
function makeCrc32(poly: number): (data: Buffer) => Buffer {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[i] = c >>> 0;
  }
  return (data) => {
    let crc = 0xffffffff;
    for (const byte of data) crc = (table[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
    const out = Buffer.alloc(4);
    out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
    return out;
  };
}

/** CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5), S3's default full-object checksum. */
function makeCrc64Nvme(): (data: Buffer) => Buffer {
  const poly = 0x9a6c9329ac4bc9b5n;
  const hiT = new Uint32Array(256);
  const loT = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    hiT[i] = Number(c >> 32n);
    loT[i] = Number(c & 0xffffffffn);
  }
  return (data) => {
    let hi = 0xffffffff;
    let lo = 0xffffffff;
    for (const byte of data) {
      const idx = (lo ^ byte) & 0xff;
      const nextLo = ((lo >>> 8) | ((hi & 0xff) << 24)) >>> 0;
      const nextHi = hi >>> 8;
      lo = (nextLo ^ (loT[idx] ?? 0)) >>> 0;
      hi = (nextHi ^ (hiT[idx] ?? 0)) >>> 0;
    }
    const out = Buffer.alloc(8);
    out.writeUInt32BE((hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((lo ^ 0xffffffff) >>> 0, 4);
    return out;
  };
}

export const CHECKSUMS: readonly { name: string; compute: (data: Buffer) => Buffer }[] = [
  { name: "CRC32", compute: makeCrc32(0xedb88320) },
  { name: "CRC32C", compute: makeCrc32(0x82f63b78) },
  { name: "CRC64NVME", compute: makeCrc64Nvme() },
  { name: "SHA1", compute: (d) => createHash("sha1").update(d).digest() },
  { name: "SHA256", compute: (d) => createHash("sha256").update(d).digest() },
];

export function computeChecksum(algorithm: string, data: Buffer): string | undefined {
  const found = CHECKSUMS.find((c) => c.name === algorithm.toUpperCase());
  return found?.compute(data).toString("base64");
}
