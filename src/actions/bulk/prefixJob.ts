/**
 * What copyPrefix and deletePrefix share: a cursor that goes on from the key where the last
 * call's settled work ends, counts summed over the calls of the chain, and the result shape.
 */

import { refOf } from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { budgetInputs } from "../../inputs/budgetInputs";
import { decodeCursor, encodeCursor, jobFingerprint } from "../../rules/cursor";
import type { Seal } from "../../rules/seal";
import type { KeyFailure, KeyFailures } from "../../transfer/prefixJobs/keyFailures";
import { TimeBudget } from "../../transfer/timeBudget";

export interface JobStart {
  job: string;
  seal: Seal;
  after?: string;
  settled?: string[];
  totals: Record<string, number>;
  budget: TimeBudget;
}

/**
 * Where this call starts: the cursor's key (checked to be unaltered, sealed by these
 * credentials and to belong to the work `definition` describes, principals included) and the
 * totals so far.
 */
export function startJob(
  params: { cursor?: string; timeBudgetSeconds: number },
  definition: unknown,
  seal: Seal,
): JobStart {
  const job = jobFingerprint(definition);
  const state = decodeCursor(refOf(budgetInputs.cursor), params.cursor, job, seal);
  return {
    job,
    seal,
    after: state?.after,
    settled: state?.settled,
    totals: state?.totals ?? {},
    budget: new TimeBudget(params.timeBudgetSeconds),
  };
}

export interface JobResult {
  Done: boolean;
  /** Give it to the next call while Done is false; null once done. */
  Cursor: string | null;
  Counts: Record<string, number>;
  Totals: Record<string, number>;
  Failures: KeyFailure[];
}

export function jobResult(
  start: JobStart,
  report: { Done: boolean; after?: string; settled?: string[]; failures: KeyFailures },
  counts: Record<string, number>,
): JobResult {
  const totals = Object.fromEntries(
    Object.entries(counts).map(([name, count]) => [name, (start.totals[name] ?? 0) + count]),
  );
  return {
    Done: report.Done,
    Cursor: report.Done
      ? null
      : encodeCursor(start.seal, start.job, {
          after: report.after ?? start.after,
          totals,
          ...(report.settled && report.settled.length > 0 ? { settled: report.settled } : {}),
        }),
    Counts: counts,
    Totals: totals,
    Failures: report.failures.listed,
  };
}

export function jobResultSchema(counts: Record<string, string>) {
  const countRecord = out.record(
    Object.fromEntries(Object.entries(counts).map(([name, description]) => [name, out.integer(description)])),
    Object.keys(counts),
  );
  return out.record(
    {
      Done: out.flag("True when every key is handled; while false, call again with Cursor."),
      Cursor: out.optionalText("Give it as Cursor to the next call; null once Done."),
      Counts: countRecord,
      Totals: countRecord,
      Failures: out.list(
        out.record({ Key: out.text(), VersionId: out.optionalText(), Code: out.text(), Message: out.text() }, [
          "Key",
          "Code",
          "Message",
        ]),
        "Keys that failed in this call, with S3's code and a hint (the first 100; Counts.Failed has them all).",
      ),
    },
    ["Done", "Cursor", "Counts", "Totals", "Failures"],
  );
}
