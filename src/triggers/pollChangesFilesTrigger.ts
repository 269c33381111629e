import { createHash } from "node:crypto";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { type TriggerBaseResult, type TriggerPayload, pollingTrigger } from "@prismatic-io/spectral";
import { optionalDate } from "../clean";
import { s3Client } from "../client";
import { bucket, s3Access, integerInput, textInput } from "../inputs";
import { prefix, suffix } from "../notificationInputs";
import { OVERLAP_MS, scanForChanges } from "./changeScan";
import { exampleTriggerPayload } from "./examplePayload";

export const pollChangesFilesTrigger = pollingTrigger({
  display: {
    label: "New and Updated Files",
    description: "Checks a bucket on a schedule for files that are new or were changed since the last check",
    directions: `Each poll lists the bucket (under Prefix) from where the previous poll stopped, at most Max Keys per Poll keys, and returns the files that are new or changed since they were last seen; a bucket larger than that is covered over several polls. No file is reported twice or skipped across polls. Without Look Back Date, the first poll reports files changed from ${OVERLAP_MS / 60_000} minutes before it on.`,
  },
  inputs: {
    ...s3Access,
    bucket,
    prefix,
    suffix,
    lookBackDate: textInput(
      "lookBackDate",
      {
        label: "Look Back Date",
        comments: "Optional. On the first poll, report files changed after this date too, e.g. 2024-03-01 or 2024-03-01T12:00:00Z. Empty: only files changed from the first poll on.",
        example: "2024-03-01T00:00:00Z",
      },
      (ref, value) => optionalDate(ref, value),
    ),
    maxKeysPerPoll: integerInput("maxKeysPerPoll", {
      label: "Max Keys per Poll",
      comments: "How many keys one poll lists at most (1,000 per request). A prefix with more keys is covered over several polls, each resuming where the previous stopped.",
      min: 1,
      max: 100_000,
      fallback: 10_000,
    }),
  },
  perform: async (context, payload, params): Promise<TriggerBaseResult<TriggerPayload>> => {
    const s3 = s3Client(params);
    const scope = createHash("sha256")
      .update(JSON.stringify([params.bucket, params.prefix ?? "", params.suffix ?? "", params.lookBackDate?.toISOString() ?? ""]))
      .digest("base64url");
    const { changes, state, examined, scanComplete } = await scanForChanges(
      context.polling.getState().scan,
      async (startAfter, maxKeys) => {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: params.bucket, Prefix: params.prefix, StartAfter: startAfter, MaxKeys: maxKeys }));
        return { objects: page.Contents ?? [], truncated: page.IsTruncated === true };
      },
      { scope, lookBack: params.lookBackDate, suffix: params.suffix, maxKeys: params.maxKeysPerPoll, now: Date.now() },
    );
    context.polling.setState({ scan: state });
    return {
      payload: { ...payload, body: { data: { Bucket: params.bucket, Records: changes, KeysExamined: examined, ScanComplete: scanComplete } } },
      polledNoChanges: changes.length === 0,
    };
  },
  examplePayload: {
    payload: exampleTriggerPayload({
      Bucket: "my-company-invoices",
      Records: [
        { Key: "invoices/2024/march.pdf", Size: 48213, ETag: '"9b2cf535f27731c974343645a3985328"', LastModified: "2024-03-01T12:00:00.000Z", Change: "new" },
        { Key: "invoices/2024/february.pdf", Size: 51022, ETag: '"e4d909c290d0fb1ca068ffaddf22cbd0"', LastModified: "2024-03-01T12:03:10.000Z", Change: "updated" },
      ],
      KeysExamined: 2,
      ScanComplete: true,
    }),
    polledNoChanges: false,
  },
});
