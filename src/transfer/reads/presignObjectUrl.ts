/**
 * What every presigned URL shares: the rule that it never outlives a role session. Also the
 * object URL that generatePresignedUrl and generatePresignedUrlDetailed hand out.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { presigningS3Client } from "../../aws/clients";
import { type AwsAccess, readConnection, stepConnection } from "../../aws/credentials";
import { InputError, type InputRef } from "../../glue/clean";

/**
 * The client to sign URLs of `seconds` with, and when they will stop working. A URL signed by
 * a role session dies with the session, so the session is renewed when it would end first (and
 * the URLs signed with that very session), and a URL longer than any session is refused.
 */
export async function presignerFor(
  access: AwsAccess,
  expiry: { seconds: number; input: InputRef },
): Promise<{ client: S3Client; expiresAt: Date }> {
  const { seconds } = expiry;
  const role = readConnection(stepConnection(access)).role;
  if (role && seconds > role.durationSeconds) {
    throw new InputError(
      expiry.input,
      `${seconds.toLocaleString("en-US")} s is longer than the connection's role session (${role.durationSeconds.toLocaleString("en-US")} s); the URL would stop working when the session ends. Lower the expiration, or raise the connection's Session Duration (up to the role's maximum session duration).`,
    );
  }
  const requested = new Date(Date.now() + seconds * 1000);
  const { client, credentialsExpireAt } = await presigningS3Client(access, seconds);
  return {
    client,
    expiresAt: credentialsExpireAt && credentialsExpireAt < requested ? credentialsExpireAt : requested,
  };
}

export interface ObjectUrlRequest {
  bucket: string;
  objectKey: string;
  actionType?: "download" | "upload";
  expirationSeconds: number;
  contentType?: string;
  /** The inputs the two values came from, named when they cannot be used. */
  inputs: { expirationSeconds: InputRef; contentType: InputRef };
}

/** A URL that downloads or uploads one object, and what its holder must know to use it. */
export async function presignObjectUrl(access: AwsAccess, request: ObjectUrlRequest) {
  const upload = request.actionType === "upload";
  if (!upload && request.contentType) {
    throw new InputError(request.inputs.contentType, "only applies to upload URLs; clear it, or set Action to upload.");
  }
  const { client, expiresAt } = await presignerFor(access, {
    seconds: request.expirationSeconds,
    input: request.inputs.expirationSeconds,
  });
  const command = upload
    ? new PutObjectCommand({ Bucket: request.bucket, Key: request.objectKey, ContentType: request.contentType })
    : new GetObjectCommand({ Bucket: request.bucket, Key: request.objectKey });
  const url = await getSignedUrl(client, command, { expiresIn: request.expirationSeconds });
  return {
    url,
    method: upload ? ("PUT" as const) : ("GET" as const),
    expiresAt,
    requiredHeaders: request.contentType ? { "Content-Type": request.contentType } : {},
  };
}
