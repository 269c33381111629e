import { randomBytes } from "node:crypto";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { startCountingProxy } from "./support/countingProxy";
import { bytesOf, harness, keyConnection, newBucket, region, removeBuckets, sha256, verifierS3 } from "./support/harness";
import { testTarget } from "./support/target";

const s3 = verifierS3();
let bucket: string;
const bytes = randomBytes(3 * 1024 * 1024 + 11);

beforeAll(async () => {
  bucket = await newBucket("resume");
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "big file ü.bin", Body: bytes }));
});
afterAll(async () => {
  await removeBuckets();
  s3.destroy();
});

it("resumes a download whose connection breaks mid-body, byte for byte", async () => {
  const proxy = await startCountingProxy(testTarget().endpoint ?? "", { resetResponse: 0.5, seed: 7 });
  try {
    const connection = keyConnection({ endpoint: proxy.endpoint, forcePathStyle: "true" });
    for (let i = 0; i < 4; i++) {
      const result = await harness.action("getObject", { connection, awsRegion: region(), bucket, objectKey: "big file ü.bin" });
      expect(sha256(bytesOf(result))).toBe(sha256(bytes));
    }
    expect(proxy.faults.resetResponse).toBeGreaterThan(0);
  } finally {
    await proxy.close();
  }
});

it("resumes a ranged download from the first missing byte", async () => {
  const proxy = await startCountingProxy(testTarget().endpoint ?? "", { resetResponse: 0.5, seed: 7 });
  try {
    const connection = keyConnection({ endpoint: proxy.endpoint, forcePathStyle: "true" });
    for (let i = 0; i < 3; i++) {
      const result = await harness.action("getObject", { connection, awsRegion: region(), bucket, objectKey: "big file ü.bin", range: "bytes=1000-2000999" });
      expect(sha256(bytesOf(result))).toBe(sha256(bytes.subarray(1000, 2001000)));
    }
    expect(proxy.faults.resetResponse).toBeGreaterThan(0);
    // A resumed request starts after what was read (the proxy breaks bodies halfway), never over again.
    const resumedStarts = proxy.seen.flatMap((request) => /^bytes=(\d+)-2000999$/.exec(request.range ?? "")?.slice(1).map(Number) ?? []).filter((start) => start > 1000);
    expect(resumedStarts.length).toBeGreaterThan(0);
    for (const start of resumedStarts) expect(start).toBeGreaterThan(1000 + 500_000);
  } finally {
    await proxy.close();
  }
});

it("gives up with a clear error when every attempt breaks", async () => {
  const proxy = await startCountingProxy(testTarget().endpoint ?? "", { resetResponse: 1 });
  try {
    const connection = keyConnection({ endpoint: proxy.endpoint, forcePathStyle: "true" });
    await expect(harness.action("getObject", { connection, awsRegion: region(), bucket, objectKey: "big file ü.bin" })).rejects.toThrow(
      /GetObject failed: the connection broke while reading "big file ü.bin" .* 3 resumed downloads did not finish it/,
    );
  } finally {
    await proxy.close();
  }
});
