import { action } from "@prismatic-io/spectral";
import { refOf } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { budgetInputs } from "../../inputs/budgetInputs";
import { copyInputs, copyTags } from "../../inputs/copyInputs";
import { sideClients, sideInputs, sidesOf } from "../../inputs/sideInputs";
import { concurrency, partSizeMiB } from "../../inputs/transferInputs";
import {
  acl,
  destinationWrite,
  ifNoneMatch,
  kmsKeyId,
  serverSideEncryption,
  storageClass,
} from "../../inputs/writeOptions";
import { MIB } from "../../rules/s3Limits";
import { copyBetween } from "../../transfer/moves/copyBetween";
import { PartBuffers } from "../../transfer/partBuffers";
import { TimeBudget } from "../../transfer/timeBudget";
import { transferOutcomeSchema } from "./transferOutcomeSchema";

const { timeBudgetSeconds } = budgetInputs;

export const transferObject = action({
  display: {
    label: "Transfer Object",
    description: "Copy one object to another bucket, account or S3-compatible provider, any size",
    directions:
      "Each side has its own connection and region, so the object can go from AWS to Cloudflare R2 or MinIO, or from one customer's account to another. With the same credentials on both sides S3 copies server-side; otherwise the bytes stream through the integration in parts of Part Size, Concurrency at a time, never the whole object in memory (about Part Size × Concurrency). Content type, cache and disposition headers, user metadata and (with Copy Tags) tags go along; the source's ETag is stored as source-etag metadata, with a source-seal only these connections can make. Every part is checked by MD5. When the Time Budget runs out first the result says Done false and the parts stay stored: run the step again with the same inputs (also after a crash or a timeout) and it goes on from them; an unfinished upload this job did not start with these settings is never continued, completed or aborted. A failure aborts the upload.",
  },
  inputs: {
    ...sideInputs,
    ...copyInputs,
    copyTags,
    acl,
    storageClass,
    serverSideEncryption,
    kmsKeyId,
    ifNoneMatch,
    partSizeMiB,
    concurrency,
    timeBudgetSeconds,
  },
  perform: async (_context, params) => {
    const sides = sidesOf(params);
    const clients = await sideClients(sides, params.timeBudgetSeconds);
    const outcome = await copyBetween({
      source: {
        ...clients.source,
        Bucket: params.sourceBucket,
        Key: params.sourceKey,
        VersionId: params.sourceVersionId,
      },
      destination: { ...clients.destination, Bucket: params.destinationBucket, Key: params.destinationKey },
      serverSide: sides.sameCredentials,
      write: destinationWrite(params),
      copyTags: params.copyTags,
      doNotOverwrite: params.ifNoneMatch ? refOf(ifNoneMatch) : undefined,
      buffers: new PartBuffers(params.concurrency, params.partSizeMiB * MIB),
      concurrency: params.concurrency,
      budget: new TimeBudget(params.timeBudgetSeconds),
      seal: sides.seal,
    });
    return { data: outcome };
  },
  outputSchema: out.dataSchema(transferOutcomeSchema),
  examplePayload: {
    data: {
      Done: true,
      Method: "Multipart",
      Bucket: "customer-archive",
      Key: "exports/2024/orders.parquet",
      VersionId: undefined,
      ETag: '"3b83ef96387f14655fc854ddc3c6bd57-3"',
      Size: 13_000_000,
      SourceETag: '"6805f2cfc46c0f04559748bb039d69ae"',
      SourceVersionId: undefined,
      Parts: { Total: 3, Uploaded: 3, Resumed: 0 },
      Checksum: {
        Algorithm: "MD5",
        Compared: "each part (Content-MD5) and the whole object's multipart ETag",
        Value: '"3b83ef96387f14655fc854ddc3c6bd57-3"',
      },
    },
  },
});
