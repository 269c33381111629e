/**
 * Per-key failures of a prefix job: each is reported with S3's code and a hint, never hidden,
 * and the job goes on with the other keys. The list a result carries is bounded; the count is not.
 */
import { hintFor } from "../../aws/errorHints";
import { describeAwsError, requestInfoOf } from "../../aws/errors";
import { echoed } from "../../glue/echo";

export interface KeyFailure {
  Key: string;
  VersionId?: string;
  Code: string;
  Message: string;
}

const LISTED_FAILURES = 100;

export class KeyFailures {
  count = 0;
  readonly listed: KeyFailure[] = [];

  /** How many more failures the list takes. */
  room(): number {
    return LISTED_FAILURES - this.listed.length;
  }

  add(failure: KeyFailure): void {
    this.count += 1;
    if (this.listed.length < LISTED_FAILURES) this.listed.push({ ...failure, Message: echoed(failure.Message, 500) });
  }

  /** A failure from what a request threw. */
  addError(object: { Key: string; VersionId?: string }, error: unknown): void {
    const detail = describeAwsError(error);
    const hint = hintFor(detail, requestInfoOf(error));
    this.add({ ...object, Code: detail.code, Message: hint ? `${detail.summary}. ${hint}` : detail.summary });
  }
}
