/**
 * The result shapes the product page of Prismatic's Amazon S3 component documents
 * (its "Output Example Payload" for every action): the type of each result, and in object
 * results the fields it shows, nested. A flow built on that component reads these fields, so
 * ours must have them; more fields are fine, another type is not.
 *
 * A shape is a type name, a list of one shape (every element has it), or a record of fields.
 * A field whose name ends in "?" may be missing: S3 only sends it in some situations (noted).
 */
import { isRecord } from "../../src/glue/guards";

export type Shape =
  | "string"
  | "number"
  | "boolean"
  | "date"
  | "bytes"
  | "object"
  | Shape[]
  | { [field: string]: Shape };

/** The SDK's $metadata; the page shows extendedRequestId and cfId as null where S3 sent none. */
const metadata: Shape = {
  httpStatusCode: "number",
  requestId: "string",
  "extendedRequestId?": "string",
  "cfId?": "string",
  attempts: "number",
  totalRetryDelay: "number",
};
const onlyMetadata: Shape = { data: { $metadata: metadata } };
/** Sent only for encrypted objects: AWS encrypts every object, Ceph here none. */
const encryption = "ServerSideEncryption?";
const owner: Shape = { ID: "string" };

export const PAGE_SHAPES: Record<string, Shape> = {
  abortMultipartUpload: onlyMetadata,
  bucketEventTriggerConfiguration: onlyMetadata,
  completeMultipartUpload: {
    data: {
      $metadata: metadata,
      [encryption]: "string",
      Bucket: "string",
      ETag: "string",
      Key: "string",
      Location: "string",
    },
  },
  copyObject: { data: { CopyObjectResult: { ETag: "string", LastModified: "date" } } },
  createMultipartUpload: {
    data: { $metadata: metadata, [encryption]: "string", Bucket: "string", Key: "string", UploadId: "string" },
  },
  createTopic: { data: { TopicArn: "string" } },
  deleteBucket: onlyMetadata,
  // RequestCharged: only for requester-pays buckets.
  deleteObject: { data: { DeleteMarker: "boolean", VersionId: "string", "RequestCharged?": "string" } },
  deleteObjects: { data: { $metadata: metadata, Deleted: [{ Key: "string" }] } },
  generatePresignedUrl: { data: "string" },
  generatePresignedForMultiparUploads: { data: [{ url: "string", partNumber: "number" }] },
  getBucketLocation: { data: "string" },
  getBucketNotificationConfiguration: {
    data: {
      $metadata: metadata,
      LambdaFunctionConfigurations: [{ Id: "string", LambdaFunctionArn: "string", Events: ["string"] }],
      QueueConfigurations: [{ Id: "string", QueueArn: "string", Events: ["string"] }],
      TopicConfigurations: [{ Id: "string", TopicArn: "string", Events: ["string"] }],
    },
  },
  getCurrentAccount: { data: { $metadata: "object", Account: "string", Arn: "string", UserId: "string" } },
  getObject: { data: "bytes", contentType: "string" },
  // VersionId: only in buckets that keep versions.
  getObjectAttributes: {
    data: { $metadata: metadata, LastModified: "date", "VersionId?": "string", ObjectSize: "number" },
  },
  getObjectLockConfiguration: {
    data: {
      $metadata: metadata,
      ObjectLockConfiguration: {
        ObjectLockEnabled: "string",
        Rule: { DefaultRetention: { Mode: "string", Years: "number" } },
      },
    },
  },
  getObjectRetention: { data: { $metadata: metadata, Retention: { Mode: "string", RetainUntilDate: "date" } } },
  headBucket: onlyMetadata,
  headObject: {
    data: {
      $metadata: metadata,
      AcceptRanges: "string",
      LastModified: "date",
      ContentLength: "number",
      ETag: "string",
      ContentType: "string",
      [encryption]: "string",
      Metadata: "object",
    },
  },
  listBuckets: { data: [{ Name: "string", CreationDate: "date" }] },
  listMultipartUploads: {
    data: {
      $metadata: metadata,
      Bucket: "string",
      IsTruncated: "boolean",
      KeyMarker: "string",
      MaxUploads: "number",
      NextKeyMarker: "string",
      NextUploadIdMarker: "string",
      UploadIdMarker: "string",
      Uploads: [
        {
          UploadId: "string",
          Key: "string",
          Initiated: "date",
          StorageClass: "string",
          Owner: owner,
          Initiator: owner,
        },
      ],
    },
  },
  listObjects: { data: ["string"] },
  listParts: {
    data: {
      $metadata: metadata,
      Bucket: "string",
      // Ceph 16 leaves out who started the upload; AWS sends it.
      "Initiator?": owner,
      IsTruncated: "boolean",
      Key: "string",
      MaxParts: "number",
      NextPartNumberMarker: "string",
      Owner: owner,
      PartNumberMarker: "string",
      Parts: [{ PartNumber: "number", LastModified: "date", ETag: "string", Size: "number" }],
      StorageClass: "string",
      UploadId: "string",
    },
  },
  putBucketNotificationConfiguration: onlyMetadata,
  putObject: { data: { ETag: "string", VersionId: "string" } },
  putObjectLockConfiguration: onlyMetadata,
  putObjectRetention: onlyMetadata,
  subscribeToTopic: { data: { SubscriptionArn: "string" } },
  unsubscribeFromTopic: onlyMetadata,
  updateTopicPolicy: onlyMetadata,
  uploadPart: {
    data: {
      $metadata: metadata,
      [encryption]: "string",
      ETag: "string",
      part: { ETag: "string", PartNumber: "number" },
    },
  },
};

/** What the webhook trigger's Notification gives the flow (payload.body.data): the SNS message as sent. */
export const PAGE_NOTIFICATION_SHAPE: Shape = {
  Type: "string",
  MessageId: "string",
  TopicArn: "string",
  Subject: "string",
  Message: "string",
  Timestamp: "string",
  SignatureVersion: "string",
  Signature: "string",
  SigningCertURL: "string",
  UnsubscribeURL: "string",
};

/** A record, not a date (dates are leaves of a result). */
const isFieldRecord = (value: unknown): value is Record<string, unknown> => isRecord(value) && !(value instanceof Date);

/** Where `value` departs from `shape`: missing fields and other types, by path; empty when it fits. */
export function shapeProblems(value: unknown, shape: Shape, path = "result"): string[] {
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return [`${path}: expected a list, got ${kind(value)}`];
    const element = shape[0];
    return element === undefined
      ? []
      : value.flatMap((item, index) => shapeProblems(item, element, `${path}[${index}]`));
  }
  if (typeof shape === "object") {
    if (!isFieldRecord(value)) return [`${path}: expected a record, got ${kind(value)}`];
    return Object.entries(shape).flatMap(([field, fieldShape]) => {
      const optional = field.endsWith("?");
      const name = optional ? field.slice(0, -1) : field;
      const entry = value[name];
      if (entry === undefined || entry === null) return optional ? [] : [`${path}.${name}: missing`];
      return shapeProblems(entry, fieldShape, `${path}.${name}`);
    });
  }
  const fits: Record<typeof shape, (entry: unknown) => boolean> = {
    string: (entry) => typeof entry === "string",
    number: (entry) => typeof entry === "number",
    boolean: (entry) => typeof entry === "boolean",
    date: (entry) => entry instanceof Date || (typeof entry === "string" && !Number.isNaN(Date.parse(entry))),
    bytes: (entry) => Buffer.isBuffer(entry),
    object: isFieldRecord,
  };
  return fits[shape](value) ? [] : [`${path}: expected ${shape}, got ${kind(value)}`];
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (Buffer.isBuffer(value)) return "bytes";
  if (value instanceof Date) return "a date";
  return typeof value === "object" ? "a record" : typeof value;
}
