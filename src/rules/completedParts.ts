/** The part list that completes a multipart upload, checked the way S3 would refuse it. */
import type { CompletedPart } from "@aws-sdk/client-s3";
import { describe, InputError, type InputRef, list, optionalJson } from "../glue/clean";
import { isRecord } from "../glue/guards";
import { MAX_PARTS } from "./s3Limits";

/** A part record, or a whole Upload Part result (which carries its part record as `part`). */
function partRecord(ref: InputRef, item: unknown, entry: number): Record<string, unknown> {
  const parsed = typeof item === "string" && item.trim().startsWith("{") ? optionalJson(ref, item) : item;
  if (isRecord(parsed) && isRecord(parsed.part)) return parsed.part;
  if (isRecord(parsed)) return parsed;
  throw new InputError(
    ref,
    `entry ${entry} must be a part record such as {"PartNumber": 1, "ETag": "\\"9b2c…\\""} or an Upload Part result; got ${describe(parsed)}.`,
  );
}

function toPart(ref: InputRef, item: unknown, index: number): { PartNumber: number; ETag: string } {
  const entry = index + 1;
  const record = partRecord(ref, item, entry);
  const number =
    typeof record.PartNumber === "string" && /^\s*\d+\s*$/.test(record.PartNumber)
      ? Number(record.PartNumber)
      : record.PartNumber;
  if (typeof number !== "number" || !Number.isInteger(number) || number < 1 || number > MAX_PARTS) {
    throw new InputError(
      ref,
      `entry ${entry} needs a PartNumber from 1 to 10,000; got ${describe(record.PartNumber)}.`,
    );
  }
  if (typeof record.ETag !== "string" || record.ETag.replace(/"/g, "").trim() === "") {
    throw new InputError(
      ref,
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
export function completedParts(ref: InputRef, value: unknown): CompletedPart[] {
  const parts = list(ref, value).map((item, index) => toPart(ref, item, index));
  if (parts.length === 0)
    throw new InputError(ref, "give at least one part: the part records collected from Upload Part.");
  const firstEntry = new Map<number, number>();
  parts.forEach((part, index) => {
    const earlier = firstEntry.get(part.PartNumber);
    if (earlier !== undefined) {
      throw new InputError(
        ref,
        `part ${part.PartNumber} is listed twice (entries ${earlier} and ${index + 1}); list each part once, with the ETag of its last upload.`,
      );
    }
    firstEntry.set(part.PartNumber, index + 1);
  });
  parts.sort((a, b) => a.PartNumber - b.PartNumber);
  const gap = parts.findIndex((part, index) => part.PartNumber !== index + 1);
  if (gap !== -1) {
    throw new InputError(
      ref,
      `parts must be numbered 1 to ${parts.length} without gaps, but part ${gap + 1} is missing (got parts ${ranges(parts.map((part) => part.PartNumber))}). Upload the missing part, or check that every Upload Part result was collected.`,
    );
  }
  return parts;
}
