import { type CompletedPart, CompleteMultipartUploadCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Client } from "../../aws/clients";
import { describe, InputError, list, optionalJson } from "../../glue/clean";
import { exampleMetadata } from "../../glue/exampleMetadata";
import { bucket, objectKey, s3Access } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { completedETag, MAX_PARTS, uploadId } from "../../transfer/multipart";
import { uploadedObjectSchema } from "../../transfer/upload";

const partsRef = { key: "parts", label: "Parts" };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A part record, or a whole Upload Part result (which carries its part record as `part`). */
function partRecord(item: unknown, entry: number): Record<string, unknown> {
  const parsed = typeof item === "string" && item.trim().startsWith("{") ? optionalJson(partsRef, item) : item;
  if (isRecord(parsed) && isRecord(parsed.part)) return parsed.part;
  if (isRecord(parsed)) return parsed;
  throw new InputError(
    partsRef,
    `entry ${entry} must be a part record such as {"PartNumber": 1, "ETag": "\\"9b2c…\\""} or an Upload Part result; got ${describe(parsed)}.`,
  );
}

function toPart(item: unknown, index: number): { PartNumber: number; ETag: string } {
  const entry = index + 1;
  const record = partRecord(item, entry);
  const number =
    typeof record.PartNumber === "string" && /^\s*\d+\s*$/.test(record.PartNumber)
      ? Number(record.PartNumber)
      : record.PartNumber;
  if (typeof number !== "number" || !Number.isInteger(number) || number < 1 || number > MAX_PARTS) {
    throw new InputError(
      partsRef,
      `entry ${entry} needs a PartNumber from 1 to 10,000; got ${describe(record.PartNumber)}.`,
    );
  }
  if (typeof record.ETag !== "string" || record.ETag.replace(/"/g, "").trim() === "") {
    throw new InputError(
      partsRef,
      `part ${number} (entry ${entry}) has no ETag. Pass the part records Upload Part returned: S3 needs each part's ETag to complete the upload.`,
    );
  }
  return { PartNumber: number, ETag: record.ETag };
}

/** "1-3, 5, 7-9" */
function ranges(numbers: number[]): string {
  const spans: string[] = [];
  for (let start = 0; start < numbers.length; ) {
    let end = start;
    while (end + 1 < numbers.length && numbers[end + 1] === numbers[end] + 1) end++;
    spans.push(end === start ? `${numbers[start]}` : `${numbers[start]}-${numbers[end]}`);
    start = end + 1;
  }
  return spans.join(", ");
}

/** The parts in order, checked the way S3 would refuse them, so a broken list fails before anything is sent. */
export function completedParts(value: unknown): CompletedPart[] {
  const parts = list(partsRef, value).map(toPart);
  if (parts.length === 0)
    throw new InputError(partsRef, "give at least one part: the part records collected from Upload Part.");
  const firstEntry = new Map<number, number>();
  parts.forEach((part, index) => {
    const earlier = firstEntry.get(part.PartNumber);
    if (earlier !== undefined) {
      throw new InputError(
        partsRef,
        `part ${part.PartNumber} is listed twice (entries ${earlier} and ${index + 1}); list each part once, with the ETag of its last upload.`,
      );
    }
    firstEntry.set(part.PartNumber, index + 1);
  });
  parts.sort((a, b) => a.PartNumber - b.PartNumber);
  const gap = parts.findIndex((part, index) => part.PartNumber !== index + 1);
  if (gap !== -1) {
    throw new InputError(
      partsRef,
      `parts must be numbered 1 to ${parts.length} without gaps, but part ${gap + 1} is missing (got parts ${ranges(parts.map((part) => part.PartNumber))}). Upload the missing part, or check that every Upload Part result was collected.`,
    );
  }
  return parts;
}

export const completeMultipartUpload = action({
  display: {
    label: "Complete Multipart Upload",
    description: "Complete a multipart upload",
    directions:
      "Assembles the uploaded parts into the object. Parts may be listed in any order; a list with gaps, duplicates or parts without an ETag is refused before anything is sent.",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKey,
    uploadId,
    // Data, as in the official component: a reference to a list from earlier steps passes as it is.
    parts: {
      label: "Parts",
      type: "data",
      required: true,
      comments:
        'Every part of the upload: the part records Upload Part returned ({"PartNumber": 1, "ETag": "..."}), or its whole results, or List Parts\' Parts, in any order.',
      clean: completedParts,
    },
  },
  perform: async (_context, { bucket, objectKey, uploadId, parts, ...access }) => {
    const s3 = s3Client(access);
    const response = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: objectKey,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    const object = { Bucket: bucket, Key: objectKey, VersionId: response.VersionId };
    return {
      data: {
        ...response,
        ...object,
        ETag: await completedETag(s3, object, response.ETag),
        PartCount: parts.length,
      },
    };
  },
  outputSchema: out.dataSchema(
    out.record({ ...uploadedObjectSchema, ServerSideEncryption: out.optionalText(), PartCount: out.integer() }, [
      "$metadata",
      "Bucket",
      "Key",
      "PartCount",
    ]),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Key: "exports/2024/ledger.csv",
      VersionId: undefined,
      Location: "https://my-company-invoices.s3.us-east-2.amazonaws.com/exports/2024/ledger.csv",
      ETag: '"d96cf49f8c439501eb19c4728712345-3"',
      ServerSideEncryption: "AES256",
      PartCount: 3,
    },
  },
});
