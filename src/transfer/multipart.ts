/**
 * What every multipart action shares: S3's limits, the upload id and part number inputs, and
 * the completed object's ETag (which Ceph leaves empty in its CompleteMultipartUpload answer).
 */
import { HeadObjectCommand, PutObjectTaggingCommand, type S3Client } from "@aws-sdk/client-s3";
import { InputError, optionalInteger, requiredText } from "../glue/clean";
import { integerInput, textInput } from "../glue/inputKit";

export const MIB = 1024 * 1024;
/** An upload has at most 10,000 parts, numbered 1 to 10,000. */
export const MAX_PARTS = 10_000;
/** A part (and a single PUT or CopyObject) holds at most 5 GiB. */
export const MAX_PART_BYTES = 5 * 1024 * MIB;

export const uploadId = textInput(
  "uploadId",
  {
    label: "Upload ID",
    comments: "The UploadId returned by Create Multipart Upload.",
    required: true,
    example: "VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA",
  },
  (ref, value) => {
    const id = requiredText(ref, value).trim();
    if (/\s/.test(id))
      throw new InputError(
        ref,
        "upload ids have no spaces; pass the UploadId exactly as Create Multipart Upload returned it.",
      );
    return id;
  },
);

/** A required whole number from 1 to 10,000: no default, since a guessed part number would silently overwrite a part. */
function partCountInput(key: string, options: { label: string; comments: string; example: string }) {
  return textInput(key, { ...options, required: true }, (ref, value) => {
    const number = optionalInteger(ref, value, { min: 1, max: MAX_PARTS });
    if (number === undefined) throw new InputError(ref, "is required: a whole number from 1 to 10,000.");
    return number;
  });
}

export const partNumber = partCountInput("partNumber", {
  label: "Part Number",
  comments:
    "The part's position in the object, 1 to 10,000. Parts may be sent in any order; the object is assembled by part number.",
  example: "1",
});

/** Defaults to 5, as in the official component, whose flows may rely on it. */
export const urlsToGenerate = integerInput("urlsToGenerate", {
  label: "Number of URLs",
  comments: "How many parts the uploader will send, 1 to 10,000: one URL per part, for parts 1 to this number.",
  required: true,
  min: 1,
  max: MAX_PARTS,
  fallback: 5,
});

/** The ETag, or undefined for an empty one ("" or a quoted empty string). */
export const presentETag = (etag: string | undefined): string | undefined =>
  etag === undefined || etag.replace(/"/g, "").trim() === "" ? undefined : etag;

/** The completed object's ETag: as answered, or from HeadObject when the server sent none (Ceph). */
export async function completedETag(
  s3: S3Client,
  object: { Bucket: string; Key: string; VersionId?: string },
  etag: string | undefined,
): Promise<string | undefined> {
  if (presentETag(etag)) return etag;
  const head = await s3.send(
    new HeadObjectCommand({ Bucket: object.Bucket, Key: object.Key, VersionId: object.VersionId }),
  );
  return head.ETag;
}

/**
 * Tags a completed multipart object. The tags also went with CreateMultipartUpload, where AWS
 * applies them atomically, but Ceph ignores them there; PutObjectTagging makes them stick
 * everywhere, and needs the same s3:PutObjectTagging permission as the header.
 */
export async function tagCompletedObject(
  s3: S3Client,
  object: { Bucket: string; Key: string; VersionId?: string },
  tagging: string | undefined,
): Promise<void> {
  if (!tagging) return;
  const TagSet = [...new URLSearchParams(tagging)].map(([Key, Value]) => ({ Key, Value }));
  await s3.send(new PutObjectTaggingCommand({ ...object, Tagging: { TagSet } }));
}
