/**
 * A separate process for the upload stream exit tests: opens an upload stream, writes 6 MiB
 * (so a 5 MiB part reaches S3 and a multipart upload exists), prints READY, then either waits
 * to be signalled ("wait") or simply runs out of work ("return"), never closing the stream.
 *
 * Run as: node --import tsx test/support/uploadStreamChild.ts BUCKET KEY wait|return
 */
import { randomBytes } from "node:crypto";
import { harness, keyConnection, region } from "./harness";

async function main(): Promise<void> {
  const [bucket, objectKey, mode] = process.argv.slice(2);
  const created = await harness.action("createUploadStream", {
    accessKey: keyConnection(),
    awsRegion: region(),
    bucket,
    objectKey,
    partSizeMiB: 5,
    concurrency: 1,
  });
  const state = created?.executionState ?? {};
  // The result is the stream's ID, as in the official component.
  const id = created?.data;
  await harness.action(
    "writeUploadStream",
    { uploadId: id, fileContents: randomBytes(6 * 1024 * 1024) },
    { executionState: state },
  );
  process.stdout.write("READY\n");
  // Keeps the process alive until a signal arrives.
  if (mode === "wait") setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(2);
});
