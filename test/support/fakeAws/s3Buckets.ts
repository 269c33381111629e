/** S3 bucket operations: list, create, head, delete, versioning and notification configuration. */
import type { Ctx } from "./context";
import { AwsError } from "./errors";
import { sendS3 } from "./responses";
import { createBucketState, requireBucket } from "./s3Store";
import type { FakeAwsState } from "./state";
import { el, leaf } from "./xml";

export function listBuckets(state: FakeAwsState, ctx: Ctx): void {
  const list = [...state.buckets.values()]
    .map((b) => el("Bucket", leaf("Name", b.name) + leaf("CreationDate", b.created.toISOString())))
    .join("");
  sendS3(
    ctx,
    200,
    {},
    `<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      el("Owner", leaf("ID", state.accountId) + leaf("DisplayName", "tester")) +
      el("Buckets", list) +
      `</ListAllMyBucketsResult>`,
  );
}

export function createBucket(state: FakeAwsState, ctx: Ctx, bucketName: string): void {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucketName) || bucketName.includes("..")) {
    throw new AwsError(400, "InvalidBucketName", "The specified bucket is not valid.", {
      BucketName: bucketName,
    });
  }
  if (state.buckets.has(bucketName)) {
    if (state.region !== "us-east-1") {
      throw new AwsError(
        409,
        "BucketAlreadyOwnedByYou",
        "Your previous request to create the named bucket succeeded and you already own it.",
        { BucketName: bucketName },
      );
    }
  } else {
    createBucketState(state, bucketName);
  }
  sendS3(ctx, 200, { Location: `/${bucketName}` });
}

export function headBucket(state: FakeAwsState, ctx: Ctx, bucketName: string): void {
  requireBucket(state, bucketName);
  sendS3(ctx, 200, { "x-amz-bucket-region": state.region });
}

export function deleteBucket(state: FakeAwsState, ctx: Ctx, bucketName: string): void {
  const b = requireBucket(state, bucketName);
  if (b.objects.size > 0) {
    throw new AwsError(409, "BucketNotEmpty", "The bucket you tried to delete is not empty", {
      BucketName: bucketName,
    });
  }
  state.buckets.delete(bucketName);
  sendS3(ctx, 204, {});
}

export function putBucketVersioning(state: FakeAwsState, ctx: Ctx, bucketName: string): void {
  const b = requireBucket(state, bucketName);
  const status = /<Status>\s*(Enabled|Suspended)\s*<\/Status>/.exec(ctx.body.toString("utf8"))?.[1];
  if (status === "Enabled" || status === "Suspended") b.versioning = status;
  else
    throw new AwsError(
      400,
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
    );
  sendS3(ctx, 200, {});
}

export function getBucketVersioning(state: FakeAwsState, ctx: Ctx, bucketName: string): void {
  const b = requireBucket(state, bucketName);
  sendS3(
    ctx,
    200,
    {},
    `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      (b.versioning === undefined ? "" : leaf("Status", b.versioning)) +
      `</VersioningConfiguration>`,
  );
}

export function putBucketNotificationConfiguration(state: FakeAwsState, ctx: Ctx, bucketName: string): void {
  const b = requireBucket(state, bucketName);
  const xml = ctx.body
    .toString("utf8")
    .trim()
    .replace(/^<\?xml[^>]*>\s*/, "");
  if (!/^<NotificationConfiguration[\s>/]/.test(xml)) {
    throw new AwsError(
      400,
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
    );
  }
  b.notification = xml;
  sendS3(ctx, 200, {});
}

export function getBucketNotificationConfiguration(state: FakeAwsState, ctx: Ctx, bucketName: string): void {
  const b = requireBucket(state, bucketName);
  sendS3(
    ctx,
    200,
    {},
    b.notification ??
      `<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></NotificationConfiguration>`,
  );
}
