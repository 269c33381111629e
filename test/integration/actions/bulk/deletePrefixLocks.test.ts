/**
 * deletePrefix in an Object Lock bucket against Ceph (which enforces Object Lock): a version
 * under a legal hold, one under GOVERNANCE and one under COMPLIANCE retention are kept and
 * listed in Failures saying which lock holds each and what would lift it; doing what the
 * failure says then deletes the version.
 */
import { ListObjectVersionsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { isRecord } from "../../../../src/glue/guards";
import { run, useTestBucket } from "../../../support/harness";

const { bucket: locked, verifier: s3 } = useTestBucket("delete-locks", { objectLockEnabled: true });

interface Failure {
  Key: string;
  VersionId?: string;
  Code: string;
  Message: string;
}

function failuresOf(value: unknown): { Done: unknown; Counts: unknown; Failures: Failure[] } {
  if (!isRecord(value) || !isRecord(value.data) || !Array.isArray(value.data.Failures))
    throw new Error("no result data");
  const Failures = value.data.Failures.flatMap((entry: unknown): Failure[] =>
    isRecord(entry) &&
    typeof entry.Key === "string" &&
    typeof entry.Code === "string" &&
    typeof entry.Message === "string"
      ? [
          {
            Key: entry.Key,
            Code: entry.Code,
            Message: entry.Message,
            VersionId: typeof entry.VersionId === "string" ? entry.VersionId : undefined,
          },
        ]
      : [],
  );
  return { Done: value.data.Done, Counts: value.data.Counts, Failures };
}

async function putVersion(Key: string): Promise<string> {
  const { VersionId } = await s3.send(new PutObjectCommand({ Bucket: locked, Key, Body: Key }));
  if (VersionId === undefined) throw new Error("no version id");
  return VersionId;
}

/** Whole seconds: what S3 stores of a retain-until date. */
const secondsFromNow = (seconds: number): Date => new Date((Math.floor(Date.now() / 1000) + seconds) * 1000);

it("names the legal hold, the retention mode and date of each locked version, and what lifts it", async () => {
  const held = await putVersion("locks/held.txt");
  await run("putObjectLegalHold", {
    bucket: locked,
    objectKey: "locks/held.txt",
    versionId: held,
    legalHoldStatus: "ON",
  });
  const governed = await putVersion("locks/governance.txt");
  const governedUntil = secondsFromNow(3_600);
  await run("putObjectRetention", {
    bucket: locked,
    objectKey: "locks/governance.txt",
    versionId: governed,
    retentionMode: "GOVERNANCE",
    retainUntilDate: governedUntil.toISOString(),
  });
  // COMPLIANCE cannot be lifted by anyone: short, so the bucket can be emptied soon after.
  const complied = await putVersion("locks/compliance.txt");
  const compliedUntil = secondsFromNow(60);
  await run("putObjectRetention", {
    bucket: locked,
    objectKey: "locks/compliance.txt",
    versionId: complied,
    retentionMode: "COMPLIANCE",
    retainUntilDate: compliedUntil.toISOString(),
  });
  await putVersion("locks/plain.txt");

  const first = failuresOf(await run("deletePrefix", { bucket: locked, prefix: "locks/", allVersions: true }));
  expect(first.Counts).toEqual({ Deleted: 1, Failed: 3 });
  const byKey = new Map(first.Failures.map((failure) => [failure.Key, failure]));
  expect(byKey.get("locks/held.txt")).toMatchObject({ VersionId: held, Code: "AccessDenied" });
  expect(byKey.get("locks/held.txt")?.Message).toMatch(
    /Object Lock holds this version: a legal hold: turn it off with putObjectLegalHold \(Legal Hold Status OFF\) for this version, then delete again\.$/,
  );
  expect(byKey.get("locks/governance.txt")).toMatchObject({ VersionId: governed, Code: "AccessDenied" });
  expect(byKey.get("locks/governance.txt")?.Message).toContain(
    `Object Lock holds this version: GOVERNANCE retention until ${governedUntil.toISOString()}: run again with Bypass Governance Retention (bypassGovernanceRetention) on, which needs s3:BypassGovernanceRetention, or wait until then.`,
  );
  expect(byKey.get("locks/compliance.txt")).toMatchObject({ VersionId: complied, Code: "AccessDenied" });
  expect(byKey.get("locks/compliance.txt")?.Message).toContain(
    `Object Lock holds this version: COMPLIANCE retention until ${compliedUntil.toISOString()}: no one can shorten or remove it; delete the version after then.`,
  );

  // What the failures say lifts the locks: the bypass for GOVERNANCE, turning the legal hold off.
  const bypassed = failuresOf(
    await run("deletePrefix", { bucket: locked, prefix: "locks/", allVersions: true, bypassGovernanceRetention: true }),
  );
  expect(bypassed.Counts).toEqual({ Deleted: 1, Failed: 2 });
  expect(bypassed.Failures.map(({ Key }) => Key).sort()).toEqual(["locks/compliance.txt", "locks/held.txt"]);
  await run("putObjectLegalHold", {
    bucket: locked,
    objectKey: "locks/held.txt",
    versionId: held,
    legalHoldStatus: "OFF",
  });
  const released = failuresOf(await run("deletePrefix", { bucket: locked, prefix: "locks/", allVersions: true }));
  expect(released.Counts).toEqual({ Deleted: 1, Failed: 1 });
  expect(released.Failures.map(({ Key }) => Key)).toEqual(["locks/compliance.txt"]);
  const left = await s3.send(new ListObjectVersionsCommand({ Bucket: locked, Prefix: "locks/" }));
  expect((left.Versions ?? []).map(({ Key, VersionId }) => ({ Key, VersionId }))).toEqual([
    { Key: "locks/compliance.txt", VersionId: complied },
  ]);
});
