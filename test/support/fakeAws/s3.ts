/** The S3 operations this fake implements, by the action name routing gave the request. */
import type { Ctx } from "./context";
import { AwsError } from "./errors";
import {
  createBucket,
  deleteBucket,
  getBucketNotificationConfiguration,
  getBucketVersioning,
  headBucket,
  listBuckets,
  putBucketNotificationConfiguration,
  putBucketVersioning,
} from "./s3Buckets";
import { deleteObject, getObject, getObjectAttributes, putObject } from "./s3Objects";
import type { S3Target } from "./s3Routing";
import type { FakeAwsState } from "./state";

type BucketHandler = (state: FakeAwsState, ctx: Ctx, bucketName: string) => void;
type ObjectHandler = (state: FakeAwsState, ctx: Ctx, bucketName: string, key: string) => void;

const BUCKET_HANDLERS = new Map<string, BucketHandler>([
  ["CreateBucket", createBucket],
  ["HeadBucket", headBucket],
  ["DeleteBucket", deleteBucket],
  ["PutBucketVersioning", putBucketVersioning],
  ["GetBucketVersioning", getBucketVersioning],
  ["PutBucketNotificationConfiguration", putBucketNotificationConfiguration],
  ["GetBucketNotificationConfiguration", getBucketNotificationConfiguration],
]);

const OBJECT_HANDLERS = new Map<string, ObjectHandler>([
  ["PutObject", putObject],
  ["GetObject", getObject],
  ["HeadObject", getObject],
  ["DeleteObject", deleteObject],
  ["GetObjectAttributes", getObjectAttributes],
]);

export function handleS3(state: FakeAwsState, ctx: Ctx, target: S3Target): void {
  const { bucket: bucketName, key, action } = target;
  if (action === "ListBuckets") {
    listBuckets(state, ctx);
    return;
  }
  const bucketHandler = BUCKET_HANDLERS.get(action);
  if (bucketHandler !== undefined && bucketName !== undefined) {
    bucketHandler(state, ctx, bucketName);
    return;
  }
  const objectHandler = OBJECT_HANDLERS.get(action);
  if (objectHandler !== undefined && bucketName !== undefined && key !== undefined) {
    objectHandler(state, ctx, bucketName, key);
    return;
  }
  throw new AwsError(501, "NotImplemented", "A header you provided implies functionality that is not implemented", {
    Action: action,
  });
}
