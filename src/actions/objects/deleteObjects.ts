import { DeleteObjectsCommand, type ObjectIdentifier } from "@aws-sdk/client-s3";
import type { ResponseMetadata } from "@aws-sdk/types";
import { action } from "@prismatic-io/spectral";
import { s3Access } from "../../aws/accessInputs";
import { s3Client } from "../../aws/clients";
import { describe, InputError, type InputRef, list } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { booleanInput, valueListInput } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { bucket } from "../../inputs/objectInputs";
import { checkObjectKey } from "../../rules/s3Names";

/** S3 takes at most 1,000 keys per DeleteObjects request. */
const KEYS_PER_REQUEST = 1000;

function toIdentifier(ref: InputRef, item: unknown): ObjectIdentifier {
  if (typeof item === "string") return { Key: checkObjectKey(ref, item) };
  if (typeof item === "object" && item !== null && "Key" in item && typeof item.Key === "string") {
    const version =
      "VersionId" in item && typeof item.VersionId === "string" && item.VersionId !== "" ? item.VersionId : undefined;
    return { Key: checkObjectKey(ref, item.Key), VersionId: version };
  }
  throw new InputError(ref, `entries must be keys, or objects with Key (and VersionId); got ${describe(item)}.`);
}

export const deleteObjects = action({
  display: {
    label: "Delete Objects",
    description: "Delete multiple objects from a bucket",
    directions:
      "Any number of keys: they are sent 1,000 per request. If any key cannot be deleted the step fails and lists those keys with their error codes, unless Allow Partial Failure is on: then the result lists them in Errors, as S3 does.",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKeys: valueListInput(
      {
        label: "Object Keys",
        required: true,
        comments:
          "The keys to delete. Also accepts a list from an earlier step (for example List Objects' Keys), or records with Key and VersionId to delete specific versions.",
      },
      (ref, value): ObjectIdentifier[] => {
        const identifiers = list(ref, value).map((item) => toIdentifier(ref, item));
        if (identifiers.length === 0) throw new InputError(ref, "give at least one key.");
        return identifiers;
      },
    ),
    allowPartialFailure: booleanInput({
      label: "Allow Partial Failure",
      comments:
        "Off: the step fails when any key could not be deleted. On: it succeeds and lists those keys in Errors (each with its Code and Message), as Prismatic's own component did.",
    }),
  },
  perform: async (_context, { bucket, objectKeys, allowPartialFailure, ...access }) => {
    const s3 = s3Client(access);
    let metadata: ResponseMetadata = {};
    const deleted: ObjectIdentifier[] = [];
    const failed: { Key?: string; VersionId?: string; Code?: string; Message?: string }[] = [];
    for (let start = 0; start < objectKeys.length; start += KEYS_PER_REQUEST) {
      const batch = objectKeys.slice(start, start + KEYS_PER_REQUEST);
      // Quiet mode: S3 reports only failures, which keeps responses small for big batches.
      const response = await s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }),
      );
      metadata = response.$metadata;
      const errors = response.Errors ?? [];
      const failedKeys = new Set(errors.map((error) => `${error.Key}\u0000${error.VersionId ?? ""}`));
      failed.push(...errors.map(({ Key, VersionId, Code, Message }) => ({ Key, VersionId, Code, Message })));
      deleted.push(...batch.filter((item) => !failedKeys.has(`${item.Key}\u0000${item.VersionId ?? ""}`)));
    }
    if (failed.length > 0 && !allowPartialFailure) {
      const shown = failed
        .slice(0, 20)
        .map(
          (error) =>
            `"${error.Key}"${error.VersionId ? ` (version ${error.VersionId})` : ""}: ${error.Code}${error.Message ? ` ${error.Message}` : ""}`,
        );
      throw new Error(
        `Delete Objects: ${failed.length.toLocaleString("en-US")} of ${objectKeys.length.toLocaleString("en-US")} objects were not deleted (${deleted.length.toLocaleString("en-US")} were): ${shown.join("; ")}${failed.length > shown.length ? `; and ${failed.length - shown.length} more` : ""}. AccessDenied means the credentials lack s3:DeleteObject (or s3:DeleteObjectVersion) on those keys.`,
      );
    }
    return {
      data: { $metadata: metadata, Bucket: bucket, Deleted: deleted, DeletedCount: deleted.length, Errors: failed },
    };
  },
  outputSchema: out.dataSchema(
    out.record(
      {
        $metadata: out.requestMetadata,
        Bucket: out.text(),
        Deleted: out.list(out.record({ Key: out.text(), VersionId: out.optionalText() }, ["Key"])),
        DeletedCount: out.integer(),
        Errors: out.list(
          out.record(
            { Key: out.text(), VersionId: out.optionalText(), Code: out.text(), Message: out.optionalText() },
            ["Key", "Code"],
          ),
          "Keys S3 could not delete; only ever non-empty with Allow Partial Failure on.",
        ),
      },
      ["$metadata", "Bucket", "Deleted", "DeletedCount", "Errors"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Deleted: [{ Key: "file.csv" }, { Key: "audio.mp3" }],
      DeletedCount: 2,
      Errors: [],
    },
  },
});
