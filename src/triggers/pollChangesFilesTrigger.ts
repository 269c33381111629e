import { createHash } from "node:crypto";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { pollingTrigger, type TriggerBaseResult, type TriggerPayload } from "@prismatic-io/spectral";
import { s3Access } from "../aws/accessInputs";
import { s3Client } from "../aws/clients";
import { optionalDate } from "../glue/clean";
import { exampleTriggerPayload } from "../glue/examplePayload";
import { integerInput, refOf, textInput } from "../glue/inputKit";
import { prefix, suffix } from "../inputs/notificationInputs";
import { bucket, includeMetadataInput } from "../inputs/objectInputs";
import { MAX_TRACKED_KEYS, OVERLAP_MS, scanForChanges, TooManyKeys } from "../polling/changeScan";
import { keyOrderedBucket } from "../rules/s3Names";

export const pollChangesFilesTrigger = pollingTrigger({
  display: {
    label: "New and Updated Files",
    description: "Check a bucket on a schedule for files that are new or changed since the last check",
    directions: `Each poll lists the bucket (under Prefix) from where the previous poll stopped, at most Max Keys per Poll keys, and returns the keys of the files that are new or changed since they were last seen (with Include Metadata: records with size, ETag, date and whether the file is new or updated); a bucket larger than that is covered over several polls. A file is reported when it differs from what the previous complete scan listed (new: that scan did not list its key; updated: it did), whatever its date: uploads dated by their start, undeleted files and versions rolled back included. The first scan has nothing to compare with: it reports files changed since Look Back Date (without one, from ${OVERLAP_MS / 60_000} minutes before it on). At most ${MAX_TRACKED_KEYS.toLocaleString("en-US")} files are tracked; beyond that a poll fails saying so. Directory buckets (S3 Express One Zone, names ending in --x-s3) are refused: they list keys in no order, which the scan relies on.`,
  },
  inputs: {
    ...s3Access,
    bucket,
    prefix,
    suffix,
    lookBackDate: textInput(
      {
        label: "Look Back Date",
        comments:
          "Optional. On the first poll, report files changed after this date too, e.g. 2024-03-01 or 2024-03-01T12:00:00Z. Empty: only files changed from the first poll on.",
        example: "2024-03-01T00:00:00Z",
      },
      (ref, value) => optionalDate(ref, value),
    ),
    includeMetadata: includeMetadataInput(
      "Off: the result's body.data is the list of changed keys, as in Prismatic's own component. On: a record with Records (Key, Size, ETag, LastModified, Change new or updated), KeysExamined and ScanComplete.",
    ),
    maxKeysPerPoll: integerInput({
      label: "Max Keys per Poll",
      comments:
        "How many keys one poll lists at most (1,000 per request). A prefix with more keys is covered over several polls, each resuming where the previous stopped.",
      min: 1,
      max: 100_000,
      fallback: 10_000,
    }),
  },
  perform: async (context, payload, params): Promise<TriggerBaseResult<TriggerPayload>> => {
    // The scan resumes after the last key seen and compares segments in key order.
    keyOrderedBucket(
      refOf(bucket),
      params.bucket,
      "a scheduled flow whose step lists the whole bucket with List Objects",
    );
    const s3 = s3Client(params);
    const scope = createHash("sha256")
      .update(
        JSON.stringify([
          params.bucket,
          params.prefix ?? "",
          params.suffix ?? "",
          params.lookBackDate?.toISOString() ?? "",
        ]),
      )
      .digest("base64url");
    const { changes, state, examined, scanComplete } = await scanForChanges(
      context.polling.getState().scan,
      async (startAfter, maxKeys) => {
        const page = await s3.send(
          new ListObjectsV2Command({
            Bucket: params.bucket,
            Prefix: params.prefix,
            StartAfter: startAfter,
            MaxKeys: maxKeys,
          }),
        );
        return { objects: page.Contents ?? [], truncated: page.IsTruncated === true };
      },
      { scope, lookBack: params.lookBackDate, suffix: params.suffix, maxKeys: params.maxKeysPerPoll, now: Date.now() },
    ).catch((error: unknown) => {
      if (!(error instanceof TooManyKeys)) throw error;
      // Never a silent miss: the trigger stops reporting rather than report some changes only.
      throw new Error(
        `New and Updated Files: ${error.message} in bucket "${params.bucket}"${params.prefix ? ` under "${params.prefix}"` : ""}; the trigger keeps a fingerprint of each file to report every change exactly, and tracks at most ${MAX_TRACKED_KEYS.toLocaleString("en-US")}. Narrow Key Prefix Filter (prefix) or Key Suffix Filter (suffix), or use one trigger per folder.`,
      );
    });
    context.polling.setState({ scan: state });
    const data = params.includeMetadata
      ? { Bucket: params.bucket, Records: changes, KeysExamined: examined, ScanComplete: scanComplete }
      : changes.map((change) => change.Key);
    return { payload: { ...payload, body: { data } }, polledNoChanges: changes.length === 0 };
  },
  examplePayload: {
    payload: exampleTriggerPayload(["invoices/2024/march.pdf", "invoices/2024/february.pdf"]),
    polledNoChanges: false,
  },
});
