/** What a trigger run gave back, read from the harness's loosely typed result without casts. */
import { isRecord } from "../../src/glue/guards";

export interface TriggerOutcome {
  branch?: string;
  status?: number;
  body?: string;
  data: Record<string, unknown>;
  /** body.data as it is, also when it is not a record (a list of keys, say). */
  bodyData: unknown;
  instanceState?: Record<string, unknown>;
  polledNoChanges: boolean;
}

/** The instance state as the platform keeps it between runs: a JSON copy, so each run gets what the previous one left. */
export function storedState(state: Record<string, unknown>): Record<string, unknown> {
  const copy: unknown = JSON.parse(JSON.stringify(state));
  if (!isRecord(copy)) throw new Error(`the instance state is not a JSON object: ${JSON.stringify(state)}`);
  return copy;
}

export function triggerOutcome(result: unknown): TriggerOutcome {
  if (!isRecord(result)) throw new Error(`the trigger returned ${String(result)}`);
  const response = isRecord(result.response) ? result.response : {};
  const payload = isRecord(result.payload) ? result.payload : {};
  const body = isRecord(payload.body) ? payload.body : {};
  return {
    branch: typeof result.branch === "string" ? result.branch : undefined,
    status: typeof response.statusCode === "number" ? response.statusCode : undefined,
    body: typeof response.body === "string" ? response.body : undefined,
    data: isRecord(body.data) ? body.data : {},
    bodyData: body.data,
    instanceState: isRecord(result.instanceState) ? result.instanceState : undefined,
    // A polling trigger's result says so through resultType once spectral has converted it.
    polledNoChanges: result.polledNoChanges === true || result.resultType === "polled_no_changes",
  };
}
