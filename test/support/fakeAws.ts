/**
 * A small AWS endpoint for the calls Ceph RADOS Gateway 16 does not implement
 * (STS GetCallerIdentity and AssumeRole with chosen session lengths, S3 GetObjectAttributes, most of SNS).
 *
 * It speaks the real wire protocols used by the AWS SDK v3 clients:
 *   - S3: REST-XML, path-style addressing (`/bucket/key`), errors as `<Error>` documents.
 *   - SNS: awsQuery (form-encoded POST, `Version=2010-03-31`, XML responses and
 *     `<ErrorResponse>` errors) - the protocol `@aws-sdk/client-sns` 3.1169.0 uses.
 *   - STS: awsQuery (`Version=2011-06-15`).
 *
 * Every request must carry a valid SigV4 `Authorization` header for the single
 * identity the server knows; the signature is recomputed with `@smithy/signature-v4`.
 * Presigned (query-string) authentication is not supported.
 */
import { createHash, createHmac, type Hash, type Hmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";

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
  subscriptions: Array<FakeAwsSubscription>;
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
  roleSessions: ReadonlyArray<FakeAwsRoleSession>;
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  /** Every request received, in order. */
  requests: ReadonlyArray<FakeAwsRequest>;
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

// ---------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: SourceData): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** SHA-256 / HMAC-SHA-256 in the shape `@smithy/signature-v4` expects, backed by node:crypto. */
class NodeSha256 {
  private readonly secret: Buffer | undefined;
  private hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : toBuffer(secret);
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", this.secret);
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;");
}

/** `<name>text</name>` with escaping; children given as already-built XML use `el`. */
function leaf(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}
function el(name: string, children: string): string {
  return `<${name}>${children}</${name}>`;
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

function s3RequestId(): string {
  return randomBytes(8).toString("hex").toUpperCase();
}

/** Reflected CRC-32 family (CRC32: 0xEDB88320, CRC32C: 0x82F63B78). */
function makeCrc32(poly: number): (data: Buffer) => Buffer {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[i] = c >>> 0;
  }
  return (data) => {
    let crc = 0xffffffff;
    for (const byte of data) crc = (table[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
    const out = Buffer.alloc(4);
    out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
    return out;
  };
}

/** CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5), S3's default full-object checksum. */
function makeCrc64Nvme(): (data: Buffer) => Buffer {
  const poly = 0x9a6c9329ac4bc9b5n;
  const hiT = new Uint32Array(256);
  const loT = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    hiT[i] = Number(c >> 32n);
    loT[i] = Number(c & 0xffffffffn);
  }
  return (data) => {
    let hi = 0xffffffff;
    let lo = 0xffffffff;
    for (const byte of data) {
      const idx = (lo ^ byte) & 0xff;
      const nextLo = ((lo >>> 8) | ((hi & 0xff) << 24)) >>> 0;
      const nextHi = hi >>> 8;
      lo = (nextLo ^ (loT[idx] ?? 0)) >>> 0;
      hi = (nextHi ^ (hiT[idx] ?? 0)) >>> 0;
    }
    const out = Buffer.alloc(8);
    out.writeUInt32BE((hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((lo ^ 0xffffffff) >>> 0, 4);
    return out;
  };
}

const CHECKSUMS: ReadonlyArray<{ name: string; compute: (data: Buffer) => Buffer }> = [
  { name: "CRC32", compute: makeCrc32(0xedb88320) },
  { name: "CRC32C", compute: makeCrc32(0x82f63b78) },
  { name: "CRC64NVME", compute: makeCrc64Nvme() },
  { name: "SHA1", compute: (d) => createHash("sha1").update(d).digest() },
  { name: "SHA256", compute: (d) => createHash("sha256").update(d).digest() },
];

function computeChecksum(algorithm: string, data: Buffer): string | undefined {
  const found = CHECKSUMS.find((c) => c.name === algorithm.toUpperCase());
  return found?.compute(data).toString("base64");
}

/** Raw query string -> decoded pairs; `k` without `=` gives value null (as the SDK signs it). */
function parseRawQuery(raw: string): Array<[string, string | null]> {
  const out: Array<[string, string | null]> = [];
  if (raw === "") return out;
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0) out.push([decodeURIComponent(part), null]);
    else out.push([decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1))]);
  }
  return out;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(",") : v;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Decode an `aws-chunked` body; returns the payload and any trailing headers. Chunk signatures are not verified. */
function decodeAwsChunked(body: Buffer): { payload: Buffer; trailers: Record<string, string> } | undefined {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let pos = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", pos);
    if (lineEnd < 0) return undefined;
    const sizeText = body.subarray(pos, lineEnd).toString("latin1").split(";")[0] ?? "";
    const size = parseInt(sizeText.trim(), 16);
    if (!Number.isFinite(size) || size < 0) return undefined;
    pos = lineEnd + 2;
    if (size === 0) break;
    parts.push(body.subarray(pos, pos + size));
    pos += size + 2;
  }
  const rest = body.subarray(pos).toString("utf8");
  for (const line of rest.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { payload: Buffer.concat(parts), trailers };
}

// ---------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------

interface ObjectVersion {
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

interface BucketState {
  name: string;
  created: Date;
  versioning: "Enabled" | "Suspended" | undefined;
  objects: Map<string, ObjectVersion[]>; // oldest first
  /** The last PutBucketNotificationConfiguration body, returned as is by Get (replaced whole, as on AWS). */
  notification?: string;
}

interface SubscriptionState extends FakeAwsSubscription {
  topicArn: string;
  attributes: Record<string, string>;
}

interface TopicState extends FakeAwsTopic {
  name: string;
  arn: string;
  subscriptions: SubscriptionState[];
  deletedCount: number;
}

const STORAGE_CLASSES = new Set([
  "STANDARD",
  "REDUCED_REDUNDANCY",
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER",
  "DEEP_ARCHIVE",
  "OUTPOSTS",
  "GLACIER_IR",
  "SNOW",
  "EXPRESS_ONEZONE",
]);

const OBJECT_ATTRIBUTES = new Set(["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"]);

const TOPIC_ATTRIBUTE_NAMES = new Set([
  "DeliveryPolicy",
  "DisplayName",
  "Policy",
  "FifoTopic",
  "ContentBasedDeduplication",
  "KmsMasterKeyId",
  "SignatureVersion",
  "TracingConfig",
  "ArchivePolicy",
  "FifoThroughputScope",
  "DataProtectionPolicy",
  ...["HTTP", "Firehose", "Lambda", "SQS", "Application"].flatMap((p) => [
    `${p}SuccessFeedbackRoleArn`,
    `${p}SuccessFeedbackSampleRate`,
    `${p}FailureFeedbackRoleArn`,
  ]),
]);

const SNS_PROTOCOLS = new Set([
  "http",
  "https",
  "email",
  "email-json",
  "sms",
  "sqs",
  "application",
  "lambda",
  "firehose",
]);
const AUTO_CONFIRMED_PROTOCOLS = new Set(["sqs", "lambda", "firehose", "application", "sms"]);

const DEFAULT_EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: "linear",
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: "text/plain; charset=UTF-8" },
  },
});

/** The policy AWS attaches to a new topic. */
function defaultTopicPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: "2008-10-17",
    Id: "__default_policy_ID",
    Statement: [
      {
        Sid: "__default_statement_ID",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: [
          "SNS:GetTopicAttributes",
          "SNS:SetTopicAttributes",
          "SNS:AddPermission",
          "SNS:RemovePermission",
          "SNS:DeleteTopic",
          "SNS:Subscribe",
          "SNS:ListSubscriptionsByTopic",
          "SNS:Publish",
        ],
        Resource: topicArn,
        Condition: { StringEquals: { "AWS:SourceOwner": accountId } },
      },
    ],
  });
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** An error response; `extra` adds S3 `<Error>` children (Key, BucketName, ...). */
class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const SIGNATURE_MISMATCH_QUERY =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const SIGNATURE_MISMATCH_S3 =
  "The request signature we calculated does not match the signature you provided. Check your key and signing method.";

function invalidParameter(detail: string): AwsError {
  return new AwsError(400, "InvalidParameter", `Invalid parameter: ${detail}`);
}

// ---------------------------------------------------------------------------
// SigV4 header parsing & verification
// ---------------------------------------------------------------------------

interface ParsedAuth {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string): ParsedAuth | undefined {
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/.exec(header.trim());
  if (!m || m[1] === undefined) return undefined;
  const fields = new Map<string, string>();
  for (const part of m[1].split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (credential === undefined || signedHeaders === undefined || signature === undefined) return undefined;
  const scope = credential.split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request") return undefined;
  const [accessKeyId, date, region, service] = scope;
  if (accessKeyId === undefined || date === undefined || region === undefined || service === undefined)
    return undefined;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(";"), signature };
}

function parseAmzDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

function isService(value: string): value is FakeAwsService {
  return value === "s3" || value === "sns" || value === "sts";
}

// ---------------------------------------------------------------------------
// Request context
// ---------------------------------------------------------------------------

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  service: FakeAwsService;
  method: string;
  rawPath: string;
  query: Array<[string, string | null]>;
  body: Buffer; // decoded payload (aws-chunked removed)
  rawBody: Buffer;
  trailers: Record<string, string>;
  form: Map<string, string>; // SNS/STS parameters
  requestId: string;
}

const SIGNING_HEADERS = new Set(["x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "x-amz-user-agent"]);

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const accessKeyId = options.accessKeyId ?? "AKIAFAKEAWS000000001";
  const secretAccessKey = options.secretAccessKey ?? "fakeAwsSecretKey/0000000000000000000000000";
  const accountId = options.accountId ?? "123456789012";
  const region = options.region ?? "us-east-1";

  const requests: FakeAwsRequest[] = [];
  const buckets = new Map<string, BucketState>();
  const topics = new Map<string, TopicState>();
  const roleSessions: FakeAwsRoleSession[] = [];
  const userId =
    "AIDA" + createHash("sha256").update(`${accountId}:${accessKeyId}`).digest("hex").slice(0, 17).toUpperCase();

  // ----- S3 state helpers -----

  function storeObject(
    bucket: BucketState,
    key: string,
    body: Buffer,
    contentType: string,
    storageClass: string,
    checksumAlgorithm: string,
    checksum: string,
  ): ObjectVersion {
    const version: ObjectVersion = {
      versionId: bucket.versioning === "Enabled" ? randomBytes(24).toString("base64url") : "null",
      deleteMarker: false,
      body,
      etag: `"${createHash("md5").update(body).digest("hex")}"`,
      contentType,
      lastModified: new Date(Math.floor(Date.now() / 1000) * 1000),
      storageClass,
      checksumAlgorithm,
      checksum,
    };
    const versions = (bucket.objects.get(key) ?? []).filter(
      (v) => bucket.versioning === "Enabled" || v.versionId !== "null",
    );
    versions.push(version);
    bucket.objects.set(key, versions);
    return version;
  }

  function createBucketState(name: string): BucketState {
    const state: BucketState = { name, created: new Date(), versioning: undefined, objects: new Map() };
    buckets.set(name, state);
    return state;
  }

  // ----- SNS state helpers -----

  function topicArnFor(name: string): string {
    return `arn:aws:sns:${region}:${accountId}:${name}`;
  }

  function requireParam(ctx: Ctx, name: string): string {
    const v = ctx.form.get(name);
    if (v === undefined || v === "") throw invalidParameter(name);
    return v;
  }

  function lookupTopic(arn: string): TopicState {
    const parts = arn.split(":");
    if (parts.length !== 6 || parts[0] !== "arn" || parts[2] !== "sns") throw invalidParameter("TopicArn");
    const topic = topics.get(arn);
    if (topic === undefined) throw new AwsError(404, "NotFound", "Topic does not exist");
    return topic;
  }

  function readEntryMap(form: Map<string, string>, prefix: string): Record<string, string> | undefined {
    let found = false;
    const out: Record<string, string> = {};
    for (let n = 1; ; n++) {
      const k = form.get(`${prefix}.entry.${n}.key`);
      if (k === undefined) break;
      found = true;
      out[k] = form.get(`${prefix}.entry.${n}.value`) ?? "";
    }
    return found ? out : undefined;
  }

  function readTagList(form: Map<string, string>, prefix: string): Record<string, string> | undefined {
    let found = false;
    const out: Record<string, string> = {};
    for (let n = 1; ; n++) {
      const k = form.get(`${prefix}.member.${n}.Key`);
      if (k === undefined) break;
      found = true;
      out[k] = form.get(`${prefix}.member.${n}.Value`) ?? "";
    }
    return found ? out : undefined;
  }

  function validateTopicAttribute(name: string, value: string, creating: boolean): void {
    if (!TOPIC_ATTRIBUTE_NAMES.has(name)) throw invalidParameter("AttributeName");
    if ((name === "Policy" || name === "DeliveryPolicy" || name === "DataProtectionPolicy") && value !== "") {
      try {
        JSON.parse(value);
      } catch {
        throw invalidParameter(`${name}: failed to parse JSON`);
      }
    }
    if (name === "FifoTopic" && !creating)
      throw invalidParameter("AttributeName: FifoTopic can only be set at creation");
  }

  function paginate<T>(items: T[], nextToken: string | undefined): { page: T[]; next: string | undefined } {
    const start =
      nextToken === undefined || nextToken === "" ? 0 : Number(Buffer.from(nextToken, "base64url").toString("utf8"));
    if (!Number.isInteger(start) || start < 0) throw invalidParameter("NextToken");
    const page = items.slice(start, start + 100);
    const end = start + page.length;
    return { page, next: end < items.length ? Buffer.from(String(end), "utf8").toString("base64url") : undefined };
  }

  // ----- response writers -----

  function sendRaw(
    ctx: Ctx,
    status: number,
    headers: Record<string, string>,
    body: string | Buffer,
    declaredLength?: number,
  ): void {
    const buf = typeof body === "string" ? Buffer.from(body, "utf8") : body;
    ctx.res.statusCode = status;
    for (const [k, v] of Object.entries(headers)) ctx.res.setHeader(k, v);
    ctx.res.setHeader("x-amz-request-id", ctx.requestId);
    if (ctx.service === "s3") ctx.res.setHeader("x-amz-id-2", randomBytes(24).toString("base64"));
    else ctx.res.setHeader("x-amzn-RequestId", ctx.requestId);
    ctx.res.setHeader("Date", new Date().toUTCString());
    ctx.res.setHeader("Content-Length", String(declaredLength ?? buf.length));
    if (ctx.method === "HEAD") ctx.res.end();
    else ctx.res.end(buf);
  }

  function sendS3(ctx: Ctx, status: number, headers: Record<string, string>, xmlBody?: string): void {
    if (xmlBody === undefined) sendRaw(ctx, status, headers, "");
    else sendRaw(ctx, status, { "Content-Type": "application/xml", ...headers }, XML_DECL + xmlBody);
  }

  function queryNamespace(service: FakeAwsService): string {
    return service === "sts" ? "https://sts.amazonaws.com/doc/2011-06-15/" : "http://sns.amazonaws.com/doc/2010-03-31/";
  }

  function sendQuery(ctx: Ctx, action: string, result: string | undefined): void {
    const inner = result === undefined ? "" : el(`${action}Result`, result);
    const xml =
      `<${action}Response xmlns="${queryNamespace(ctx.service)}">` +
      inner +
      el("ResponseMetadata", leaf("RequestId", ctx.requestId)) +
      `</${action}Response>\n`;
    sendRaw(ctx, 200, { "Content-Type": "text/xml" }, xml);
  }

  function sendError(ctx: Ctx, err: AwsError): void {
    if (ctx.service === "s3") {
      const extra = Object.entries(err.extra)
        .map(([k, v]) => leaf(k, v))
        .join("");
      const xml = el(
        "Error",
        leaf("Code", err.code) +
          leaf("Message", err.message) +
          extra +
          leaf("RequestId", ctx.requestId) +
          leaf("HostId", randomBytes(24).toString("base64")),
      );
      sendS3(ctx, err.status, err.headers, xml);
    } else {
      const type = err.status >= 500 ? "Receiver" : "Sender";
      const xml =
        `<ErrorResponse xmlns="${queryNamespace(ctx.service)}">` +
        el("Error", leaf("Type", type) + leaf("Code", err.code) + leaf("Message", err.message)) +
        leaf("RequestId", ctx.requestId) +
        `</ErrorResponse>\n`;
      sendRaw(ctx, err.status, { "Content-Type": "text/xml", ...err.headers }, xml);
    }
  }

  // ----- authentication -----

  async function authenticate(ctx: Ctx, auth: ParsedAuth | undefined, authHeader: string | undefined): Promise<void> {
    const isS3 = ctx.service === "s3";
    if (authHeader === undefined) {
      if (isS3) throw new AwsError(403, "AccessDenied", "Access Denied");
      throw new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    }
    if (auth === undefined) {
      if (isS3) throw new AwsError(400, "AuthorizationHeaderMalformed", "The authorization header is malformed.");
      throw new AwsError(
        400,
        "IncompleteSignature",
        "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.",
      );
    }
    if (auth.accessKeyId !== accessKeyId) {
      if (isS3) {
        throw new AwsError(
          403,
          "InvalidAccessKeyId",
          "The AWS Access Key Id you provided does not exist in our records.",
          {
            AWSAccessKeyId: auth.accessKeyId,
          },
        );
      }
      throw new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    }
    if (auth.region !== region) {
      if (isS3) {
        throw new AwsError(
          400,
          "AuthorizationHeaderMalformed",
          `The authorization header is malformed; the region '${auth.region}' is wrong; expecting '${region}'`,
          { Region: region },
        );
      }
      throw new AwsError(
        403,
        "SignatureDoesNotMatch",
        `Credential should be scoped to a valid region. (expected '${region}')`,
      );
    }
    const signingDate = parseAmzDate(headerValue(ctx.req, "x-amz-date"));
    if (signingDate === undefined) {
      if (isS3)
        throw new AwsError(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
      throw new AwsError(
        400,
        "IncompleteSignature",
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      );
    }
    if (!auth.signedHeaders.includes("host")) {
      throw new AwsError(
        isS3 ? 403 : 400,
        isS3 ? "AccessDenied" : "IncompleteSignature",
        "SignedHeaders must include 'host'.",
      );
    }

    const headers: Record<string, string> = {};
    for (const name of auth.signedHeaders) {
      const v = headerValue(ctx.req, name);
      if (v !== undefined) headers[name] = v;
    }
    const query: Record<string, string | string[] | null> = {};
    for (const [k, v] of ctx.query) {
      const prev = query[k];
      if (prev === undefined) query[k] = v;
      else if (Array.isArray(prev)) prev.push(v ?? "");
      else query[k] = [prev ?? "", v ?? ""];
    }
    const signer = new SignatureV4({
      credentials: { accessKeyId, secretAccessKey },
      region: auth.region,
      service: auth.service,
      sha256: NodeSha256,
      uriEscapePath: !isS3,
      applyChecksum: false,
    });
    const signed = await signer.sign(
      {
        method: ctx.method,
        protocol: "http:",
        hostname: "127.0.0.1",
        path: ctx.rawPath,
        query,
        headers,
        body: ctx.rawBody.length > 0 ? ctx.rawBody : undefined,
      },
      {
        signingDate,
        signingRegion: auth.region,
        signingService: auth.service,
        signableHeaders: new Set(auth.signedHeaders),
      },
    );
    const expected = /Signature=([0-9a-f]+)/.exec(signed.headers["authorization"] ?? "")?.[1] ?? "";
    const a = Buffer.from(expected, "utf8");
    const b = Buffer.from(auth.signature, "utf8");
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      if (isS3) {
        // As AWS does, the answer shows the request as the server read it: signed headers, session token included.
        const canonicalRequest = [
          ctx.method,
          ctx.rawPath,
          ctx.query.toString(),
          ...auth.signedHeaders.map((name) => `${name}:${headers[name] ?? ""}`),
          "",
          auth.signedHeaders.join(";"),
          headerValue(ctx.req, "x-amz-content-sha256") ?? "",
        ].join("\n");
        throw new AwsError(403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH_S3, {
          AWSAccessKeyId: auth.accessKeyId,
          StringToSign: `AWS4-HMAC-SHA256\n${headerValue(ctx.req, "x-amz-date") ?? ""}\n${createHash("sha256").update(canonicalRequest).digest("hex")}`,
          SignatureProvided: auth.signature,
          CanonicalRequest: canonicalRequest,
        });
      }
      throw new AwsError(403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH_QUERY);
    }
    if (isS3) {
      const contentSha = headerValue(ctx.req, "x-amz-content-sha256");
      if (contentSha === undefined) {
        throw new AwsError(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
      }
      if (/^[0-9a-f]{64}$/.test(contentSha)) {
        const actual = createHash("sha256").update(ctx.rawBody).digest("hex");
        if (actual !== contentSha) {
          throw new AwsError(
            400,
            "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
            {
              ClientComputedContentSHA256: contentSha,
              S3ComputedContentSHA256: actual,
            },
          );
        }
      }
    }
  }

  // ----- S3 -----

  interface S3Target {
    bucket: string | undefined;
    key: string | undefined;
    action: string;
  }

  function s3Target(ctx: Ctx): S3Target {
    const path = ctx.rawPath.startsWith("/") ? ctx.rawPath.slice(1) : ctx.rawPath;
    const slash = path.indexOf("/");
    const rawBucket = slash < 0 ? path : path.slice(0, slash);
    const rawKey = slash < 0 ? "" : path.slice(slash + 1);
    const bucket = rawBucket === "" ? undefined : decodeURIComponent(rawBucket);
    const key = rawKey === "" ? undefined : decodeURIComponent(rawKey);
    const names = new Set(ctx.query.map(([k]) => k));
    const ignored = new Set(["x-id", "versionId"]);
    const subresources = [...names].filter((n) => !ignored.has(n) && !n.startsWith("response-")).sort();
    const m = ctx.method;
    const unsupported = `Unsupported ${m} ${bucket === undefined ? "/" : key === undefined ? "/bucket" : "/bucket/key"}${
      subresources.length > 0 ? "?" + subresources.join("&") : ""
    }`;
    let action = unsupported;
    if (bucket === undefined) {
      if (m === "GET" && subresources.length === 0) action = "ListBuckets";
    } else if (key === undefined) {
      if (subresources.length === 0) {
        if (m === "PUT") action = "CreateBucket";
        else if (m === "HEAD") action = "HeadBucket";
        else if (m === "DELETE") action = "DeleteBucket";
      } else if (subresources.length === 1 && subresources[0] === "versioning") {
        if (m === "PUT") action = "PutBucketVersioning";
        else if (m === "GET") action = "GetBucketVersioning";
      } else if (subresources.length === 1 && subresources[0] === "notification") {
        if (m === "PUT") action = "PutBucketNotificationConfiguration";
        else if (m === "GET") action = "GetBucketNotificationConfiguration";
      }
    } else if (subresources.length === 0) {
      if (m === "PUT" && headerValue(ctx.req, "x-amz-copy-source") === undefined) action = "PutObject";
      else if (m === "GET") action = "GetObject";
      else if (m === "HEAD") action = "HeadObject";
      else if (m === "DELETE") action = "DeleteObject";
    } else if (subresources.length === 1 && subresources[0] === "attributes" && m === "GET") {
      action = "GetObjectAttributes";
    }
    return { bucket, key, action };
  }

  function s3Params(ctx: Ctx, target: S3Target): Record<string, string> {
    const params: Record<string, string> = {};
    if (target.bucket !== undefined) params["Bucket"] = target.bucket;
    if (target.key !== undefined) params["Key"] = target.key;
    for (const [k, v] of ctx.query) params[k] = v ?? "";
    for (const [name, value] of Object.entries(ctx.req.headers)) {
      if (value === undefined || SIGNING_HEADERS.has(name)) continue;
      if (name.startsWith("x-amz-") || name === "content-type" || name === "content-md5") {
        params[name] = Array.isArray(value) ? value.join(",") : value;
      }
    }
    for (const [name, value] of Object.entries(ctx.trailers)) params[name] = value;
    return params;
  }

  function requireBucket(name: string): BucketState {
    const b = buckets.get(name);
    if (b === undefined)
      throw new AwsError(404, "NoSuchBucket", "The specified bucket does not exist", { BucketName: name });
    return b;
  }

  function findVersion(ctx: Ctx, bucket: BucketState, key: string): ObjectVersion {
    const versionId = ctx.query.find(([k]) => k === "versionId")?.[1] ?? undefined;
    const versions = bucket.objects.get(key) ?? [];
    if (versionId === undefined) {
      const current = versions[versions.length - 1];
      if (current === undefined)
        throw new AwsError(404, "NoSuchKey", "The specified key does not exist.", { Key: key });
      if (current.deleteMarker) {
        throw new AwsError(
          404,
          "NoSuchKey",
          "The specified key does not exist.",
          { Key: key },
          {
            "x-amz-delete-marker": "true",
            "x-amz-version-id": current.versionId,
          },
        );
      }
      return current;
    }
    const found = versions.find((v) => v.versionId === versionId);
    if (found === undefined) {
      if (bucket.versioning === undefined && versionId !== "null") {
        throw new AwsError(400, "InvalidArgument", "Invalid version id specified", {
          ArgumentName: "versionId",
          ArgumentValue: versionId,
        });
      }
      throw new AwsError(404, "NoSuchVersion", "The specified version does not exist.", {
        Key: key,
        VersionId: versionId,
      });
    }
    if (found.deleteMarker) {
      throw new AwsError(
        405,
        "MethodNotAllowed",
        "The specified method is not allowed against this resource.",
        {
          Method: ctx.method,
          ResourceType: "DeleteMarker",
        },
        { "x-amz-delete-marker": "true", "x-amz-version-id": found.versionId },
      );
    }
    return found;
  }

  function objectHeaders(version: ObjectVersion, bucket: BucketState, withChecksum: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      ETag: version.etag,
      "Last-Modified": version.lastModified.toUTCString(),
      "Content-Type": version.contentType,
      "Accept-Ranges": "bytes",
    };
    if (version.storageClass !== "STANDARD") headers["x-amz-storage-class"] = version.storageClass;
    if (bucket.versioning !== undefined) headers["x-amz-version-id"] = version.versionId;
    if (withChecksum) {
      headers[`x-amz-checksum-${version.checksumAlgorithm.toLowerCase()}`] = version.checksum;
      headers["x-amz-checksum-type"] = "FULL_OBJECT";
    }
    return headers;
  }

  function handleS3(ctx: Ctx, target: S3Target): void {
    const { bucket: bucketName, key } = target;
    switch (target.action) {
      case "ListBuckets": {
        const list = [...buckets.values()]
          .map((b) => el("Bucket", leaf("Name", b.name) + leaf("CreationDate", b.created.toISOString())))
          .join("");
        sendS3(
          ctx,
          200,
          {},
          `<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
            el("Owner", leaf("ID", accountId) + leaf("DisplayName", "tester")) +
            el("Buckets", list) +
            `</ListAllMyBucketsResult>`,
        );
        return;
      }
      case "CreateBucket": {
        if (bucketName === undefined) break;
        if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucketName) || bucketName.includes("..")) {
          throw new AwsError(400, "InvalidBucketName", "The specified bucket is not valid.", {
            BucketName: bucketName,
          });
        }
        if (buckets.has(bucketName)) {
          if (region !== "us-east-1") {
            throw new AwsError(
              409,
              "BucketAlreadyOwnedByYou",
              "Your previous request to create the named bucket succeeded and you already own it.",
              { BucketName: bucketName },
            );
          }
        } else {
          createBucketState(bucketName);
        }
        sendS3(ctx, 200, { Location: `/${bucketName}` });
        return;
      }
      case "HeadBucket": {
        if (bucketName === undefined) break;
        requireBucket(bucketName);
        sendS3(ctx, 200, { "x-amz-bucket-region": region });
        return;
      }
      case "DeleteBucket": {
        if (bucketName === undefined) break;
        const b = requireBucket(bucketName);
        if (b.objects.size > 0) {
          throw new AwsError(409, "BucketNotEmpty", "The bucket you tried to delete is not empty", {
            BucketName: bucketName,
          });
        }
        buckets.delete(bucketName);
        sendS3(ctx, 204, {});
        return;
      }
      case "PutBucketVersioning": {
        if (bucketName === undefined) break;
        const b = requireBucket(bucketName);
        const status = /<Status>\s*(Enabled|Suspended)\s*<\/Status>/.exec(ctx.body.toString("utf8"))?.[1];
        if (status === "Enabled" || status === "Suspended") b.versioning = status;
        else
          throw new AwsError(
            400,
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema",
          );
        sendS3(ctx, 200, {});
        return;
      }
      case "GetBucketVersioning": {
        if (bucketName === undefined) break;
        const b = requireBucket(bucketName);
        sendS3(
          ctx,
          200,
          {},
          `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
            (b.versioning === undefined ? "" : leaf("Status", b.versioning)) +
            `</VersioningConfiguration>`,
        );
        return;
      }
      case "PutBucketNotificationConfiguration": {
        if (bucketName === undefined) break;
        const b = requireBucket(bucketName);
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
        return;
      }
      case "GetBucketNotificationConfiguration": {
        if (bucketName === undefined) break;
        const b = requireBucket(bucketName);
        sendS3(
          ctx,
          200,
          {},
          b.notification ??
            `<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></NotificationConfiguration>`,
        );
        return;
      }
      case "PutObject": {
        if (bucketName === undefined || key === undefined) break;
        const b = requireBucket(bucketName);
        const storageClass = headerValue(ctx.req, "x-amz-storage-class") ?? "STANDARD";
        if (!STORAGE_CLASSES.has(storageClass)) {
          throw new AwsError(400, "InvalidStorageClass", "The storage class you specified is not valid", {
            StorageClassRequested: storageClass,
          });
        }
        const md5 = headerValue(ctx.req, "content-md5");
        if (md5 !== undefined && md5 !== createHash("md5").update(ctx.body).digest("base64")) {
          throw new AwsError(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
        }
        let algorithm = "CRC64NVME";
        let checksum = computeChecksum(algorithm, ctx.body) ?? "";
        for (const c of CHECKSUMS) {
          const name = `x-amz-checksum-${c.name.toLowerCase()}`;
          const supplied = ctx.trailers[name] ?? headerValue(ctx.req, name);
          if (supplied === undefined) continue;
          const actual = c.compute(ctx.body).toString("base64");
          if (supplied !== actual) {
            throw new AwsError(400, "BadDigest", `The ${c.name} you specified did not match the calculated checksum.`);
          }
          algorithm = c.name;
          checksum = actual;
        }
        const version = storeObject(
          b,
          key,
          ctx.body,
          headerValue(ctx.req, "content-type") ?? "binary/octet-stream",
          storageClass,
          algorithm,
          checksum,
        );
        const headers: Record<string, string> = {
          ETag: version.etag,
          [`x-amz-checksum-${algorithm.toLowerCase()}`]: checksum,
          "x-amz-checksum-type": "FULL_OBJECT",
        };
        if (b.versioning !== undefined) headers["x-amz-version-id"] = version.versionId;
        sendS3(ctx, 200, headers);
        return;
      }
      case "GetObject":
      case "HeadObject": {
        if (bucketName === undefined || key === undefined) break;
        const b = requireBucket(bucketName);
        const version = findVersion(ctx, b, key);
        const withChecksum = headerValue(ctx.req, "x-amz-checksum-mode") === "ENABLED";
        sendRaw(ctx, 200, objectHeaders(version, b, withChecksum), version.body, version.body.length);
        return;
      }
      case "DeleteObject": {
        if (bucketName === undefined || key === undefined) break;
        const b = requireBucket(bucketName);
        const versionId = ctx.query.find(([k]) => k === "versionId")?.[1] ?? undefined;
        const versions = b.objects.get(key) ?? [];
        const headers: Record<string, string> = {};
        if (versionId !== undefined) {
          const idx = versions.findIndex((v) => v.versionId === versionId);
          const removed = idx >= 0 ? versions.splice(idx, 1)[0] : undefined;
          headers["x-amz-version-id"] = versionId;
          if (removed?.deleteMarker === true) headers["x-amz-delete-marker"] = "true";
        } else if (b.versioning === "Enabled") {
          const marker: ObjectVersion = {
            versionId: randomBytes(24).toString("base64url"),
            deleteMarker: true,
            body: Buffer.alloc(0),
            etag: "",
            contentType: "",
            lastModified: new Date(),
            storageClass: "STANDARD",
            checksumAlgorithm: "CRC64NVME",
            checksum: "",
          };
          versions.push(marker);
          headers["x-amz-version-id"] = marker.versionId;
          headers["x-amz-delete-marker"] = "true";
        } else {
          const idx = versions.findIndex((v) => v.versionId === "null");
          if (idx >= 0) versions.splice(idx, 1);
        }
        if (versions.length === 0) b.objects.delete(key);
        else b.objects.set(key, versions);
        sendS3(ctx, 204, headers);
        return;
      }
      case "GetObjectAttributes": {
        if (bucketName === undefined || key === undefined) break;
        const requested = (headerValue(ctx.req, "x-amz-object-attributes") ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== "");
        if (requested.length === 0) {
          throw new AwsError(400, "InvalidArgument", "Invalid attribute name specified.", {
            ArgumentName: "x-amz-object-attributes",
            ArgumentValue: "",
          });
        }
        const bad = requested.find((a) => !OBJECT_ATTRIBUTES.has(a));
        if (bad !== undefined) {
          throw new AwsError(400, "InvalidArgument", "Invalid attribute name specified.", {
            ArgumentName: "x-amz-object-attributes",
            ArgumentValue: bad,
          });
        }
        const b = requireBucket(bucketName);
        const version = findVersion(ctx, b, key);
        const want = new Set(requested);
        let xml = `<GetObjectAttributesResponse xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`;
        if (want.has("ETag")) xml += leaf("ETag", version.etag.replace(/"/g, ""));
        if (want.has("Checksum")) {
          xml += el(
            "Checksum",
            leaf(`Checksum${version.checksumAlgorithm}`, version.checksum) + leaf("ChecksumType", "FULL_OBJECT"),
          );
        }
        // ObjectParts is only returned for objects uploaded with multipart upload; this server has none.
        if (want.has("StorageClass")) xml += leaf("StorageClass", version.storageClass);
        if (want.has("ObjectSize")) xml += leaf("ObjectSize", String(version.body.length));
        xml += `</GetObjectAttributesResponse>`;
        const headers: Record<string, string> = { "Last-Modified": version.lastModified.toUTCString() };
        if (b.versioning !== undefined || version.versionId !== "null") headers["x-amz-version-id"] = version.versionId;
        sendS3(ctx, 200, headers, xml);
        return;
      }
      default:
        break;
    }
    throw new AwsError(501, "NotImplemented", "A header you provided implies functionality that is not implemented", {
      Action: target.action,
    });
  }

  // ----- STS -----

  function handleSts(ctx: Ctx, action: string): void {
    const version = ctx.form.get("Version");
    if (action === "GetCallerIdentity" && version === "2011-06-15") {
      sendQuery(
        ctx,
        action,
        leaf("Arn", `arn:aws:iam::${accountId}:user/tester`) + leaf("UserId", userId) + leaf("Account", accountId),
      );
      return;
    }
    if (action === "AssumeRole" && version === "2011-06-15") {
      const seconds =
        options.roleSessionSeconds?.[roleSessions.length] ?? Number(ctx.form.get("DurationSeconds") ?? 3600);
      const session = {
        accessKeyId: `ASIA${randomBytes(8).toString("hex").toUpperCase()}`,
        sessionToken: randomBytes(24).toString("base64"),
        expiration: new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000),
      };
      roleSessions.push(session);
      const roleArn = ctx.form.get("RoleArn") ?? "";
      sendQuery(
        ctx,
        action,
        el(
          "Credentials",
          leaf("AccessKeyId", session.accessKeyId) +
            leaf("SecretAccessKey", randomBytes(30).toString("base64")) +
            leaf("SessionToken", session.sessionToken) +
            leaf("Expiration", session.expiration.toISOString()),
        ) +
          el(
            "AssumedRoleUser",
            leaf("Arn", `${roleArn}/${ctx.form.get("RoleSessionName") ?? ""}`) +
              leaf("AssumedRoleId", `AROA${userId.slice(4)}:session`),
          ),
      );
      return;
    }
    throw new AwsError(
      400,
      "InvalidAction",
      `Could not find operation ${action} for version ${version ?? "NO_VERSION_SPECIFIED"}`,
    );
  }

  // ----- SNS -----

  function subscriptionMember(sub: SubscriptionState): string {
    return el(
      "member",
      leaf("SubscriptionArn", sub.confirmed ? sub.arn : "PendingConfirmation") +
        leaf("Owner", accountId) +
        leaf("Protocol", sub.protocol) +
        leaf("Endpoint", sub.endpoint) +
        leaf("TopicArn", sub.topicArn),
    );
  }

  function findSubscription(arn: string): { topic: TopicState; index: number } | undefined {
    for (const topic of topics.values()) {
      const index = topic.subscriptions.findIndex((s) => s.arn === arn);
      if (index >= 0) return { topic, index };
    }
    return undefined;
  }

  function handleSns(ctx: Ctx, action: string): void {
    if (ctx.form.get("Version") !== "2010-03-31") {
      throw new AwsError(
        400,
        "InvalidAction",
        `Could not find operation ${action} for version ${ctx.form.get("Version") ?? "NO_VERSION_SPECIFIED"}`,
      );
    }
    switch (action) {
      case "CreateTopic": {
        const name = requireParam(ctx, "Name");
        const attributes = readEntryMap(ctx.form, "Attributes") ?? {};
        const tags = readTagList(ctx.form, "Tags");
        const fifo = attributes["FifoTopic"] === "true";
        const nameOk =
          /^[A-Za-z0-9_-]{1,256}$/.test(fifo ? name.replace(/\.fifo$/, "") : name) && (!fifo || name.endsWith(".fifo"));
        if (!nameOk || name.length > 256) throw invalidParameter("Topic Name");
        for (const [k, v] of Object.entries(attributes)) validateTopicAttribute(k, v, true);
        const arn = topicArnFor(name);
        const existing = topics.get(arn);
        if (existing !== undefined) {
          for (const [k, v] of Object.entries(attributes)) {
            if (existing.attributes[k] !== v) {
              throw invalidParameter("Attributes Reason: Topic already exists with different attributes");
            }
          }
          if (tags !== undefined) {
            for (const [k, v] of Object.entries(tags)) {
              if (existing.tags[k] !== v)
                throw invalidParameter("Tags Reason: Topic already exists with different tags");
            }
          }
        } else {
          const topic: TopicState = {
            name,
            arn,
            attributes: {
              Policy: defaultTopicPolicy(arn, accountId),
              Owner: accountId,
              TopicArn: arn,
              DisplayName: "",
              EffectiveDeliveryPolicy: DEFAULT_EFFECTIVE_DELIVERY_POLICY,
              ...attributes,
            },
            subscriptions: [],
            tags: { ...(tags ?? {}) },
            deletedCount: 0,
          };
          topics.set(arn, topic);
        }
        sendQuery(ctx, action, leaf("TopicArn", arn));
        return;
      }
      case "GetTopicAttributes": {
        const topic = lookupTopic(requireParam(ctx, "TopicArn"));
        const all: Record<string, string> = {
          ...topic.attributes,
          SubscriptionsConfirmed: String(topic.subscriptions.filter((s) => s.confirmed).length),
          SubscriptionsPending: String(topic.subscriptions.filter((s) => !s.confirmed).length),
          SubscriptionsDeleted: String(topic.deletedCount),
        };
        const entries = Object.entries(all)
          .map(([k, v]) => el("entry", leaf("key", k) + leaf("value", v)))
          .join("");
        sendQuery(ctx, action, el("Attributes", entries));
        return;
      }
      case "SetTopicAttributes": {
        const topic = lookupTopic(requireParam(ctx, "TopicArn"));
        const name = requireParam(ctx, "AttributeName");
        const value = ctx.form.get("AttributeValue") ?? "";
        validateTopicAttribute(name, value, false);
        topic.attributes[name] = value;
        sendQuery(ctx, action, undefined);
        return;
      }
      case "Subscribe": {
        const topic = lookupTopic(requireParam(ctx, "TopicArn"));
        const protocol = requireParam(ctx, "Protocol");
        if (!SNS_PROTOCOLS.has(protocol))
          throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
        const endpoint = ctx.form.get("Endpoint") ?? "";
        if (endpoint === "") throw invalidParameter("Endpoint");
        if (
          (protocol === "http" && !/^http:\/\/\S+$/.test(endpoint)) ||
          (protocol === "https" && !/^https:\/\/\S+$/.test(endpoint)) ||
          ((protocol === "email" || protocol === "email-json") && !/^[^@\s]+@[^@\s]+$/.test(endpoint))
        ) {
          throw invalidParameter("Endpoint must match the specified protocol");
        }
        if (protocol === "sqs" && !/^arn:aws[a-z-]*:sqs:[^:]+:\d{12}:.+$/.test(endpoint))
          throw invalidParameter("SQS endpoint ARN");
        if (protocol === "lambda" && !/^arn:aws[a-z-]*:lambda:[^:]+:\d{12}:function:.+$/.test(endpoint)) {
          throw invalidParameter("Lambda endpoint ARN");
        }
        const returnArn = ctx.form.get("ReturnSubscriptionArn") === "true";
        const attributes = readEntryMap(ctx.form, "Attributes") ?? {};
        let sub = topic.subscriptions.find((s) => s.protocol === protocol && s.endpoint === endpoint);
        if (sub === undefined) {
          sub = {
            arn: `${topic.arn}:${randomUUID()}`,
            protocol,
            endpoint,
            confirmed: AUTO_CONFIRMED_PROTOCOLS.has(protocol),
            token: randomBytes(64).toString("hex"),
            topicArn: topic.arn,
            attributes,
          };
          topic.subscriptions.push(sub);
        }
        sendQuery(ctx, action, leaf("SubscriptionArn", sub.confirmed || returnArn ? sub.arn : "pending confirmation"));
        return;
      }
      case "ConfirmSubscription": {
        const topic = lookupTopic(requireParam(ctx, "TopicArn"));
        const token = requireParam(ctx, "Token");
        const sub = topic.subscriptions.find((s) => s.token === token);
        if (sub === undefined) throw invalidParameter("Token");
        sub.confirmed = true;
        sendQuery(ctx, action, leaf("SubscriptionArn", sub.arn));
        return;
      }
      case "Unsubscribe": {
        const arn = requireParam(ctx, "SubscriptionArn");
        const parts = arn.split(":");
        if (parts.length !== 7 || parts[0] !== "arn" || parts[2] !== "sns") throw invalidParameter("SubscriptionArn");
        const found = findSubscription(arn);
        if (found === undefined) throw new AwsError(404, "NotFound", "Subscription does not exist");
        found.topic.subscriptions.splice(found.index, 1);
        found.topic.deletedCount += 1;
        sendQuery(ctx, action, undefined);
        return;
      }
      case "ListSubscriptionsByTopic": {
        const topic = lookupTopic(requireParam(ctx, "TopicArn"));
        const { page, next } = paginate(topic.subscriptions, ctx.form.get("NextToken"));
        sendQuery(
          ctx,
          action,
          el("Subscriptions", page.map(subscriptionMember).join("")) +
            (next === undefined ? "" : leaf("NextToken", next)),
        );
        return;
      }
      case "ListTopics": {
        const { page, next } = paginate([...topics.values()], ctx.form.get("NextToken"));
        sendQuery(
          ctx,
          action,
          el("Topics", page.map((t) => el("member", leaf("TopicArn", t.arn))).join("")) +
            (next === undefined ? "" : leaf("NextToken", next)),
        );
        return;
      }
      case "DeleteTopic": {
        // As on AWS, deleting a topic that does not exist is not an error.
        const arn = requireParam(ctx, "TopicArn");
        const parts = arn.split(":");
        if (parts.length !== 6 || parts[0] !== "arn" || parts[2] !== "sns") throw invalidParameter("TopicArn");
        topics.delete(arn);
        sendQuery(ctx, action, undefined);
        return;
      }
      case "ListTagsForResource": {
        const arn = requireParam(ctx, "ResourceArn");
        const topic = topics.get(arn);
        if (topic === undefined) throw new AwsError(404, "ResourceNotFound", "Resource does not exist");
        const members = Object.entries(topic.tags)
          .map(([k, v]) => el("member", leaf("Key", k) + leaf("Value", v)))
          .join("");
        sendQuery(ctx, action, el("Tags", members));
        return;
      }
      default:
        throw new AwsError(400, "InvalidAction", `The action ${action} is not valid for this web service.`);
    }
  }

  // ----- dispatch -----

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = req.url ?? "/";
    const qIdx = url.indexOf("?");
    const rawPath = qIdx < 0 ? url : url.slice(0, qIdx);
    const rawQuery = qIdx < 0 ? "" : url.slice(qIdx + 1);
    const authHeader = headerValue(req, "authorization");
    const auth = authHeader === undefined ? undefined : parseAuthorization(authHeader);

    const ctx: Ctx = {
      req,
      res,
      service: "s3",
      method: req.method ?? "GET",
      rawPath,
      query: [],
      body: rawBody,
      rawBody,
      trailers: {},
      form: new Map(),
      requestId: s3RequestId(),
    };

    // Query-protocol parameters (form body and query string).
    const contentType = headerValue(req, "content-type") ?? "";
    const formPairs: Array<[string, string]> = [];
    try {
      ctx.query = parseRawQuery(rawQuery);
    } catch {
      sendError(ctx, new AwsError(400, "InvalidURI", "Couldn't parse the specified URI."));
      return;
    }
    for (const [k, v] of ctx.query) formPairs.push([k, v ?? ""]);
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      for (const [k, v] of new URLSearchParams(rawBody.toString("utf8"))) formPairs.push([k, v]);
    }
    for (const [k, v] of formPairs) ctx.form.set(k, v);

    // Service: from the credential scope, else guessed from the request shape.
    if (auth !== undefined && isService(auth.service)) {
      ctx.service = auth.service;
    } else {
      const version = ctx.form.get("Version");
      ctx.service = version === "2011-06-15" ? "sts" : version === "2010-03-31" ? "sns" : "s3";
    }
    if (ctx.service !== "s3") {
      ctx.requestId = randomUUID();
    }

    // aws-chunked payloads (S3 streaming uploads).
    const contentSha = headerValue(req, "x-amz-content-sha256") ?? "";
    if (ctx.service === "s3" && contentSha.startsWith("STREAMING-")) {
      const decoded = decodeAwsChunked(rawBody);
      if (decoded === undefined) {
        sendError(ctx, new AwsError(400, "IncompleteBody", "The request body terminated unexpectedly"));
        return;
      }
      ctx.body = decoded.payload;
      ctx.trailers = decoded.trailers;
    }

    let action: string;
    let s3: S3Target | undefined;
    if (ctx.service === "s3") {
      try {
        s3 = s3Target(ctx);
      } catch {
        requests.push({ service: "s3", action: "InvalidURI", params: {} });
        sendError(ctx, new AwsError(400, "InvalidURI", "Couldn't parse the specified URI."));
        return;
      }
      action = s3.action;
      requests.push({ service: "s3", action, params: s3Params(ctx, s3) });
    } else {
      action = ctx.form.get("Action") ?? "";
      const params: Record<string, string> = {};
      for (const [k, v] of formPairs) if (k !== "Action" && k !== "Version") params[k] = v;
      requests.push({ service: ctx.service, action, params });
    }

    try {
      if (auth !== undefined && !isService(auth.service)) {
        throw new AwsError(400, "InvalidRequest", `Unsupported service in credential scope: ${auth.service}`);
      }
      await authenticate(ctx, auth, authHeader);
      if (ctx.service === "s3" && s3 !== undefined) handleS3(ctx, s3);
      else if (ctx.service === "sts") handleSts(ctx, action);
      else handleSns(ctx, action);
    } catch (err) {
      if (err instanceof AwsError) sendError(ctx, err);
      else sendError(ctx, new AwsError(500, ctx.service === "s3" ? "InternalError" : "InternalFailure", String(err)));
    }
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end(String(err));
      } else {
        res.destroy();
      }
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fakeAws: unexpected server address");
  const port = address.port;

  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    roleSessions,
    accessKeyId,
    secretAccessKey,
    accountId,
    requests,
    topics,
    putObject(bucket, key, body, opts = {}) {
      const b = buckets.get(bucket) ?? createBucketState(bucket);
      const storageClass = opts.storageClass ?? "STANDARD";
      if (!STORAGE_CLASSES.has(storageClass))
        throw new Error(`fakeAws.putObject: invalid storage class ${storageClass}`);
      storeObject(
        b,
        key,
        body,
        opts.contentType ?? "binary/octet-stream",
        storageClass,
        "CRC64NVME",
        computeChecksum("CRC64NVME", body) ?? "",
      );
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
