import { getCurrentAccount } from "./account/getCurrentAccount";
import { createBucket } from "./buckets/createBucket";
import { deleteBucket } from "./buckets/deleteBucket";
import { getBucketLocation } from "./buckets/getBucketLocation";
import { headBucket } from "./buckets/headBucket";
import { listBuckets } from "./buckets/listBuckets";
import { copyPrefix } from "./bulk/copyPrefix";
import { deletePrefix } from "./bulk/deletePrefix";
import { transferObject } from "./bulk/transferObject";
import { abortMultipartUpload } from "./multipart/abortMultipartUpload";
import { completeMultipartUpload } from "./multipart/completeMultipartUpload";
import { createMultipartUpload } from "./multipart/createMultipartUpload";
import { generatePresignedForMultiparUploads } from "./multipart/generatePresignedForMultiparUploads";
import { listMultipartUploads } from "./multipart/listMultipartUploads";
import { listParts } from "./multipart/listParts";
import { uploadPart } from "./multipart/uploadPart";
import { bucketEventTriggerConfiguration } from "./notifications/bucketEventTriggerConfiguration";
import { getBucketNotificationConfiguration } from "./notifications/getBucketNotificationConfiguration";
import { putBucketNotificationConfiguration } from "./notifications/putBucketNotificationConfiguration";
import { getObjectLegalHold } from "./objectLock/getObjectLegalHold";
import { getObjectLockConfiguration } from "./objectLock/getObjectLockConfiguration";
import { getObjectRetention } from "./objectLock/getObjectRetention";
import { putObjectLegalHold } from "./objectLock/putObjectLegalHold";
import { putObjectLockConfiguration } from "./objectLock/putObjectLockConfiguration";
import { putObjectRetention } from "./objectLock/putObjectRetention";
import { copyObject } from "./objects/copyObject";
import { deleteObject } from "./objects/deleteObject";
import { deleteObjects } from "./objects/deleteObjects";
import { generatePresignedUrl } from "./objects/generatePresignedUrl";
import { generatePresignedUrlDetailed } from "./objects/generatePresignedUrlDetailed";
import { getObject } from "./objects/getObject";
import { getObjectAttributes } from "./objects/getObjectAttributes";
import { getObjectWithMetadata } from "./objects/getObjectWithMetadata";
import { headObject } from "./objects/headObject";
import { listObjects } from "./objects/listObjects";
import { listObjectsDetailed } from "./objects/listObjectsDetailed";
import { putObject } from "./objects/putObject";
import { uploadFromUrl } from "./objects/uploadFromUrl";
import { createTopic } from "./sns/createTopic";
import { subscribeToTopic } from "./sns/subscribeToTopic";
import { unsubscribeFromTopic } from "./sns/unsubscribeFromTopic";
import { updateTopicPolicy } from "./sns/updateTopicPolicy";
import { deleteObjectTagging } from "./tags/deleteObjectTagging";
import { getObjectTagging } from "./tags/getObjectTagging";
import { putObjectTagging } from "./tags/putObjectTagging";
import { closeUploadStream } from "./uploadStreams/closeUploadStream";
import { createUploadStream } from "./uploadStreams/createUploadStream";
import { writeUploadStream } from "./uploadStreams/writeUploadStream";
import { getBucketVersioning } from "./versions/getBucketVersioning";
import { listObjectVersions } from "./versions/listObjectVersions";
import { putBucketVersioning } from "./versions/putBucketVersioning";

export const actions = {
  putObject,
  getObject,
  getObjectWithMetadata,
  headObject,
  getObjectAttributes,
  copyObject,
  deleteObject,
  deleteObjects,
  listObjects,
  listObjectsDetailed,
  generatePresignedUrl,
  generatePresignedUrlDetailed,
  uploadFromUrl,
  createMultipartUpload,
  uploadPart,
  completeMultipartUpload,
  abortMultipartUpload,
  listMultipartUploads,
  listParts,
  generatePresignedForMultiparUploads,
  createUploadStream,
  writeUploadStream,
  closeUploadStream,
  listBuckets,
  headBucket,
  getBucketLocation,
  createBucket,
  deleteBucket,
  getCurrentAccount,
  getObjectLockConfiguration,
  putObjectLockConfiguration,
  getObjectRetention,
  putObjectRetention,
  getObjectLegalHold,
  putObjectLegalHold,
  getObjectTagging,
  putObjectTagging,
  deleteObjectTagging,
  listObjectVersions,
  getBucketVersioning,
  putBucketVersioning,
  getBucketNotificationConfiguration,
  putBucketNotificationConfiguration,
  bucketEventTriggerConfiguration,
  transferObject,
  copyPrefix,
  deletePrefix,
  createTopic,
  updateTopicPolicy,
  subscribeToTopic,
  unsubscribeFromTopic,
};
