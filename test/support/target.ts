/**
 * The S3 server the integration tests talk to, as described by test/integration/globalSetup.ts:
 * either a throwaway Ceph RADOS Gateway it started, or an external S3 named by S3_ENDPOINT.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { isRecord } from "../../src/glue/guards";

export interface TestTarget {
  /** e.g. http://127.0.0.1:PORT; clients use path-style addressing. */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** A role the credentials may assume through STS on the same endpoint, when there is one. */
  roleArn?: string;
  /** True when the target came from S3_ENDPOINT rather than a local Ceph started for the run. */
  external: boolean;
  /** Another user's keys, which cannot read the first user's buckets, when there is one. */
  secondUser?: { accessKeyId: string; secretAccessKey: string };
}

/** The environment variable through which globalSetup tells the test workers where to look. */
export const TEST_S3_TARGET_FILE = "TEST_S3_TARGET_FILE";

/** Checks the JSON written by globalSetup field by field (it is read back in another process). */
export function parseTestTarget(value: unknown, source: string): TestTarget {
  if (!isRecord(value)) throw new Error(`${source}: expected a JSON object`);
  const text = (key: string): string => {
    const field = value[key];
    if (typeof field !== "string" || field === "") {
      throw new Error(`${source}: "${key}" must be a non-empty string`);
    }
    return field;
  };
  const optionalText = (key: string): string | undefined =>
    value[key] === undefined || value[key] === null ? undefined : text(key);
  const external = value.external;
  if (typeof external !== "boolean") throw new Error(`${source}: "external" must be a boolean`);
  const target: TestTarget = {
    endpoint: text("endpoint"),
    region: text("region"),
    accessKeyId: text("accessKeyId"),
    secretAccessKey: text("secretAccessKey"),
    external,
  };
  const sessionToken = optionalText("sessionToken");
  if (sessionToken !== undefined) target.sessionToken = sessionToken;
  const roleArn = optionalText("roleArn");
  if (roleArn !== undefined) target.roleArn = roleArn;
  const secondUser = value.secondUser;
  if (secondUser !== undefined && secondUser !== null) {
    if (!isRecord(secondUser)) throw new Error(`${source}: "secondUser" must be an object`);
    const { accessKeyId, secretAccessKey } = secondUser;
    if (typeof accessKeyId !== "string" || accessKeyId === "") {
      throw new Error(`${source}: "secondUser.accessKeyId" must be a non-empty string`);
    }
    if (typeof secretAccessKey !== "string" || secretAccessKey === "") {
      throw new Error(`${source}: "secondUser.secretAccessKey" must be a non-empty string`);
    }
    target.secondUser = { accessKeyId, secretAccessKey };
  }
  return target;
}

let cached: TestTarget | undefined;

/** The S3 server of this test run. */
export function testTarget(): TestTarget {
  if (cached !== undefined) return cached;
  const file = process.env[TEST_S3_TARGET_FILE];
  if (file === undefined || file === "") {
    throw new Error(
      `${TEST_S3_TARGET_FILE} is not set: run the test through jest's integration project, whose globalSetup ` +
        "(test/integration/globalSetup.ts) starts the S3 server or takes it from S3_ENDPOINT; the unit project " +
        "(test/unit) has no S3 server",
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot read the test S3 target from ${file}: ${reason}`);
  }
  cached = parseTestTarget(parsed, file);
  return cached;
}

const MAX_BUCKET_NAME = 63;

/**
 * A fresh, valid S3 bucket name starting with (a cleaned-up) `prefix`: lowercase letters, digits
 * and hyphens, 3 to 63 characters, ending in a time stamp and random characters.
 */
export function uniqueBucketName(prefix: string): string {
  const suffix = Date.now().toString(36) + "-" + crypto.randomBytes(5).toString("hex"); // 8 + 1 + 10 chars
  let head = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+/, "");
  // names starting with these are reserved by S3
  if (head.startsWith("xn-") || head.startsWith("sthree-")) head = `t-${head}`;
  head = head.slice(0, MAX_BUCKET_NAME - suffix.length - 1).replace(/-+$/, "");
  return `${head === "" ? "test" : head}-${suffix}`;
}
