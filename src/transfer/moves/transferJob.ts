/** What one object transfer is given and what it reports: shared by the single, multipart and server-side ways. */

import { createHash } from "node:crypto";
import type { ObjectCannedACL, S3Client, ServerSideEncryption, StorageClass } from "@aws-sdk/client-s3";
import type { InputRef } from "../../glue/clean";
import type { Seal } from "../../rules/seal";
import type { PartBuffers } from "../partBuffers";
import type { TimeBudget } from "../timeBudget";
import type { ObjectLocation } from "./transferSource";

export interface DestinationWrite {
  ACL?: ObjectCannedACL;
  StorageClass?: StorageClass;
  ServerSideEncryption?: ServerSideEncryption;
  SSEKMSKeyId?: string;
}

export interface TransferJob {
  source: ObjectLocation & { s3: S3Client; presigner: S3Client };
  destination: { s3: S3Client; Bucket: string; Key: string };
  /** Same credentials on both sides: S3 copies, no bytes pass through. */
  serverSide: boolean;
  write: DestinationWrite;
  copyTags: boolean;
  /** Do Not Overwrite, when on: the input that asked for it, named in the refusal. */
  doNotOverwrite?: InputRef;
  /** Part buffers (their size is the part size), shared by every transfer of a call. */
  buffers: PartBuffers;
  /** Parts in flight at once for one multipart transfer. */
  concurrency: number;
  budget: TimeBudget;
  /** Keyed by both sides' credentials: seals the marks a later call trusts (upload marker, source-seal). */
  seal: Seal;
}

type TransferMethod = "ServerSideCopy" | "SinglePut" | "Multipart";

export interface TransferOutcome {
  /** False when the time budget ran out first: run the same step again to go on from the parts stored. */
  Done: boolean;
  Method: TransferMethod;
  Bucket: string;
  Key: string;
  VersionId?: string;
  ETag?: string;
  Size: number;
  SourceETag: string;
  SourceVersionId?: string;
  Parts: { Total: number; Uploaded: number; Resumed: number };
  Checksum: { Algorithm: "MD5"; Compared: string; Value?: string };
}

export const md5 = (bytes: Buffer): Buffer => createHash("md5").update(bytes).digest();

/** An ETag that is an MD5 of the bytes (not SSE-KMS's or SSE-C's), without quotes; undefined otherwise. */
export function md5ETag(etag: string | undefined): string | undefined {
  const bare = etag?.replace(/"/g, "").toLowerCase();
  return bare !== undefined && /^[0-9a-f]{32}$/.test(bare) ? bare : undefined;
}
