/**
 * Prismatic's own Amazon S3 component, as its public source declares it
 * (prismatic-io/components, components/aws-s3/src: inputs/, actions/, triggers/, dataSources/):
 * for every action, trigger and data source, the keys of its inputs with their type, collection
 * and default. A flow built on it sends exactly these keys, so ours must take them all.
 */
export interface OfficialInput {
  key: string;
  type: "connection" | "string" | "password" | "data" | "boolean" | "code" | "structuredObject";
  collection?: "valuelist" | "keyvaluelist";
  default?: string;
}

const input = (
  key: string,
  type: OfficialInput["type"] = "string",
  extra: Omit<OfficialInput, "key" | "type"> = {},
): OfficialInput => ({ key, type, ...extra });

/** Every S3 action authenticates with `accessKey`, the SNS ones with `awsConnection`, or with credentials given to the step. */
const credentials = (connectionKey: "accessKey" | "awsConnection"): OfficialInput[] => [
  input(connectionKey, "connection"),
  input("dynamicAccessKeyId"),
  input("dynamicSecretAccessKey", "password"),
  input("dynamicSessionToken", "password"),
];
const s3 = credentials("accessKey");
const sns = credentials("awsConnection");
const region = input("awsRegion");
const bucket = input("bucket");
const objectKey = input("objectKey");
const versionId = input("versionId");
const uploadId = input("uploadId");
const acl = input("acl", "string", { default: "" });
const tagging = input("tagging", "string", { collection: "keyvaluelist" });
const expirationSeconds = input("expirationSeconds", "string", { default: "3600" });

export const OFFICIAL_ACTIONS: Record<string, OfficialInput[]> = {
  abortMultipartUpload: [...s3, bucket, objectKey, uploadId, region],
  bucketEventTriggerConfiguration: [
    ...sns,
    input("snsTopicArn"),
    input("eventsList", "string", { collection: "valuelist" }),
    bucket,
    input("eventNotificationName"),
    input("bucketOwnerAccountid"),
    region,
  ],
  completeMultipartUpload: [...s3, bucket, objectKey, uploadId, input("parts", "data"), region],
  copyObject: [
    ...s3,
    input("sourceBucket"),
    input("destinationBucket"),
    input("sourceKey"),
    input("destinationKey"),
    acl,
    region,
  ],
  createMultipartUpload: [...s3, bucket, objectKey, tagging, acl, region],
  createTopic: [...sns, input("name"), region],
  createUploadStream: [...s3, objectKey, bucket, tagging, acl, region],
  closeUploadStream: [uploadId],
  deleteBucket: [...s3, bucket, region],
  deleteObject: [...s3, bucket, objectKey, region],
  deleteObjects: [...s3, bucket, input("objectKeys", "string", { collection: "valuelist" }), region],
  generatePresignedForMultiparUploads: [
    ...s3,
    bucket,
    objectKey,
    input("urlsToGenerate", "string", { default: "5" }),
    uploadId,
    expirationSeconds,
    region,
  ],
  generatePresignedUrl: [
    ...s3,
    bucket,
    objectKey,
    input("actionType", "string", { default: "download" }),
    expirationSeconds,
    region,
  ],
  getBucketLocation: [...s3, bucket],
  getBucketNotificationConfiguration: [...s3, bucket, region],
  getCurrentAccount: [...s3],
  getObject: [...s3, bucket, objectKey, versionId, region],
  getObjectAttributes: [
    ...s3,
    bucket,
    objectKey,
    input("objectAttributes", "string", { collection: "valuelist" }),
    versionId,
    region,
  ],
  getObjectLockConfiguration: [...s3, bucket, region],
  getObjectRetention: [...s3, bucket, objectKey, versionId, region],
  headBucket: [...s3, bucket, region],
  headObject: [...s3, bucket, objectKey, versionId, region],
  listBuckets: [...s3, region],
  listMultipartUploads: [...s3, bucket, region],
  listObjects: [
    ...s3,
    bucket,
    input("includeMetadata", "boolean", { default: "false" }),
    input("pagination", "structuredObject"),
    input("prefix", "string", { default: "" }),
    region,
  ],
  listParts: [...s3, bucket, objectKey, uploadId, region],
  putBucketNotificationConfiguration: [
    ...s3,
    bucket,
    input("topicConfigurations", "code"),
    input("queueConfigurations", "code"),
    input("lambdaFunctionConfigurations", "code"),
    input("eventBridgeConfiguration", "code"),
    region,
  ],
  putObject: [...s3, bucket, input("fileContents", "data"), objectKey, tagging, acl, region],
  putObjectLockConfiguration: [
    ...s3,
    bucket,
    input("defaultRetentionMode"),
    input("defaultRetentionDays"),
    input("defaultRetentionYears"),
    region,
  ],
  putObjectRetention: [...s3, bucket, objectKey, input("retentionMode"), input("retainUntilDate"), versionId, region],
  subscribeToTopic: [...sns, input("snsTopicArn"), input("endpoint"), region],
  unsubscribeFromTopic: [...sns, input("subscriptionArn"), region],
  updateTopicPolicy: [...sns, bucket, input("snsTopicArn"), input("bucketOwnerAccountid"), region],
  uploadPart: [...s3, bucket, objectKey, uploadId, input("partNumber"), input("fileChunk", "data"), region],
  writeUploadStream: [uploadId, input("fileContents", "data")],
};

export const OFFICIAL_TRIGGERS: Record<string, OfficialInput[]> = {
  snsS3NotificationWebhook: [input("expectedTopicArn")],
  pollChangesFilesTrigger: [...s3, bucket, input("lookBackDate"), region],
  pollNewBucketsTrigger: [...s3, input("lookBackDate"), region],
};

export const OFFICIAL_DATA_SOURCES: Record<string, OfficialInput[]> = {
  selectBucket: [...s3],
  selectRegion: [],
};
