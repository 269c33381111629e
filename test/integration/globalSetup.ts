/**
 * Jest globalSetup: provides the S3 server for the whole test run.
 *
 * - With S3_ENDPOINT set, the tests use that server (credentials from AWS_ACCESS_KEY_ID,
 *   AWS_SECRET_ACCESS_KEY and optionally AWS_SESSION_TOKEN; region AWS_REGION or us-east-1; a
 *   role to assume from AWS_ROLE_ARN, optional; a second user's keys, which must not be able to
 *   read the first user's buckets, from AWS_SECOND_ACCESS_KEY_ID and AWS_SECOND_SECRET_ACCESS_KEY,
 *   used when both are set) and nothing is started.
 * - Otherwise a throwaway Ceph RADOS Gateway (in-memory store) is started on free ports of
 *   127.0.0.1, installing Ceph first when running as root on Debian.
 *
 * The target is written to a JSON file whose path goes to the test workers in
 * TEST_S3_TARGET_FILE (workers inherit this process's environment); test/support/target.ts
 * reads it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { LocalS3 } from "../../tools/ceph";
import { ensureCephInstalled, startCeph } from "../../tools/ceph";
import type { TestTarget } from "../support/target";
import { TEST_S3_TARGET_FILE } from "../support/target";

/** What globalTeardown needs; globalSetup and globalTeardown run in the same process. */
export interface TestS3State {
  /** Temporary directory holding the target file and the local cluster's state. */
  dir: string;
  /** The local Ceph, when one was started. */
  server: LocalS3 | undefined;
  target: TestTarget;
  /** Where every test worker's debug log lines go (AWS_S3_DEBUG_FILE). */
  debugLogFile: string;
}

declare global {
  var __awsS3TestState: TestS3State | undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function externalTarget(endpoint: string): TestTarget {
  const accessKeyId = nonEmpty(process.env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(process.env.AWS_SECRET_ACCESS_KEY);
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new Error(
      `S3_ENDPOINT is set (${endpoint}), so the tests use that S3 server, but ` +
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set",
    );
  }
  const target: TestTarget = {
    endpoint,
    region: nonEmpty(process.env.AWS_REGION) ?? "us-east-1",
    accessKeyId,
    secretAccessKey,
    external: true,
  };
  const sessionToken = nonEmpty(process.env.AWS_SESSION_TOKEN);
  if (sessionToken !== undefined) target.sessionToken = sessionToken;
  const roleArn = nonEmpty(process.env.AWS_ROLE_ARN);
  if (roleArn !== undefined) target.roleArn = roleArn;
  const secondAccessKeyId = nonEmpty(process.env.AWS_SECOND_ACCESS_KEY_ID);
  const secondSecretAccessKey = nonEmpty(process.env.AWS_SECOND_SECRET_ACCESS_KEY);
  if (secondAccessKeyId !== undefined && secondSecretAccessKey !== undefined) {
    target.secondUser = { accessKeyId: secondAccessKeyId, secretAccessKey: secondSecretAccessKey };
  }
  return target;
}

export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-s3-test-"));
  const endpoint = nonEmpty(process.env.S3_ENDPOINT);
  let server: LocalS3 | undefined;
  let target: TestTarget;
  if (endpoint !== undefined) {
    target = externalTarget(endpoint);
    process.stderr.write(`Tests use the S3 server at ${endpoint} (S3_ENDPOINT)\n`);
  } else {
    try {
      await ensureCephInstalled();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `${reason}\nAlternatively, run the tests against another S3 server: set S3_ENDPOINT ` +
          "(plus AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optionally AWS_ROLE_ARN).",
      );
    }
    const baseDir = path.join(dir, "ceph");
    try {
      server = await startCeph({
        baseDir,
        store: "memstore",
        log: (line) => process.stderr.write(`${line}\n`),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Starting the local S3 server failed (state and logs in ${baseDir}):\n${reason}`);
    }
    target = {
      endpoint: server.endpoint,
      region: server.region,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      roleArn: server.roleArn,
      secondUser: server.secondUser,
      external: false,
    };
  }
  const targetFile = path.join(dir, "target.json");
  fs.writeFileSync(targetFile, `${JSON.stringify(target, null, 2)}\n`, { mode: 0o600 });
  process.env[TEST_S3_TARGET_FILE] = targetFile;
  // The whole suite runs with debug logging on; teardown checks that no secret reached it.
  const debugLogFile = path.join(dir, "debug.log");
  fs.writeFileSync(debugLogFile, "");
  process.env.AWS_S3_DEBUG_FILE = debugLogFile;
  globalThis.__awsS3TestState = { dir, server, target, debugLogFile };
}
