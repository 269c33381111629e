import { randomBytes } from "node:crypto";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { DIRECT_READ_BYTES } from "../src/download";
import { type SeenRequest, startCountingProxy } from "./support/countingProxy";
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

describe("bodies of 8 MiB and more", () => {
  const large = randomBytes(DIRECT_READ_BYTES + 3 * 1024 * 1024 + 5);
  const key = "large ü+file.bin";
  const presigned = (request: SeenRequest) => request.method === "GET" && request.path.includes("X-Amz-Signature=") && request.path.includes("large");

  beforeAll(async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: large }));
  });

  it("are read through a presigned GET of their range, byte for byte, after the SDK's answer gave their size", async () => {
    const proxy = await startCountingProxy(testTarget().endpoint ?? "");
    try {
      const connection = keyConnection({ endpoint: proxy.endpoint, forcePathStyle: "true" });
      const whole = await harness.action("getObject", { connection, awsRegion: region(), bucket, objectKey: key });
      expect(sha256(bytesOf(whole))).toBe(sha256(large));
      expect(whole?.data).toMatchObject({ ContentLength: large.length, ETag: expect.any(String) });
      const last = large.length - 1;
      const ranged = await harness.action("getObject", { connection, awsRegion: region(), bucket, objectKey: key, range: `bytes=1000-${last}` });
      expect(sha256(bytesOf(ranged))).toBe(sha256(large.subarray(1000)));
      expect(proxy.seen.filter(presigned).map((request) => request.range)).toEqual([`bytes=0-${last}`, `bytes=1000-${last}`]);
    } finally {
      await proxy.close();
    }
  });

  it("resume from the first missing byte when the connection breaks", async () => {
    const proxy = await startCountingProxy(testTarget().endpoint ?? "", { resetResponse: 0.5, seed: 3 });
    try {
      const connection = keyConnection({ endpoint: proxy.endpoint, forcePathStyle: "true" });
      for (let i = 0; i < 3; i++) {
        const result = await harness.action("getObject", { connection, awsRegion: region(), bucket, objectKey: key });
        expect(sha256(bytesOf(result))).toBe(sha256(large));
      }
      const broken = proxy.seen.filter((request) => presigned(request) && request.fault === "resetResponse");
      expect(broken.length).toBeGreaterThan(0);
      const resumedStarts = proxy.seen.filter(presigned).flatMap((request) => /^bytes=(\d+)-/.exec(request.range ?? "")?.slice(1).map(Number) ?? []).filter((start) => start > 0);
      // The proxy breaks a body halfway: a resumed read starts past what arrived.
      for (const start of resumedStarts) expect(start).toBeGreaterThan(large.length / 4);
    } finally {
      await proxy.close();
    }
  });

  it("fail naming the change when the object is replaced while it is read", async () => {
    const changingKey = "changing.bin";
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: changingKey, Body: large }));
    let replaced = false;
    const proxy = await startCountingProxy(testTarget().endpoint ?? "", {}, {
      beforeForward: async (request) => {
        if (replaced || !request.path.includes("X-Amz-Signature=")) return;
        replaced = true;
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: changingKey, Body: randomBytes(DIRECT_READ_BYTES) }));
      },
    });
    try {
      const connection = keyConnection({ endpoint: proxy.endpoint, forcePathStyle: "true" });
      await expect(harness.action("getObject", { connection, awsRegion: region(), bucket, objectKey: changingKey })).rejects.toThrow(
        /^GetObject failed: PreconditionFailed \(HTTP 412.*changed while it was being read/s,
      );
      expect(replaced).toBe(true);
    } finally {
      await proxy.close();
    }
  });
});
