import { PutObjectRetentionCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { InputError, optionalDate } from "../../clean";
import { s3Client } from "../../client";
import { booleanInput, bucket, s3Access, objectKey, requiredChoiceInput, textInput, versionId } from "../../inputs";
import { RETENTION_MODES, retentionModeComments } from "../../objectLock";
import * as out from "../../outputSchema";

export const putObjectRetention = action({
  display: {
    label: "Put Object Retention",
    description: "Places an Object Retention configuration on an object",
    directions:
      "Locks one object version until a date. A period can always be extended; shortening it or changing its mode needs Bypass Governance Retention (GOVERNANCE only; COMPLIANCE cannot be shortened). The bucket must have Object Lock enabled.",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKey,
    versionId,
    retentionMode: requiredChoiceInput("retentionMode", { label: "Retention Mode", comments: retentionModeComments, choices: RETENTION_MODES }),
    retainUntilDate: textInput(
      "retainUntilDate",
      {
        label: "Retain Until Date",
        comments: "When the lock ends: an ISO 8601 date or date-time in the future, e.g. 2030-12-31 or 2030-12-31T23:59:59Z (UTC unless an offset is given).",
        required: true,
        example: "2030-12-31T23:59:59Z",
      },
      (ref, value) => {
        const date = optionalDate(ref, value, { future: true });
        if (date === undefined) throw new InputError(ref, "is required.");
        return date;
      },
    ),
    bypassGovernanceRetention: booleanInput("bypassGovernanceRetention", {
      label: "Bypass Governance Retention",
      comments: "Allow shortening or replacing an existing GOVERNANCE retention (needs s3:BypassGovernanceRetention). COMPLIANCE retention can never be shortened.",
    }),
  },
  perform: async (_context, { bucket, objectKey, versionId, retentionMode, retainUntilDate, bypassGovernanceRetention, ...access }) => {
    const retention = { Mode: retentionMode, RetainUntilDate: retainUntilDate };
    await s3Client(access).send(
      new PutObjectRetentionCommand({
        Bucket: bucket,
        Key: objectKey,
        VersionId: versionId,
        Retention: retention,
        BypassGovernanceRetention: bypassGovernanceRetention || undefined,
      }),
    );
    return { data: { Bucket: bucket, Key: objectKey, VersionId: versionId, Retention: retention } };
  },
  outputSchema: out.dataSchema(
    out.record(
      {
        Bucket: out.text(),
        Key: out.text(),
        VersionId: out.text("The version given in Version ID; absent for the current version."),
        Retention: out.record(
          { Mode: out.oneOf(RETENTION_MODES), RetainUntilDate: out.dateTime("The version is locked until then.") },
          ["Mode", "RetainUntilDate"],
        ),
      },
      ["Bucket", "Key", "Retention"],
    ),
  ),
  examplePayload: {
    data: {
      Bucket: "my-company-invoices",
      Key: "invoices/2024/march.pdf",
      VersionId: undefined,
      Retention: { Mode: "GOVERNANCE", RetainUntilDate: new Date("2030-12-31T23:59:59.000Z") },
    },
  },
});
