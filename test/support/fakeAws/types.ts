/** The fake's public types: what tests pass in, and what they read back. */

export type FakeAwsService = "s3" | "sns" | "sts";

/**
 * One request as received.
 * - SNS/STS: `action` is the `Action` form field; `params` are all other form fields
 *   (and query-string fields) except `Action` and `Version`, in wire form
 *   (e.g. `Attributes.entry.1.key`, `Tags.member.1.Value`).
 * - S3: `action` is the operation name (`CreateBucket`, `PutObject`, `GetObjectAttributes`,
 *   `GetObject`, `HeadObject`, `DeleteObject`, `HeadBucket`, `DeleteBucket`,
 *   `PutBucketVersioning`, `GetBucketVersioning`, `PutBucketNotificationConfiguration`,
 *   `GetBucketNotificationConfiguration`, `ListBuckets`, or `Unsupported <METHOD> ...`);
 *   `params` holds `Bucket`, `Key` (URL-decoded), every query parameter by its wire name
 *   (decoded; a bare `?attributes` gives `attributes: ""`) and the request headers
 *   `content-type`, `content-md5` and `x-amz-*` (lower-case names) except the signing ones
 *   (`x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token`, `x-amz-user-agent`).
 * Requests rejected for authentication are recorded too.
 */
export interface FakeAwsRequest {
  service: FakeAwsService;
  action: string;
  params: Record<string, string>;
}

export interface FakeAwsSubscription {
  arn: string;
  protocol: string;
  endpoint: string;
  confirmed: boolean;
  /** The confirmation token real SNS would deliver to the endpoint; pass it to ConfirmSubscription. */
  token: string;
}

export interface FakeAwsTopic {
  /** Stored attributes (defaults Policy, Owner, TopicArn, DisplayName, EffectiveDeliveryPolicy, plus whatever was set). Subscription counts are computed on read. */
  attributes: Record<string, string>;
  subscriptions: FakeAwsSubscription[];
  tags: Record<string, string>;
}

/** Temporary credentials AssumeRole handed out. */
export interface FakeAwsRoleSession {
  accessKeyId: string;
  sessionToken: string;
  expiration: Date;
}

export interface FakeAws {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  /** Every AssumeRole session handed out, in order. */
  roleSessions: readonly FakeAwsRoleSession[];
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  /** Every request received, in order. */
  requests: readonly FakeAwsRequest[];
  /** SNS topics keyed by topic ARN. */
  topics: ReadonlyMap<string, FakeAwsTopic>;
  /** Seed an object directly (creates the bucket if missing). */
  putObject(bucket: string, key: string, body: Buffer, opts?: { contentType?: string; storageClass?: string }): void;
  close(): Promise<void>;
}

export interface FakeAwsOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  accountId?: string;
  /** Region the server pretends to be in; the credential scope must name it. Default `us-east-1`. */
  region?: string;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** How long successive AssumeRole sessions last, in seconds (then the DurationSeconds asked for). */
  roleSessionSeconds?: number[];
}
