/**
 * Uploads a body of any size, a buffer or a stream, through lib-storage's `Upload`: one PUT
 * when it fits in a part, otherwise a multipart upload of parts sent in parallel. Memory stays
 * near Part Size × (Concurrency + 1) for streams. On any failure (a part, the source stream,
 * the completion) lib-storage aborts the multipart upload before `done()` rejects, so a failed
 * upload leaves no parts behind; the original error is rethrown for the error hook.
 */
import type { PutObjectCommandInput, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { ResponseMetadata } from "@aws-sdk/types";
import { completedETag, tagCompletedObject } from "../multipart";

export interface UploadRequest extends PutObjectCommandInput {
  Bucket: string;
  Key: string;
}

export interface Tuning {
  /** Bytes per part (at least 5 MiB). */
  partSize: number;
  /** Parts in flight at once. */
  concurrency: number;
}

export interface UploadedObject {
  /** The SDK's record of the PutObject or CompleteMultipartUpload request. */
  $metadata: ResponseMetadata;
  Bucket: string;
  Key: string;
  Location?: string;
  ETag?: string;
  VersionId?: string;
}

export async function uploadObject(s3: S3Client, request: UploadRequest, tuning: Tuning): Promise<UploadedObject> {
  const upload = new Upload({
    client: s3,
    params: request,
    partSize: tuning.partSize,
    queueSize: tuning.concurrency,
    leavePartsOnError: false,
  });
  const result = await upload.done();
  const object = { Bucket: request.Bucket, Key: request.Key, VersionId: result.VersionId };
  if (upload.uploadId !== undefined) await tagCompletedObject(s3, object, request.Tagging);
  return {
    $metadata: result.$metadata,
    ...object,
    Location: result.Location,
    ETag: await completedETag(s3, object, result.ETag),
  };
}
