/**
 * Why Object Lock kept a version a delete was refused for, read from that version itself (its
 * legal hold, and its retention mode and date), and what would lift each hold. S3 reports such a
 * refusal as a bare AccessDenied, which is also what a missing permission looks like.
 */
import { GetObjectLegalHoldCommand, GetObjectRetentionCommand, type S3Client } from "@aws-sdk/client-s3";
import { describeAwsError } from "../../aws/errors";

export interface LockedVersion {
  Bucket: string;
  Key: string;
  VersionId: string;
}

/**
 * No legal hold or retention on the version: Ceph answers with the bucket-level code, AWS with
 * InvalidRequest ("Bucket is missing Object Lock Configuration") when the bucket has no Object Lock.
 */
const NOT_SET = new Set(["NoSuchObjectLockConfiguration", "ObjectLockConfigurationNotFoundError", "InvalidRequest"]);

type Reading<T> = { value: T } | { unreadable: string };

async function read<T>(request: () => Promise<T>): Promise<Reading<T | undefined>> {
  try {
    return { value: await request() };
  } catch (error) {
    const { code } = describeAwsError(error);
    return NOT_SET.has(code) ? { value: undefined } : { unreadable: code };
  }
}

/**
 * The holds on the version and how to lift each, or undefined when it has none that still holds.
 * `bypassed`: the delete already asked to bypass GOVERNANCE retention.
 */
export async function lockHolds(
  s3: S3Client,
  version: LockedVersion,
  bypassed: boolean,
  now = Date.now(),
): Promise<string | undefined> {
  const [legalHold, retention] = await Promise.all([
    read(async () => (await s3.send(new GetObjectLegalHoldCommand(version))).LegalHold?.Status),
    read(async () => (await s3.send(new GetObjectRetentionCommand(version))).Retention),
  ]);
  const holds: string[] = [];
  if ("value" in legalHold && legalHold.value === "ON") {
    holds.push(
      "a legal hold: turn it off with putObjectLegalHold (Legal Hold Status OFF) for this version, then delete again",
    );
  }
  const retained = "value" in retention ? retention.value : undefined;
  const until = retained?.RetainUntilDate;
  if (until !== undefined && until.getTime() > now) {
    const date = until.toISOString();
    if (retained?.Mode === "COMPLIANCE") {
      holds.push(`COMPLIANCE retention until ${date}: no one can shorten or remove it; delete the version after then`);
    } else if (retained?.Mode === "GOVERNANCE") {
      holds.push(
        bypassed
          ? `GOVERNANCE retention until ${date}, which Bypass Governance Retention was on for: the credentials also need s3:BypassGovernanceRetention (or wait until then)`
          : `GOVERNANCE retention until ${date}: run again with Bypass Governance Retention (bypassGovernanceRetention) on, which needs s3:BypassGovernanceRetention, or wait until then`,
      );
    }
  }
  const unreadable = [legalHold, retention].flatMap((reading) => ("unreadable" in reading ? [reading.unreadable] : []));
  if (holds.length > 0) return `Object Lock holds this version: ${holds.join("; ")}.`;
  if (unreadable.length > 0) {
    return `If Object Lock holds this version, its lock could not be read (${unreadable.join(", ")}): grant s3:GetObjectLegalHold and s3:GetObjectRetention to see which.`;
  }
  return undefined;
}
