/**
 * transferObject of a large object, killed half-way and run again, in a process of its own
 * (test/support/migrationChild.ts, bundled as the platform runs the component) so it can be
 * killed like a step the platform stops and its peak RSS is its own: between two users, the
 * run that takes the upload over goes on from the stored parts, sends only the rest, and the
 * object arrives intact in bounded memory. Run at a size above twice the memory goal in the
 * suite (on every Node version) and at 1 GiB in the scale tests.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";

import type { MigrationJob } from "./migrationChild";
import {
  type ChildResult,
  isUploadPart,
  killWhen,
  MIB,
  MINUTE,
  mib,
  numberAt,
  patterned,
  runChild,
  startChild,
  streamedSha256,
  uploadsOn,
  useCrossUserBuckets,
  useMigrationChild,
} from "./migrationChildRunner";
import { startCountingProxy } from "./servers/countingProxy";
import { testTarget } from "./target";

export function describeKilledTransfer(sizeMiB: number): void {
  const SIZE = sizeMiB * MIB;
  const { s3, source: bigSource, target: bigTarget, other } = useCrossUserBuckets("migrate-big");
  useMigrationChild();

  describe("transferObject of a large object, killed half-way and run again", () => {
    const PART_MIB = 8;
    const CONCURRENCY = 4;
    const TOTAL_PARTS = SIZE / (PART_MIB * MIB);
    const SOURCE_KEY = "exports/large ü 😀.bin";
    const TARGET_KEY = "imports/large ü 😀.bin";
    /** The source's parts (its ETag is not the transfer's: the transfer's parts are 8 MiB). */
    const SOURCE_PART = 16 * MIB;
    let sourceSha256 = "";

    // A plain SDK multipart upload, made and hashed part by part: the test never holds the object.
    beforeAll(async () => {
      const started = Date.now();
      const block = randomBytes(MIB);
      const hash = createHash("sha256");
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bigSource, Key: SOURCE_KEY }));
      const sending: Promise<CompletedPart>[] = [];
      const parts: CompletedPart[] = [];
      for (let offset = 0; offset < SIZE; offset += SOURCE_PART) {
        const Body = patterned(block, offset / MIB, Math.min(SOURCE_PART, SIZE - offset));
        hash.update(Body);
        const PartNumber = offset / SOURCE_PART + 1;
        sending.push(
          s3
            .send(new UploadPartCommand({ Bucket: bigSource, Key: SOURCE_KEY, UploadId, PartNumber, Body }))
            .then(({ ETag }) => ({ PartNumber, ETag })),
        );
        // At most 4 parts held at once: wait for the oldest.
        const oldest = sending.length >= 4 ? sending.shift() : undefined;
        if (oldest) parts.push(await oldest);
      }
      parts.push(...(await Promise.all(sending)));
      await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bigSource,
          Key: SOURCE_KEY,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      sourceSha256 = hash.digest("hex");
      process.stderr.write(
        `transferObject killed half-way: ${mib(SIZE)} source made in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
      );
    }, 15 * MINUTE);

    const transferJob = (destinationEndpoint: string): MigrationJob => ({
      action: "transferObject",
      params: {
        sourceRegion: testTarget().region,
        destinationRegion: testTarget().region,
        sourceBucket: bigSource,
        sourceKey: SOURCE_KEY,
        destinationBucket: bigTarget,
        destinationKey: TARGET_KEY,
        partSizeMiB: PART_MIB,
        concurrency: CONCURRENCY,
      },
      connections: {
        sourceConnection: { user: "first" },
        destinationConnection: { user: "second", endpoint: destinationEndpoint },
      },
    });

    it(
      "goes on from the parts a killed run stored, sending only the rest, in bounded memory",
      async () => {
        const firstProxy = await startCountingProxy(testTarget().endpoint);
        let firstParts: number;
        let first: Awaited<ReturnType<typeof killWhen>>;
        try {
          first = await killWhen(
            startChild(transferJob(firstProxy.endpoint)),
            () => firstProxy.seen.filter(isUploadPart).length >= TOTAL_PARTS / 2,
          );
          // Read once the child is gone: every part whose whole body reached the proxy is counted.
          firstParts = firstProxy.seen.filter(isUploadPart).length;
        } finally {
          await firstProxy.close();
        }
        // Killed mid-way, not finished: otherwise there is nothing to go on from.
        expect(first.exit.signal).toBe("SIGKILL");
        expect(firstParts).toBeGreaterThanOrEqual(TOTAL_PARTS / 2);
        expect(firstParts).toBeLessThan(TOTAL_PARTS);
        await expect(other().send(new HeadObjectCommand({ Bucket: bigTarget, Key: TARGET_KEY }))).rejects.toThrow();

        const secondProxy = await startCountingProxy(testTarget().endpoint);
        let second: ChildResult;
        let secondParts: number;
        try {
          second = await runChild(transferJob(secondProxy.endpoint));
          secondParts = secondProxy.seen.filter(isUploadPart).length;
        } finally {
          await secondProxy.close();
        }
        process.stderr.write(
          `transferObject killed half-way: ${mib(SIZE)} in ${TOTAL_PARTS} parts of ${PART_MIB} MiB; killed run: ${firstParts} UploadPart requests, peak RSS ${mib(first.peakRssBytes)}; second run: ${secondParts} UploadPart requests, ${numberAt(second.data, "Parts", "Resumed")} parts resumed, peak RSS ${mib(second.maxRssBytes)}\n`,
        );
        expect(second.data).toMatchObject({
          Done: true,
          Method: "Multipart",
          Size: SIZE,
          Parts: { Total: TOTAL_PARTS },
        });
        const resumed = numberAt(second.data, "Parts", "Resumed");
        expect(resumed).toBeGreaterThan(0);
        expect(resumed + numberAt(second.data, "Parts", "Uploaded")).toBe(TOTAL_PARTS);
        // Parts in flight when the first run died may have missed the server, at most one per worker.
        expect(secondParts).toBeLessThanOrEqual(TOTAL_PARTS - (firstParts - CONCURRENCY));
        expect(await streamedSha256(other(), bigTarget, TARGET_KEY)).toBe(sourceSha256);
        expect(await uploadsOn(other(), bigTarget)).toEqual([]);
        // The goal (150 MiB) holds for the killed run. The run that takes its upload over and reads
        // every stored part again stays under it when the machine is quiet (133 to 157 MiB on Node
        // 20, 22, 24) but peaked at 223 MiB inside the full suite: a spike under load, not yet
        // explained, so its bound stays wider than the goal (docs/guide/performance.md).
        expect(first.peakRssBytes).toBeDefined();
        expect(first.peakRssBytes ?? Number.POSITIVE_INFINITY).toBeLessThan(150 * MIB);
        expect(second.maxRssBytes).toBeLessThan(320 * MIB);
      },
      20 * MINUTE,
    );
  });
}
