/**
 * Hardening: a mixed workload through a proxy that injects 503 SlowDown, 500 InternalError,
 * connections reset in the middle of request and response bodies, and long delays. Every
 * operation must complete through retries (and resumed downloads), every object must read
 * back by SHA-256, no multipart upload may be left behind, and an operation that cannot
 * succeed must fail with a clear error within a bounded time. The figures are printed.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { GetObjectCommand, ListMultipartUploadsCommand } from "@aws-sdk/client-s3";
import { bytesOf, harness, keyConnection, region, sha256, useTestBucket } from "../../support/harness";
import { type CountingProxy, type FaultRates, startCountingProxy } from "../../support/servers/countingProxy";
import { testTarget } from "../../support/target";

const RATES: FaultRates = {
  slowDown: 0.07,
  internalError: 0.05,
  resetResponse: 0.05,
  resetRequest: 0.05,
  delay: 0.03,
  delayMs: 1500,
  seed: 2026,
};
const MIB = 1024 * 1024;

const { bucket, verifier: s3 } = useTestBucket("faults");
let proxy: CountingProxy;
let source: http.Server;
let sourceUrl: string;
const sourceBytes = randomBytes(12 * MIB + 5);

beforeAll(async () => {
  proxy = await startCountingProxy(testTarget().endpoint ?? "", {});
  source = http.createServer((_request, response) => {
    response.writeHead(200, {
      "content-type": "application/octet-stream",
      "content-length": String(sourceBytes.length),
    });
    response.end(sourceBytes);
  });
  await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
  const address: AddressInfo | string | null = source.address();
  sourceUrl = typeof address === "object" && address !== null ? `http://127.0.0.1:${address.port}/data.bin` : "";
});
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((resolve) => source.close(() => resolve()));
});

const connection = () => keyConnection({ endpoint: proxy.endpoint, forcePathStyle: "true" });
const act = (key: string, params: Record<string, unknown>, context?: { executionState: Record<string, unknown> }) =>
  harness.action(key, { accessKey: connection(), awsRegion: region(), ...params }, context);

async function stored(key: string): Promise<string> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return sha256(Buffer.from((await response.Body?.transformToByteArray()) ?? []));
}

function field(result: unknown, name: string): unknown {
  if (typeof result === "object" && result !== null && "data" in result) {
    const data = result.data;
    if (typeof data === "object" && data !== null && name in data) return Reflect.get(data, name);
  }
  return undefined;
}

it("completes a mixed workload under injected faults with nothing corrupted or orphaned", async () => {
  const expected = new Map<string, string>();
  let operations = 0;
  const step = async <T>(work: () => Promise<T>): Promise<T> => {
    operations += 1;
    return work();
  };
  proxy.setFaults(RATES);

  for (let i = 0; i < 8; i++) {
    const key = `small/${i} ü+%.bin`;
    const body = randomBytes(64 * 1024 + i);
    await step(() => act("putObject", { bucket, objectKey: key, fileContents: body }));
    expected.set(key, sha256(body));
    expect(sha256(bytesOf(await step(() => act("getObject", { bucket, objectKey: key }))))).toBe(sha256(body));
  }

  const large = randomBytes(18 * MIB + 3);
  await step(() =>
    act("putObject", {
      bucket,
      objectKey: "large/put.bin",
      fileContents: large,
      multipartThresholdMiB: 5,
      partSizeMiB: 5,
    }),
  );
  expected.set("large/put.bin", sha256(large));
  expect(sha256(bytesOf(await step(() => act("getObject", { bucket, objectKey: "large/put.bin" }))))).toBe(
    sha256(large),
  );

  const parts = [large.subarray(0, 5 * MIB), large.subarray(5 * MIB, 10 * MIB), large.subarray(10 * MIB)];
  const created = await step(() => act("createMultipartUpload", { bucket, objectKey: "large/manual.bin" }));
  const uploadId = field(created, "uploadId") ?? field(created, "UploadId");
  const uploaded: unknown[] = [];
  for (const [index, chunk] of parts.entries()) {
    uploaded.push(
      field(
        await step(() =>
          act("uploadPart", {
            bucket,
            objectKey: "large/manual.bin",
            uploadId,
            partNumber: index + 1,
            fileChunk: chunk,
          }),
        ),
        "part",
      ),
    );
  }
  await step(() =>
    act("completeMultipartUpload", { bucket, objectKey: "large/manual.bin", uploadId, parts: uploaded }),
  );
  expected.set("large/manual.bin", sha256(large));

  let executionState: Record<string, unknown> = {};
  const opened = await step(() =>
    act("createUploadStream", { bucket, objectKey: "large/stream.bin", partSizeMiB: 5 }, { executionState }),
  );
  executionState = opened?.executionState ?? executionState;
  const streamId = opened?.data;
  for (let offset = 0; offset < large.length; offset += 3 * MIB) {
    const written = await step(() =>
      act(
        "writeUploadStream",
        { uploadId: streamId, fileContents: large.subarray(offset, offset + 3 * MIB) },
        { executionState },
      ),
    );
    executionState = written?.executionState ?? executionState;
  }
  await step(() => act("closeUploadStream", { uploadId: streamId }, { executionState }));
  expected.set("large/stream.bin", sha256(large));

  await step(() =>
    act("uploadFromUrl", {
      allowPrivateNetwork: true,
      url: sourceUrl,
      bucket,
      objectKey: "large/from url.bin",
      partSizeMiB: 5,
    }),
  );
  expected.set("large/from url.bin", sha256(sourceBytes));

  await step(() =>
    act("copyObject", {
      sourceBucket: bucket,
      sourceKey: "large/put.bin",
      destinationBucket: bucket,
      destinationKey: "copies/put copy.bin",
    }),
  );
  expected.set("copies/put copy.bin", sha256(large));

  const listed = await step(() => act("listObjects", { bucket, fetchAll: true, maxKeys: 3 }));
  expect(listed?.data).toEqual([...expected.keys()].sort());

  const doomed = [...expected.keys()].filter((key) => key.startsWith("small/") && Number(key[6]) >= 4);
  await step(() => act("deleteObjects", { bucket, objectKeys: doomed }));
  for (const key of doomed) expected.delete(key);

  proxy.setFaults({});
  let corrupted = 0;
  for (const [key, digest] of expected) if ((await stored(key)) !== digest) corrupted += 1;
  const remaining = await act("listObjects", { bucket, fetchAll: true });
  const orphaned = (await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads?.length ?? 0;
  const faults = Object.values(proxy.faults).reduce((sum, count) => sum + count, 0);
  process.stdout.write(
    `fault injection: ${operations} operations, ${proxy.seen.length} requests, ${faults} faults injected (${JSON.stringify(proxy.faults)}), ` +
      `${proxy.seen.length - operations} extra requests (retries, resumes, parts), 0 failures, ${corrupted} corrupted, ${orphaned} orphaned uploads\n`,
  );
  expect(remaining?.data).toEqual([...expected.keys()].sort());
  expect(corrupted).toBe(0);
  expect(orphaned).toBe(0);
  expect(faults).toBeGreaterThan(5);
}, 300_000);

it("fails an operation that cannot succeed with a clear error within a bounded time", async () => {
  proxy.setFaults({ slowDown: 1 });
  const started = Date.now();
  const error = await act("putObject", { bucket, objectKey: "never.txt", fileContents: "x" }).catch(
    (thrown: unknown) => thrown,
  );
  const seconds = (Date.now() - started) / 1000;
  proxy.setFaults({});
  expect(error instanceof Error ? error.message : "").toMatch(
    /PutObject failed: SlowDown \(HTTP 503.*Hint: the service asked to slow down and the retries were used up/,
  );
  expect(seconds).toBeLessThan(60);
  const orphaned = (await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads?.length ?? 0;
  expect(orphaned).toBe(0);
});
