import { PutObjectRetentionCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { InputError, optionalDate } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { choiceInput, refOf, textInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket, objectKey, versionId } from "../../inputs/objectInputs";
import { bypassGovernanceRetention } from "../../inputs/retentionInputs";
import { RETENTION_MODES, retentionModeComments } from "../../rules/objectLock";

const retentionInputs = {
  retentionMode: choiceInput({
    label: "Retention Mode",
    comments: `${retentionModeComments} Leave empty, with Retain Until Date, to remove the retention.`,
    choices: RETENTION_MODES,
  }),
  retainUntilDate: textInput(
    {
      label: "Retain Until Date",
      comments:
        "When the lock ends: an ISO 8601 date or date-time in the future, e.g. 2030-12-31 or 2030-12-31T23:59:59Z (UTC unless an offset is given). Leave empty, with Retention Mode, to remove the retention.",
      example: "2030-12-31T23:59:59Z",
    },
    (ref, value) => optionalDate(ref, value, { future: true }),
  ),
};

export const putObjectRetention = action({
  display: {
    label: "Put Object Retention",
    description: "Lock an object version until a date, or remove its retention",
    directions:
      "Locks one object version until a date (Retention Mode and Retain Until Date), or, with both left empty, removes its retention. A period can always be extended; shortening it, changing its mode or removing it needs Bypass Governance Retention (GOVERNANCE only; COMPLIANCE cannot be shortened or removed). The bucket must have Object Lock enabled.",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKey,
    versionId,
    ...retentionInputs,
    bypassGovernanceRetention,
  },
  perform: async (
    _context,
    { bucket, objectKey, versionId, retentionMode, retainUntilDate, bypassGovernanceRetention, ...access },
  ) => {
    if ((retentionMode === undefined) !== (retainUntilDate === undefined)) {
      throw new InputError(
        refOf(retentionMode === undefined ? retentionInputs.retentionMode : retentionInputs.retainUntilDate),
        "Retention Mode and Retain Until Date go together: give both to lock the version, or leave both empty to remove its retention.",
      );
    }
    const retention = retentionMode && retainUntilDate ? { Mode: retentionMode, RetainUntilDate: retainUntilDate } : {};
    const response = await s3Client(access).send(
      new PutObjectRetentionCommand({
        Bucket: bucket,
        Key: objectKey,
        VersionId: versionId,
        Retention: retention,
        BypassGovernanceRetention: bypassGovernanceRetention || undefined,
      }),
    );
    return { data: { ...response, Bucket: bucket, Key: objectKey, VersionId: versionId, Retention: retention } };
  },
  outputSchema: out.dataSchema(
    out.awsResult(
      {
        Bucket: out.text(),
        Key: out.text(),
        VersionId: out.text("The version given in Version ID; absent for the current version."),
        Retention: out.record(
          { Mode: out.oneOf(RETENTION_MODES), RetainUntilDate: out.dateTime("The version is locked until then.") },
          [],
          "The retention set; empty when it was removed.",
        ),
      },
      ["Bucket", "Key", "Retention"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Key: "invoices/2024/march.pdf",
      VersionId: undefined,
      Retention: { Mode: "GOVERNANCE", RetainUntilDate: new Date("2030-12-31T23:59:59.000Z") },
    },
  },
});
