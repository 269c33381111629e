import { action } from "@prismatic-io/spectral";
import { InputError } from "../../glue/clean";
import { refOf } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { budgetInputs } from "../../inputs/budgetInputs";
import { copyInputs, copyTags, prefixInputs } from "../../inputs/copyInputs";
import { prefixJobInputs } from "../../inputs/prefixJobInputs";
import { sideClients, sideInputs, sidesOf } from "../../inputs/sideInputs";
import { concurrency, partSizeMiB } from "../../inputs/transferInputs";
import { acl, destinationWrite, kmsKeyId, serverSideEncryption, storageClass } from "../../inputs/writeOptions";
import { MIB } from "../../rules/s3Limits";
import { keyOrderedBucket } from "../../rules/s3Names";
import { PartBuffers } from "../../transfer/partBuffers";
import { mirrorPrefix } from "../../transfer/prefixJobs/mirrorPrefix";
import { jobResult, jobResultSchema, startJob } from "./prefixJob";

const { sourceBucket, destinationBucket } = copyInputs;
const { deleteRemoved } = prefixJobInputs;

export const copyPrefix = action({
  display: {
    label: "Copy Prefix",
    description: "Copy (mirror) every object under a prefix to another prefix, bucket, account or provider",
    directions:
      "Objects already identical at the destination (same size, and the same MD5 ETag or the sealed source ETag this job's transfer stored) are skipped, so running it again copies only what changed; with Delete Removed, destination objects gone from the source are deleted. Objects move as in Transfer Object (server-side with the same credentials on both sides). One call works for at most Time Budget: loop while the result's Done is false, giving its Cursor to the next call. A call killed mid-way can be repeated with the cursor it was given. A cursor is accepted only unchanged, with the connections that issued it. Directory buckets (names ending in --x-s3) are refused: they list keys in no order, which the walk relies on. Failures are listed per key and the copy goes on; a key that failed transiently is tried once more first.",
  },
  inputs: {
    ...sideInputs,
    sourceBucket,
    ...prefixInputs,
    destinationBucket,
    deleteRemoved,
    copyTags,
    acl,
    storageClass,
    serverSideEncryption,
    kmsKeyId,
    partSizeMiB,
    concurrency,
    ...budgetInputs,
  },
  perform: async (_context, params) => {
    // Both listings are walked together in key order: directory buckets list in none.
    const instead = "copy the objects one by one with Transfer Object";
    keyOrderedBucket(refOf(sourceBucket), params.sourceBucket, instead);
    keyOrderedBucket(refOf(destinationBucket), params.destinationBucket, instead);
    const sides = sidesOf(params);
    const sourcePrefix = params.sourcePrefix ?? "";
    const destinationPrefix = params.destinationPrefix ?? "";
    if (
      sides.sameService &&
      params.sourceBucket === params.destinationBucket &&
      (sourcePrefix.startsWith(destinationPrefix) || destinationPrefix.startsWith(sourcePrefix))
    ) {
      throw new InputError(
        refOf(prefixInputs.destinationPrefix),
        `"${destinationPrefix}" overlaps Source Prefix "${sourcePrefix}" in the same bucket, so copies would be copied again. Choose a prefix outside the source's (for example a sibling folder), or another bucket.`,
      );
    }
    const write = destinationWrite(params);
    const start = startJob(
      params,
      {
        action: "copyPrefix",
        source: [sides.principals.source, params.sourceBucket, sourcePrefix],
        destination: [sides.principals.destination, params.destinationBucket, destinationPrefix],
        deleteRemoved: params.deleteRemoved,
        copyTags: params.copyTags,
        write,
      },
      sides.seal,
    );
    const clients = await sideClients(sides, params.timeBudgetSeconds);
    const report = await mirrorPrefix({
      source: { ...clients.source, Bucket: params.sourceBucket, Prefix: sourcePrefix },
      destination: { ...clients.destination, Bucket: params.destinationBucket, Prefix: destinationPrefix },
      serverSide: sides.sameCredentials,
      write,
      copyTags: params.copyTags,
      deleteRemoved: params.deleteRemoved,
      buffers: new PartBuffers(params.concurrency, params.partSizeMiB * MIB),
      concurrency: params.concurrency,
      budget: start.budget,
      seal: sides.seal,
      after: start.after,
      settledBefore: start.settled,
    });
    const { Copied, Skipped, Deleted, Failed, Bytes } = report;
    return { data: jobResult(start, report, { Copied, Skipped, Deleted, Failed, Bytes }) };
  },
  outputSchema: out.dataSchema(
    jobResultSchema({
      Copied: "Objects copied.",
      Skipped: "Objects already identical at the destination.",
      Deleted: "Destination objects deleted because their source is gone (Delete Removed).",
      Failed: "Keys that failed (see Failures).",
      Bytes: "Bytes of the objects copied.",
    }),
  ),
  examplePayload: {
    data: {
      Done: false,
      Cursor: "eyJ2IjoxLCJqb2IiOiJxN2dGd0dRZ3g0VjRNdmRhIiwiYWZ0ZXIiOiIyMDI0LzA2LzMwLmNzdiJ9",
      Counts: { Copied: 1250, Skipped: 8700, Deleted: 0, Failed: 1, Bytes: 5_368_709_120 },
      Totals: { Copied: 1250, Skipped: 8700, Deleted: 0, Failed: 1, Bytes: 5_368_709_120 },
      Failures: [
        {
          Key: "exports/2024/locked.csv",
          VersionId: undefined,
          Code: "AccessDenied",
          Message: "AccessDenied (HTTP 403): Access Denied. Check that the connection may s3:GetObject.",
        },
      ],
    },
  },
});
