import { pollingTrigger, type TriggerBaseResult, type TriggerPayload } from "@prismatic-io/spectral";
import { s3Access } from "../aws/accessInputs";
import { s3Client } from "../aws/clients";
import { optionalDate } from "../glue/clean";
import { exampleTriggerPayload } from "../glue/examplePayload";
import { textInput } from "../glue/inputKit";
import { allBuckets } from "../transfer/reads/allBuckets";

/** Buckets are dated to the second, and a listing may trail a creation: each poll looks back this far. */
const OVERLAP_MS = 5 * 60_000;
interface BucketPollState {
  lastPolledAt?: number;
  /** Buckets listed within the overlap ("name creationMs"), so none is reported twice; a bucket made again under the same name is new. */
  reported?: string[];
}

const identity = (bucket: { Name: string; CreationDate: Date }): string =>
  `${bucket.Name} ${bucket.CreationDate.getTime()}`;

const isState = (value: unknown): value is BucketPollState =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const pollNewBucketsTrigger = pollingTrigger({
  display: {
    label: "New Buckets",
    description: "Check the account on a schedule for buckets created since the last check",
    directions:
      "Each poll lists the account's buckets and returns those created since the previous poll (Name, CreationDate), each once. The first poll reports buckets created after Look Back Date, or none without it.",
  },
  inputs: {
    ...s3Access,
    lookBackDate: textInput(
      {
        label: "Look Back Date",
        comments:
          "Optional. On the first poll, report buckets created from this date on, e.g. 2024-03-01 or 2024-03-01T12:00:00Z. Empty: only buckets created after the first poll.",
        example: "2024-03-01",
      },
      (ref, value) => optionalDate(ref, value),
    ),
  },
  perform: async (context, payload, params): Promise<TriggerBaseResult<TriggerPayload>> => {
    const now = Date.now();
    const stored: unknown = context.polling.getState().buckets;
    const state: BucketPollState = isState(stored) ? stored : {};
    const reported = new Set(state.reported ?? []);
    const since =
      state.lastPolledAt !== undefined ? state.lastPolledAt - OVERLAP_MS : (params.lookBackDate?.getTime() ?? now);
    const buckets = (await allBuckets(s3Client(params))).flatMap(({ Name, CreationDate }) =>
      Name && CreationDate ? [{ Name, CreationDate }] : [],
    );
    const created = buckets
      .filter((bucket) => bucket.CreationDate.getTime() >= since && !reported.has(identity(bucket)))
      .sort((a, b) => a.CreationDate.getTime() - b.CreationDate.getTime());
    // The next poll looks back to now - OVERLAP_MS. Every bucket listed now from then on was
    // reported, or was there before the first poll: none of them may be reported again.
    const remembered = buckets.filter((bucket) => bucket.CreationDate.getTime() >= now - OVERLAP_MS);
    context.polling.setState({ buckets: { lastPolledAt: now, reported: remembered.map(identity) } });
    return {
      payload: {
        ...payload,
        body: { data: created.map(({ Name, CreationDate }) => ({ Name, CreationDate: CreationDate.toISOString() })) },
      },
      polledNoChanges: created.length === 0,
    };
  },
  examplePayload: {
    payload: exampleTriggerPayload([{ Name: "my-new-bucket", CreationDate: "2024-03-08T23:30:22.000Z" }]),
    polledNoChanges: false,
  },
});
