/**
 * Drives the component the way the platform does: through spectral's harness, so input
 * cleaning, defaults and the error hook all run. Connections point at the test S3 server.
 */
import { createHash } from "node:crypto";
import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
  PutObjectLegalHoldCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import type { Connection } from "@prismatic-io/spectral";
import { createConnection, createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../../src";
import { apiKeySecret, awsAssumeRole } from "../../src/connections";
import { isRecord } from "../../src/glue/guards";
import { match } from "./matchers";
import { testTarget, uniqueBucketName } from "./target";

export const harness = createHarness(component);

function asConnection(key: string, fields: Record<string, unknown>): Connection {
  const value = createConnection({ key, display: { label: key, description: key }, inputs: {} }, fields);
  return { key: value.key, configVarKey: value.configVarKey ?? key, fields: value.fields };
}

/** Access keys of a user of the test S3 server. */
interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The test target's second user, for tests between two connections that cannot see each other's buckets. */
function secondUser(): Keys {
  const user = testTarget().secondUser;
  if (user === undefined) {
    throw new Error(
      "The test target has no second user (set AWS_SECOND_ACCESS_KEY_ID and AWS_SECOND_SECRET_ACCESS_KEY).",
    );
  }
  return user;
}

function keyConnectionWith(keys: Keys, overrides: Record<string, string>): Connection {
  const target = testTarget();
  return asConnection(apiKeySecret.key, {
    accessKeyId: keys.accessKeyId,
    secretAccessKey: keys.secretAccessKey,
    sessionToken: keys.sessionToken ?? "",
    endpoint: target.endpoint ?? "",
    forcePathStyle: target.endpoint ? "true" : "false",
    ...overrides,
  });
}

export function keyConnection(overrides: Record<string, string> = {}): Connection {
  return keyConnectionWith(testTarget(), overrides);
}

/** Like keyConnection, with the second user's keys: it cannot read the first user's buckets. */
export function secondKeyConnection(overrides: Record<string, string> = {}): Connection {
  return keyConnectionWith(secondUser(), overrides);
}

export function roleConnection(overrides: Record<string, string> = {}): Connection {
  const target = testTarget();
  if (!target.roleArn) throw new Error("The test target has no role to assume (set AWS_ROLE_ARN).");
  return asConnection(awsAssumeRole.key, {
    roleARN: target.roleArn,
    accessKeyId: target.accessKeyId,
    secretAccessKey: target.secretAccessKey,
    endpoint: target.endpoint ?? "",
    forcePathStyle: target.endpoint ? "true" : "false",
    ...overrides,
  });
}

/** A role connection whose STS is our own AWS endpoint (test/support/fakeAws), which hands out sessions of chosen lengths. */
export function fakeAwsRoleConnection(
  server: { endpoint: string; accessKeyId: string; secretAccessKey: string },
  overrides: Record<string, string> = {},
): Connection {
  return asConnection(awsAssumeRole.key, {
    roleARN: "arn:aws:iam::123456789012:role/presigning",
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    endpoint: server.endpoint,
    forcePathStyle: "true",
    ...overrides,
  });
}

/** A connection to our own AWS endpoint (test/support/fakeAws), for the calls Ceph lacks. */
export function fakeAwsConnection(server: {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}): Connection {
  return asConnection(apiKeySecret.key, {
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    endpoint: server.endpoint,
    forcePathStyle: "true",
  });
}

export const region = (): string => testTarget().region;

function s3With(keys: Keys): S3Client {
  const target = testTarget();
  return new S3Client({
    region: target.region,
    endpoint: target.endpoint,
    forcePathStyle: Boolean(target.endpoint),
    credentials: {
      accessKeyId: keys.accessKeyId,
      secretAccessKey: keys.secretAccessKey,
      sessionToken: keys.sessionToken,
    },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** A plain SDK client, independent of the component, to check what really is on the server. */
export function verifierS3(): S3Client {
  return s3With(testTarget());
}

/** Like verifierS3, with the second user's keys. */
export function secondVerifierS3(): S3Client {
  return s3With(secondUser());
}

/** A plain SNS client on the test server (Ceph's SNS-compatible API on the gateway's endpoint), to set up and check topics. */
export function verifierSns(): SNSClient {
  const target = testTarget();
  return new SNSClient({
    region: target.region,
    endpoint: target.endpoint,
    credentials: {
      accessKeyId: target.accessKeyId,
      secretAccessKey: target.secretAccessKey,
      sessionToken: target.sessionToken,
    },
  });
}

export const sha256 = (data: Buffer | string): string => createHash("sha256").update(data).digest("hex");

/** The bytes getObject hands to the next step (its result's data). */
export function bytesOf(result: unknown): Buffer {
  if (typeof result === "object" && result !== null && "data" in result && Buffer.isBuffer(result.data))
    return result.data;
  throw new Error("no bytes in the result");
}

/** The URL a presigning action returned: generatePresignedUrl's result is the URL itself, generatePresignedUrlDetailed's holds it in url. */
export function urlOf(data: unknown): string {
  if (typeof data === "string") return data;
  if (typeof data === "object" && data !== null && "url" in data && typeof data.url === "string") return data.url;
  throw new Error("no url in the result");
}

/** The multipart uploads in progress in `bucket` (under `prefix`), as the component's listMultipartUploads lists them. */
export async function uploadsInProgress(bucket: string, prefix?: string): Promise<unknown[]> {
  const result = await run("listMultipartUploads", { bucket, ...(prefix === undefined ? {} : { prefix }) });
  const data: unknown = result?.data;
  if (!isRecord(data) || !Array.isArray(data.Uploads)) throw new Error("listMultipartUploads returned no Uploads");
  const uploads: unknown[] = data.Uploads;
  return uploads;
}

/** The key of an action's connection input: accessKey, or awsConnection on the SNS actions. */
export function connectionKeyOf(actionKey: string): string {
  return component.actions[actionKey]?.inputs.find((input) => input.type === "connection")?.key ?? "accessKey";
}

/** What an AWS-backed result holds: these fields, and the SDK's $metadata (status, request id), as the official component's results do. */
export function aws(fields: Record<string, unknown>, httpStatusCode = 200): Record<string, unknown> {
  return {
    $metadata: match.objectContaining({ httpStatusCode, requestId: match.any(String), attempts: match.any(Number) }),
    ...fields,
  };
}

/**
 * Runs an action through the harness with the test connection and region unless given; a
 * step given both (say, a connection to the fake AWS endpoint) does not need the test S3.
 */
export async function run(actionKey: string, params: Record<string, unknown>) {
  const connectionKey = connectionKeyOf(actionKey);
  return harness.action(actionKey, {
    ...(connectionKey in params ? {} : { [connectionKey]: keyConnection() }),
    ...("awsRegion" in params ? {} : { awsRegion: region() }),
    ...params,
  });
}

/** The message of the error an action throws (fails the test if it does not throw). */
export async function failure(actionKey: string, params: Record<string, unknown>): Promise<Error> {
  try {
    await run(actionKey, params);
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error(`${actionKey} was expected to fail but succeeded`);
}

/** Whose keys a test bucket is removed with: the bucket's owner, as no other user may empty it. */
export type BucketOwner = "first" | "second";

const created: { name: string; owner: BucketOwner }[] = [];

/**
 * Has `removeBuckets` remove the bucket `name`, made some other way (by a trigger, the runner, a
 * plain SDK call), with the keys of its `owner`.
 */
export function removeAfterTests(name: string, owner: BucketOwner = "first"): string {
  // fails here, clearly, rather than in the clean-up when there is no second user
  if (owner === "second") secondUser();
  created.push({ name, owner });
  return name;
}

/** Creates the bucket `name` with the component's createBucket; `removeBuckets` removes it with everything in it. */
async function createTestBucket(name: string, options: { objectLockEnabled?: boolean } = {}): Promise<string> {
  await run("createBucket", { bucket: name, ...options });
  return removeAfterTests(name);
}

/** A fresh bucket for one test (or a beforeAll); removed with everything in it by `removeBuckets`. */
export async function newBucket(prefix = "t"): Promise<string> {
  return createTestBucket(uniqueBucketName(prefix));
}

/** Deletes `objects` from `bucket`, lifting legal holds and bypassing GOVERNANCE retention where S3 refuses; returns how many went. */
async function deleteVersions(s3: S3Client, bucket: string, objects: ObjectIdentifier[]): Promise<number> {
  const { Errors } = await s3.send(
    new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
  );
  let kept = 0;
  for (const { Key, VersionId } of Errors ?? []) {
    await s3
      .send(new PutObjectLegalHoldCommand({ Bucket: bucket, Key, VersionId, LegalHold: { Status: "OFF" } }))
      .catch(() => undefined);
    const deleted = await s3
      .send(new DeleteObjectCommand({ Bucket: bucket, Key, VersionId, BypassGovernanceRetention: true }))
      .then(
        () => true,
        () => false,
      );
    if (!deleted) kept += 1;
  }
  return objects.length - kept;
}

/** Every version and delete marker in `bucket`, from all pages of the listing. */
async function listAllVersions(s3: S3Client, bucket: string): Promise<ObjectIdentifier[]> {
  const objects: ObjectIdentifier[] = [];
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionMarker }),
    );
    for (const { Key, VersionId } of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
      objects.push({ Key, VersionId });
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  return objects;
}

/** DeleteObjects takes at most 1000 keys a request. */
const DELETE_BATCH = 1000;
/** Enough requests at once to keep the server busy without flooding it. */
const DELETES_IN_FLIGHT = 4;

/**
 * Deletes every version and delete marker in `bucket`. A version that Object Lock protects has
 * its legal hold lifted and its GOVERNANCE retention bypassed (COMPLIANCE retention cannot be).
 * Each pass lists the whole bucket first, then deletes in batches, several requests at once.
 * A listing resumed from a marker naming a version deleted meanwhile may skip that key's other
 * versions (Ceph's does), and versions may still arrive during a pass, so passes go on until
 * one deletes nothing.
 */
export async function emptyBucket(s3: S3Client, bucket: string): Promise<void> {
  for (let deletedInPass = true; deletedInPass; ) {
    deletedInPass = false;
    const objects = await listAllVersions(s3, bucket);
    const batches: ObjectIdentifier[][] = [];
    for (let i = 0; i < objects.length; i += DELETE_BATCH) batches.push(objects.slice(i, i + DELETE_BATCH));
    // each worker takes the next batch until none is left
    const worker = async (): Promise<void> => {
      for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
        if ((await deleteVersions(s3, bucket, batch)) > 0) deletedInPass = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(DELETES_IN_FLIGHT, batches.length) }, worker));
  }
}

export async function removeBuckets(): Promise<void> {
  const clients = new Map<BucketOwner, S3Client>();
  for (const { name, owner } of created.splice(0)) {
    let s3 = clients.get(owner);
    if (s3 === undefined) {
      s3 = owner === "second" ? secondVerifierS3() : verifierS3();
      clients.set(owner, s3);
    }
    await emptyBucket(s3, name).catch(() => undefined);
    await s3.send(new DeleteBucketCommand({ Bucket: name })).catch(() => undefined);
  }
  for (const s3 of clients.values()) s3.destroy();
}

let fileVerifier: S3Client | undefined;

/**
 * The test file's verifier (`verifierS3`). The first call, at the top of a test file, registers
 * the afterAll that removes every bucket the file made (`newBucket`, `useTestBucket`,
 * `removeAfterTests`) with everything in it, and then closes the client: the file's own
 * afterAll hooks run later, and use the verifier no more. Removing many objects takes time:
 * `removalTimeoutMs` raises that hook's timeout.
 */
export function useVerifier(options: { removalTimeoutMs?: number } = {}): S3Client {
  if (fileVerifier !== undefined) return fileVerifier;
  const verifier = verifierS3();
  fileVerifier = verifier;
  afterAll(async () => {
    await removeBuckets();
    verifier.destroy();
    fileVerifier = undefined;
  }, options.removalTimeoutMs);
  return verifier;
}

export interface TestBucket {
  /** The bucket's name, known at once; the bucket exists from the file's first beforeAll on. */
  bucket: string;
  /** The file's verifier, to put objects in place and check what the component did. */
  verifier: S3Client;
}

/**
 * The set-up most test files share: a unique bucket named after `prefix`, created (with the
 * component's createBucket, with Object Lock if asked) before the file's tests and emptied and
 * removed after them, and the file's verifier. Call it at the top of a test file, before the
 * file's own hooks.
 */
export function useTestBucket(prefix: string, options: { objectLockEnabled?: boolean } = {}): TestBucket {
  const verifier = useVerifier();
  const bucket = uniqueBucketName(prefix);
  beforeAll(async () => {
    await createTestBucket(bucket, options);
  });
  return { bucket, verifier };
}
