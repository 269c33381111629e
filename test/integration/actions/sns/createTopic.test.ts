/**
 * createTopic against Ceph's SNS-compatible API, whose topic ARNs (arn:aws:sns:<zonegroup>:<tenant>:<name>)
 * the other actions must accept. (The SNS actions against our own endpoint: test/unit/actions/sns.)
 */
import { DeleteTopicCommand } from "@aws-sdk/client-sns";
import { run, verifierSns } from "../../../support/harness";
import { testTarget } from "../../../support/target";

const topicArnOf = (result: { data?: unknown } | undefined): string => {
  const data = result?.data;
  if (typeof data === "object" && data !== null && "TopicArn" in data && typeof data.TopicArn === "string")
    return data.TopicArn;
  throw new Error("no TopicArn in the result");
};

describe("createTopic", () => {
  (testTarget().external ? it.skip : it)("creates a topic on Ceph, whose ARN the other actions accept", async () => {
    const created = await run("createTopic", { name: `ceph-topic-${Date.now().toString(36)}`, tags: { team: "ops" } });
    const arn = topicArnOf(created);
    expect(arn).toMatch(/^arn:aws:sns:[a-z0-9-]+:[A-Za-z0-9_-]*:ceph-topic-/);
    const ceph = verifierSns();
    await ceph.send(new DeleteTopicCommand({ TopicArn: arn }));
    ceph.destroy();
  });
});
