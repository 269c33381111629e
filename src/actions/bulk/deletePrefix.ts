import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { stepConnection } from "../../aws/credentials";
import { principalOf } from "../../aws/principal";
import { InputError } from "../../glue/clean";
import { refOf, withComments } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { budgetInputs } from "../../inputs/budgetInputs";
import { listingInputs } from "../../inputs/listingInputs";
import { bucket } from "../../inputs/objectInputs";
import { prefixJobInputs } from "../../inputs/prefixJobInputs";
import { concurrency } from "../../inputs/transferInputs";
import { keyOrderedBucket } from "../../rules/s3Names";
import { Seal } from "../../rules/seal";
import { deleteUnderPrefix } from "../../transfer/prefixJobs/deleteUnderPrefix";
import { jobResult, jobResultSchema, startJob } from "./prefixJob";

const prefix = withComments(
  listingInputs.prefix,
  "Delete every object whose key starts with this, e.g. tmp/2024/. Empty means the whole bucket (only with Empty Whole Bucket on).",
);
const { allVersions, bypassGovernanceRetention, emptyWholeBucket } = prefixJobInputs;

export const deletePrefix = action({
  display: {
    label: "Delete Prefix",
    description: "Delete every object under a prefix, optionally every version",
    directions:
      "Deletes in batches of up to 1,000 keys, Concurrency batches at a time. One call works for at most Time Budget: loop while the result's Done is false, giving its Cursor to the next call; a call killed mid-way can be repeated with the cursor it was given. Keys S3 refuses to delete (Object Lock retention or legal hold, missing permission) are listed in Failures with S3's code, never hidden, and the deletion goes on; a version Object Lock holds says which lock holds it (legal hold, retention mode and retain-until date, read from the version) and what would lift it. Directory buckets (S3 Express One Zone, names ending in --x-s3) are refused: they list keys in no order, which the cursor relies on.",
  },
  inputs: {
    ...s3Access,
    bucket,
    prefix,
    allVersions,
    bypassGovernanceRetention,
    emptyWholeBucket,
    concurrency,
    ...budgetInputs,
  },
  perform: async (_context, params) => {
    // Its cursor is the last key deleted, resumed with StartAfter: that needs S3's key order.
    keyOrderedBucket(
      refOf(bucket),
      params.bucket,
      "list the keys with List Objects and delete them with Delete Objects",
    );
    const Prefix = params.prefix ?? "";
    if (Prefix === "" && !params.emptyWholeBucket) {
      throw new InputError(
        refOf(prefix),
        `is empty, which would delete everything in ${params.bucket}. Give the prefix to delete, or turn on Empty Whole Bucket (${refOf(emptyWholeBucket).key}) to empty the bucket.`,
      );
    }
    const principal = principalOf(stepConnection(params));
    const start = startJob(
      params,
      {
        action: "deletePrefix",
        principal: `${principal.service}/${principal.id}`,
        bucket: params.bucket,
        prefix: Prefix,
        allVersions: params.allVersions,
      },
      Seal.of(principal.secret),
    );
    const report = await deleteUnderPrefix({
      s3: s3Client(params),
      Bucket: params.bucket,
      Prefix,
      allVersions: params.allVersions,
      bypassGovernanceRetention: params.bypassGovernanceRetention,
      concurrency: params.concurrency,
      budget: start.budget,
      after: start.after,
    });
    return { data: jobResult(start, report, { Deleted: report.Deleted, Failed: report.Failed }) };
  },
  outputSchema: out.dataSchema(
    jobResultSchema({
      Deleted: "Objects (with All Versions: versions and delete markers) deleted.",
      Failed: "Keys S3 refused to delete (see Failures).",
    }),
  ),
  examplePayload: {
    data: {
      Done: true,
      Cursor: null,
      Counts: { Deleted: 41_230, Failed: 1 },
      Totals: { Deleted: 200_000, Failed: 1 },
      Failures: [
        {
          Key: "tmp/2024/audit.log",
          VersionId: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo",
          Code: "AccessDenied",
          Message:
            "Access Denied because object protected by object lock. Object Lock holds this version: a legal hold: turn it off with putObjectLegalHold (Legal Hold Status OFF) for this version, then delete again.",
        },
      ],
    },
  },
});
