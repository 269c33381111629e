/**
 * Drives the component the way the platform does: through spectral's harness, so input
 * cleaning, defaults and the error hook all run. Connections point at the test S3 server.
 */
import { createHash } from "node:crypto";
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import type { Connection } from "@prismatic-io/spectral";
import { createConnection, createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../../src";
import { apiKeySecret, awsAssumeRole } from "../../src/connections";
import { testTarget, uniqueBucketName } from "./target";

export const harness = createHarness(component);

function asConnection(key: string, fields: Record<string, unknown>): Connection {
  const value = createConnection({ key, display: { label: key, description: key }, inputs: {} }, fields);
  return { key: value.key, configVarKey: value.configVarKey ?? key, fields: value.fields };
}

export function keyConnection(overrides: Record<string, string> = {}): Connection {
  const target = testTarget();
  return asConnection(apiKeySecret.key, {
    accessKeyId: target.accessKeyId,
    secretAccessKey: target.secretAccessKey,
    sessionToken: target.sessionToken ?? "",
    endpoint: target.endpoint ?? "",
    forcePathStyle: target.endpoint ? "true" : "false",
    ...overrides,
  });
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

/** A plain SDK client, independent of the component, to check what really is on the server. */
export function verifierS3(): S3Client {
  const target = testTarget();
  return new S3Client({
    region: target.region,
    endpoint: target.endpoint,
    forcePathStyle: Boolean(target.endpoint),
    credentials: {
      accessKeyId: target.accessKeyId,
      secretAccessKey: target.secretAccessKey,
      sessionToken: target.sessionToken,
    },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export const sha256 = (data: Buffer | string): string => createHash("sha256").update(data).digest("hex");

/** The bytes getObject hands to the next step (its result's data). */
export function bytesOf(result: unknown): Buffer {
  if (typeof result === "object" && result !== null && "data" in result && Buffer.isBuffer(result.data))
    return result.data;
  throw new Error("no bytes in the result");
}

/** The key of an action's connection input: accessKey, or awsConnection on the SNS actions. */
export function connectionKeyOf(actionKey: string): string {
  return component.actions[actionKey]?.inputs.find((input) => input.type === "connection")?.key ?? "accessKey";
}

/** What an AWS-backed result holds: these fields, and the SDK's $metadata (status, request id), as the official component's results do. */
export function aws(fields: Record<string, unknown>, httpStatusCode = 200): Record<string, unknown> {
  return {
    $metadata: expect.objectContaining({ httpStatusCode, requestId: expect.any(String), attempts: expect.any(Number) }),
    ...fields,
  };
}

/** Runs an action through the harness with the test connection and region unless given. */
export async function run(actionKey: string, params: Record<string, unknown>) {
  return harness.action(actionKey, { [connectionKeyOf(actionKey)]: keyConnection(), awsRegion: region(), ...params });
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

const created: string[] = [];

/** A fresh bucket for one test file; removed with everything in it by `removeBuckets`. */
export async function newBucket(prefix = "t"): Promise<string> {
  const name = uniqueBucketName(prefix);
  await run("createBucket", { bucket: name });
  created.push(name);
  return name;
}

export async function emptyBucket(s3: S3Client, bucket: string): Promise<void> {
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionMarker }),
    );
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map(({ Key, VersionId }) => ({
      Key,
      VersionId,
    }));
    if (objects.length > 0)
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
}

export async function removeBuckets(): Promise<void> {
  const s3 = verifierS3();
  for (const name of created.splice(0)) {
    await emptyBucket(s3, name).catch(() => undefined);
    await s3.send(new DeleteBucketCommand({ Bucket: name })).catch(() => undefined);
  }
  s3.destroy();
}
