import { getCurrentAccount } from "./account/getCurrentAccount";
import { createBucket } from "./buckets/createBucket";
import { deleteBucket } from "./buckets/deleteBucket";
import { getBucketLocation } from "./buckets/getBucketLocation";
import { headBucket } from "./buckets/headBucket";
import { listBuckets } from "./buckets/listBuckets";
import { copyObject } from "./objects/copyObject";
import { deleteObject } from "./objects/deleteObject";
import { deleteObjects } from "./objects/deleteObjects";
import { generatePresignedUrl } from "./objects/generatePresignedUrl";
import { getObject } from "./objects/getObject";
import { getObjectAttributes } from "./objects/getObjectAttributes";
import { headObject } from "./objects/headObject";
import { listObjects } from "./objects/listObjects";
import { putObject } from "./objects/putObject";

export const actions = {
  putObject,
  getObject,
  headObject,
  getObjectAttributes,
  copyObject,
  deleteObject,
  deleteObjects,
  listObjects,
  generatePresignedUrl,
  listBuckets,
  headBucket,
  getBucketLocation,
  createBucket,
  deleteBucket,
  getCurrentAccount,
};
