/**
 * The "New Buckets" polling trigger against Ceph, polled through spectral's harness with the
 * instance state carried from one poll to the next, as the platform does.
 */
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { harness, keyConnection, region, removeAfterTests, useVerifier } from "../../support/harness";
import { match } from "../../support/matchers";
import { uniqueBucketName } from "../../support/target";
import { storedState, triggerOutcome } from "../../support/triggerOutcome";

const s3 = useVerifier();

async function make(prefix: string): Promise<string> {
  const name = uniqueBucketName(prefix);
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  return removeAfterTests(name);
}

function poller(params: Record<string, unknown> = {}) {
  let instanceState: Record<string, unknown> = {};
  return async () => {
    const result = await harness.trigger(
      "pollNewBucketsTrigger",
      undefined,
      { accessKey: keyConnection(), awsRegion: region(), ...params },
      { instanceState },
    );
    const outcome = triggerOutcome(result);
    instanceState = storedState(outcome.instanceState ?? instanceState);
    const names = Array.isArray(outcome.bodyData)
      ? outcome.bodyData.map((bucket: unknown): unknown =>
          typeof bucket === "object" && bucket !== null ? Reflect.get(bucket, "Name") : bucket,
        )
      : [];
    return { outcome, names };
  };
}

it("reports each bucket created after the first poll once, with its creation date", async () => {
  const before = await make("nb-before");
  const poll = poller();
  // Other test files make buckets at the same time, so only these two are checked.
  expect((await poll()).names).not.toContain(before);

  const created = await make("nb-new");
  const second = await poll();
  expect(second.outcome.bodyData).toEqual(
    match.arrayContaining([
      { Name: created, CreationDate: match.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) },
    ]),
  );
  expect(second.outcome.polledNoChanges).toBe(false);
  for (let again = 0; again < 2; again += 1) expect((await poll()).names).not.toContain(created);
});

it("on the first poll reports the buckets created since Look Back Date", async () => {
  const created = await make("nb-lookback");
  const { names } = await poller({ lookBackDate: new Date(Date.now() - 60_000).toISOString() })();
  expect(names).toContain(created);
});

it("refuses a bad look-back date before listing anything", async () => {
  await expect(
    harness.trigger("pollNewBucketsTrigger", undefined, { accessKey: keyConnection(), lookBackDate: "yesterday" }),
  ).rejects.toThrow(/Look Back Date \(lookBackDate\): must be an ISO 8601 date/);
});
