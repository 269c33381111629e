/**
 * Which multipart upload a transfer writes into: one this very job started with these very
 * settings, or a new one. Nothing else is ever continued, completed or aborted.
 *
 * Proof of who started an upload U: right after CreateMultipartUpload the job starts a second,
 * never-completed upload M at the same key (Ceph completes an upload only with all its parts,
 * so U itself can hold nothing extra), whose one part is a seal of U's id and of every setting
 * U was created with. ListParts shows its MD5, and only these credentials can make it. M is
 * aborted with U, or once U is completed. A marker or upload left by a crash in between, or by
 * a run with other settings, cannot be told from another job's and stays: a lifecycle rule
 * that aborts incomplete multipart uploads after a few days clears it.
 */
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type CreateMultipartUploadCommandInput,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { describeAwsError } from "../../aws/errors";
import type { Seal } from "../../rules/seal";
import { md5, md5ETag } from "./transferJob";

interface UploadRef {
  Bucket: string;
  Key: string;
  UploadId: string;
}

export interface TakenUpload {
  upload: UploadRef;
  marker: UploadRef;
  /** The parts it already holds: MD5 (hex) by part number, each of the size `partLength` gives it. */
  stored: Map<number, string>;
}

interface ListedUpload {
  UploadId: string;
  parts: Map<number, { Size?: number; md5?: string }>;
}

const SEAL_BYTES = 32;

/**
 * This job's upload for `settings` (with `origin`: what is read, identified), or a new one.
 * `partLength` gives the size each part number must have to be kept.
 */
export async function takeOverUpload(
  s3: S3Client,
  seal: Seal,
  settings: CreateMultipartUploadCommandInput & { Bucket: string; Key: string },
  origin: readonly string[],
  partLength: (partNumber: number) => number | undefined,
): Promise<TakenUpload> {
  const { Bucket, Key } = settings;
  const fingerprint = JSON.stringify([settings, origin]);
  const uploadSeal = (UploadId: string): Buffer => seal.digest(["upload", UploadId, fingerprint]);
  const listed = await uploadsAt(s3, Bucket, Key);
  const candidates: TakenUpload[] = [];
  for (const marker of listed) {
    const part = marker.parts.get(1);
    if (marker.parts.size !== 1 || part?.Size !== SEAL_BYTES) continue;
    // Ours, and started with exactly these settings for exactly this source version.
    const owned = listed.find((upload) => md5Hex(uploadSeal(upload.UploadId)) === part.md5);
    if (owned) {
      candidates.push({
        upload: { Bucket, Key, UploadId: owned.UploadId },
        marker: { Bucket, Key, UploadId: marker.UploadId },
        stored: fittingParts(owned, partLength),
      });
    }
  }
  // Two uploads of this very job (a call killed, then one run beside it): go on with the fuller.
  candidates.sort((a, b) => b.stored.size - a.stored.size);
  const [best, ...others] = candidates;
  for (const other of others) await abortBoth(s3, other);
  return best ?? startUpload(s3, settings, uploadSeal);
}

const md5Hex = (bytes: Buffer): string => md5(bytes).toString("hex");

function fittingParts(upload: ListedUpload, partLength: (partNumber: number) => number | undefined) {
  const stored = new Map<number, string>();
  for (const [number, part] of upload.parts) {
    if (part.md5 !== undefined && part.Size !== undefined && part.Size === partLength(number))
      stored.set(number, part.md5);
  }
  return stored;
}

async function startUpload(
  s3: S3Client,
  settings: CreateMultipartUploadCommandInput & { Bucket: string; Key: string },
  uploadSeal: (UploadId: string) => Buffer,
): Promise<TakenUpload> {
  const { Bucket, Key } = settings;
  const upload = { Bucket, Key, UploadId: await created(s3, settings) };
  let marker: UploadRef | undefined;
  try {
    marker = { Bucket, Key, UploadId: await created(s3, { Bucket, Key }) };
    const Body = uploadSeal(upload.UploadId);
    await s3.send(
      new UploadPartCommand({
        ...marker,
        PartNumber: 1,
        Body,
        ContentLength: Body.length,
        ContentMD5: md5(Body).toString("base64"),
      }),
    );
  } catch (error) {
    await abortQuietly(s3, upload);
    if (marker) await abortQuietly(s3, marker);
    throw error;
  }
  return { upload, marker, stored: new Map() };
}

async function created(s3: S3Client, input: CreateMultipartUploadCommandInput): Promise<string> {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand(input));
  if (UploadId === undefined) throw new Error(`S3 started no multipart upload for "${input.Key}".`);
  return UploadId;
}

/** The unfinished uploads to this key with their parts; those these credentials may not see are left out. */
async function uploadsAt(s3: S3Client, Bucket: string, Key: string): Promise<ListedUpload[]> {
  const ids: string[] = [];
  let KeyMarker: string | undefined;
  let UploadIdMarker: string | undefined;
  try {
    do {
      const page = await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: Key, KeyMarker, UploadIdMarker }));
      for (const upload of page.Uploads ?? []) if (upload.Key === Key && upload.UploadId) ids.push(upload.UploadId);
      KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      UploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (KeyMarker);
  } catch (error) {
    if (!isRefused(error)) throw error;
    return [];
  }
  const listed: ListedUpload[] = [];
  for (const UploadId of ids) {
    const parts = await partsOf(s3, { Bucket, Key, UploadId });
    if (parts) listed.push({ UploadId, parts });
  }
  return listed;
}

async function partsOf(s3: S3Client, upload: UploadRef): Promise<ListedUpload["parts"] | undefined> {
  const parts: ListedUpload["parts"] = new Map();
  let PartNumberMarker: string | undefined;
  try {
    do {
      const page = await s3.send(new ListPartsCommand({ ...upload, PartNumberMarker }));
      for (const part of page.Parts ?? []) {
        if (part.PartNumber !== undefined) parts.set(part.PartNumber, { Size: part.Size, md5: md5ETag(part.ETag) });
      }
      PartNumberMarker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (PartNumberMarker);
  } catch (error) {
    // Another writer's upload may be gone already, or hidden from these credentials.
    if (!isRefused(error)) throw error;
    return undefined;
  }
  return parts;
}

/** S3 refused to show it (permission, or the upload is gone): nothing of it is taken over. */
function isRefused(error: unknown): boolean {
  const { code } = describeAwsError(error);
  return code === "AccessDenied" || code === "NoSuchUpload" || code === "NotImplemented";
}

export async function abortBoth(s3: S3Client, taken: Pick<TakenUpload, "upload" | "marker">): Promise<void> {
  await abortQuietly(s3, taken.upload);
  await abortQuietly(s3, taken.marker);
}

export async function abortQuietly(s3: S3Client, upload: UploadRef): Promise<void> {
  // Only this job's own uploads come here; one that is gone already changes nothing.
  await s3.send(new AbortMultipartUploadCommand(upload)).catch(() => undefined);
}
