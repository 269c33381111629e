/**
 * `--until-done`: runs an action that returns Done and a Cursor (copyPrefix, deletePrefix) call
 * after call, each given the last call's Cursor, as a flow's loop does, until Done. Before the
 * first call the keys under the prefix are counted, so a bar shows the keys handled against
 * them; a line per call says what the chain has done so far.
 */
import { ListObjectsV2Command, ListObjectVersionsCommand, type S3Client } from "@aws-sdk/client-s3";
import { s3Client } from "../../src/aws/clients";
import { isRecord } from "../../src/glue/guards";
import type { Target } from "./catalog";
import { UsageError } from "./io";
import { json } from "./output";
import { showProgress } from "./progress";
import { runStep, type Session, type StepOutcome } from "./step";

interface Loop {
  bucket: string;
  prefix: string;
  /** The input that makes the listing one of versions, if any. */
  versions?: string;
  /** The counts whose sum is the keys handled. */
  handled: string[];
}

const LOOPS: Record<string, Loop> = {
  copyPrefix: { bucket: "sourceBucket", prefix: "sourcePrefix", handled: ["Copied", "Skipped", "Failed"] },
  deletePrefix: { bucket: "bucket", prefix: "prefix", versions: "allVersions", handled: ["Deleted", "Failed"] },
};

/** Each call's budget unless --timeBudgetSeconds is given: short enough for the bar to move. */
const UNTIL_DONE_BUDGET_SECONDS = 60;

export function checkUntilDone(target: Target): void {
  if (LOOPS[target.key] === undefined) {
    throw new UsageError(
      `--until-done goes with the actions that return a Cursor (${Object.keys(LOOPS).join(", ")}), not ${target.key}.`,
    );
  }
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const counted = (value: number): string => value.toLocaleString("en-US");

async function countKeys(s3: S3Client, Bucket: string, Prefix: string, versions: boolean): Promise<number> {
  let count = 0;
  let more = true;
  let marker: { ContinuationToken?: string; KeyMarker?: string; VersionIdMarker?: string } = {};
  while (more) {
    if (versions) {
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket, Prefix, ...marker }));
      count += (page.Versions?.length ?? 0) + (page.DeleteMarkers?.length ?? 0);
      more = page.IsTruncated === true;
      marker = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
    } else {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix, ...marker }));
      count += page.KeyCount ?? 0;
      more = page.IsTruncated === true;
      marker = { ContinuationToken: page.NextContinuationToken };
    }
  }
  return count;
}

export async function runUntilDone(
  session: Session,
  target: Target,
  params: Record<string, unknown>,
): Promise<StepOutcome> {
  const loop = LOOPS[target.key];
  if (loop === undefined) throw new UsageError(`--until-done does not go with ${target.key}.`);
  const { io } = session;
  const s3 = s3Client({ accessKey: session.connection, awsRegion: session.region });
  const versions = loop.versions === undefined ? false : params[loop.versions];
  const total = await countKeys(
    s3,
    text(params[loop.bucket]),
    text(params[loop.prefix]),
    versions === true || versions === "true",
  );
  io.stderr(`  ${counted(total)} keys under the prefix\n`);
  const all = { timeBudgetSeconds: String(UNTIL_DONE_BUDGET_SECONDS), ...params };
  let handled = 0;
  const bar = showProgress(io, target.key, total, () => handled, {
    format: (value) => `${counted(value)} keys`,
    rate: (value, ms) => (ms <= 0 ? "" : `${counted(Math.round((value * 1000) / ms))} keys/s`),
  });
  const totals: StepOutcome = { result: undefined, ms: 0, sent: 0, received: 0 };
  try {
    for (let call = 1, cursor: unknown; ; call++) {
      const outcome = await runStep(session, target, cursor === undefined ? all : { ...all, cursor });
      Object.assign(totals, {
        result: outcome.result,
        ms: totals.ms + outcome.ms,
        sent: totals.sent + outcome.sent,
        received: totals.received + outcome.received,
      });
      const data = isRecord(outcome.result) && isRecord(outcome.result.data) ? outcome.result.data : {};
      const sums = isRecord(data.Totals) ? data.Totals : {};
      handled = loop.handled.reduce((sum, name) => sum + (typeof sums[name] === "number" ? sums[name] : 0), 0);
      io.stderr(`${io.interactive ? "\r\x1b[2K" : ""}  call ${call}: ${json(sums, 0)}\n`);
      if (data.Done === true || typeof data.Cursor !== "string") return totals;
      cursor = data.Cursor;
    }
  } finally {
    bar.end();
  }
}
