/** S3's naming rules for buckets and object keys, checked before any request is sent. */
import { InputError, type InputRef, requiredText } from "../glue/clean";
import { echoed } from "../glue/echo";

const BUCKET_RULES =
  "bucket names are 3 to 63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit";

/** Buckets created in us-east-1 before March 2018 may still carry names of the old, looser rules. */
const LEGACY_BUCKET_NAME = /^[A-Za-z0-9._-]{3,255}$/;

/**
 * The name of a bucket that exists: today's rules, or the legacy ones (uppercase letters and
 * underscores, up to 255 characters) that old us-east-1 buckets still have. The SDK addresses
 * those path-style by itself.
 */
export function bucketName(ref: InputRef, value: unknown): string {
  const name = requiredText(ref, value).trim();
  if (LEGACY_BUCKET_NAME.test(name) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return name;
  const problem = bucketNameProblem(name) ?? BUCKET_RULES;
  throw new InputError(
    ref,
    `"${describeName(name)}" is not a valid bucket name: ${problem} (buckets made in us-east-1 before March 2018 may also have uppercase letters and underscores).`,
  );
}

/** The name of a bucket to create: only today's rules, which S3 enforces for new buckets. */
export function newBucketName(ref: InputRef, value: unknown): string {
  const name = requiredText(ref, value).trim();
  const problem = bucketNameProblem(name);
  if (problem) throw new InputError(ref, `"${describeName(name)}" is not a valid bucket name: ${problem}.`);
  return name;
}

/** S3 Express One Zone directory buckets are named base-name--zone-id--x-s3. */
export function isDirectoryBucket(name: string): boolean {
  return name.endsWith("--x-s3");
}

/**
 * The bucket of a step that walks it in key order (resuming after the last key, merging two
 * listings): directory buckets list keys in no order, so such a walk would skip or repeat keys.
 * `instead` tells the builder what to use there.
 */
export function keyOrderedBucket(ref: InputRef, name: string, instead: string): string {
  if (!isDirectoryBucket(name)) return name;
  throw new InputError(
    ref,
    `"${describeName(name)}" is a directory bucket (S3 Express One Zone, a name ending in --x-s3). Directory buckets list keys in no particular order, and this step relies on S3's key order to resume where it stopped, so it could skip or repeat keys. Use a general purpose bucket, or ${instead}.`,
  );
}

/** A refused name as echoed in errors: cut short, so a pasted document does not fill the message. */
const describeName = (name: string): string => echoed(name, 80);

function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `it has ${name.length} characters; ${BUCKET_RULES}`;
  if (/[A-Z]/.test(name)) return `it has uppercase letters; ${BUCKET_RULES}`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return BUCKET_RULES;
  if (name.includes("..")) return "it has two dots in a row";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "it looks like an IP address";
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return "names may not start with xn--, sthree- or amzn-s3-demo-";
  if (/(-s3alias|--ol-s3|\.mrap)$/.test(name)) return "names may not end with -s3alias, --ol-s3 or .mrap";
  return undefined;
}

/** Object keys are 1 to 1,024 bytes of UTF-8; they are kept exactly as given (spaces included). */
export function objectKey(ref: InputRef, value: unknown): string {
  const key = requiredText(ref, value);
  return checkObjectKey(ref, key);
}

export function checkObjectKey(ref: InputRef, key: string): string {
  const bytes = Buffer.byteLength(key, "utf8");
  if (bytes > 1024)
    throw new InputError(
      ref,
      `object keys are at most 1,024 bytes of UTF-8; this one has ${bytes.toLocaleString("en-US")}.`,
    );
  if (key === "") throw new InputError(ref, "object keys cannot be empty.");
  return key;
}
