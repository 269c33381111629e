/** Everything the fake remembers between requests, in one record that every handler is given. */
import { createHash } from "node:crypto";
import type { FakeAwsOptions, FakeAwsRequest, FakeAwsRoleSession, FakeAwsSubscription, FakeAwsTopic } from "./types";

export interface ObjectVersion {
  versionId: string; // "null" when written while versioning was not enabled
  deleteMarker: boolean;
  body: Buffer;
  etag: string; // quoted MD5 hex
  contentType: string;
  lastModified: Date;
  storageClass: string;
  checksumAlgorithm: string;
  checksum: string; // base64
}

export interface BucketState {
  name: string;
  created: Date;
  versioning: "Enabled" | "Suspended" | undefined;
  objects: Map<string, ObjectVersion[]>; // oldest first
  /** The last PutBucketNotificationConfiguration body, returned as is by Get (replaced whole, as on AWS). */
  notification?: string;
}

export interface SubscriptionState extends FakeAwsSubscription {
  topicArn: string;
  attributes: Record<string, string>;
}

export interface TopicState extends FakeAwsTopic {
  name: string;
  arn: string;
  subscriptions: SubscriptionState[];
  deletedCount: number;
}

export interface FakeAwsState {
  /** The single identity the server knows. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  readonly region: string;
  /** The IAM user id GetCallerIdentity reports, derived from account and key. */
  readonly userId: string;
  /** How long successive AssumeRole sessions last (`FakeAwsOptions.roleSessionSeconds`). */
  readonly roleSessionSeconds: readonly number[] | undefined;
  readonly requests: FakeAwsRequest[];
  readonly buckets: Map<string, BucketState>;
  readonly topics: Map<string, TopicState>;
  readonly roleSessions: FakeAwsRoleSession[];
}

export function createState(options: FakeAwsOptions): FakeAwsState {
  const accessKeyId = options.accessKeyId ?? "AKIAFAKEAWS000000001";
  const secretAccessKey = options.secretAccessKey ?? "fakeAwsSecretKey/0000000000000000000000000";
  const accountId = options.accountId ?? "123456789012";
  const region = options.region ?? "us-east-1";
  return {
    accessKeyId,
    secretAccessKey,
    accountId,
    region,
    userId:
      "AIDA" + createHash("sha256").update(`${accountId}:${accessKeyId}`).digest("hex").slice(0, 17).toUpperCase(),
    roleSessionSeconds: options.roleSessionSeconds,
    requests: [],
    buckets: new Map(),
    topics: new Map(),
    roleSessions: [],
  };
}
