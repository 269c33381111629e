/**
 * Bucket notifications against Ceph: an object written to a bucket configured by
 * bucketEventTriggerConfiguration makes Ceph push the S3 event to a local HTTP endpoint (Ceph
 * topics take a push-endpoint), and entries are upserted by Id. (Against our own AWS endpoint,
 * which replaces configurations whole as AWS does, in test/unit/actions/notifications.)
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { GetBucketNotificationConfigurationCommand } from "@aws-sdk/client-s3";
import { CreateTopicCommand, DeleteTopicCommand } from "@aws-sdk/client-sns";
import { aws, failure, keyConnection, newBucket, run, useVerifier, verifierSns } from "../../../support/harness";
import { match } from "../../../support/matchers";
import { type CountingProxy, startCountingProxy } from "../../../support/servers/countingProxy";
import { testTarget } from "../../../support/target";

const s3 = useVerifier();
let proxy: CountingProxy;

beforeAll(async () => {
  proxy = await startCountingProxy(testTarget().endpoint);
});
afterAll(async () => {
  await proxy.close();
});

interface Received {
  path: string;
  body: unknown;
}

/** A local HTTP endpoint that records every POST it receives. */
async function startEndpoint(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text: the assertion below shows what arrived.
      }
      received.push({ path: request.url ?? "/", body });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === "string") throw new Error("endpoint did not get a port");
  return {
    url: `http://127.0.0.1:${address.port}/s3-events`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The object keys named by the S3 event records an endpoint received. */
function keysIn(received: Received[]): string[] {
  return received.flatMap(({ body }) => {
    const records =
      typeof body === "object" && body !== null && "Records" in body && Array.isArray(body.Records) ? body.Records : [];
    return records.map((record: { s3?: { object?: { key?: string } } }) => record.s3?.object?.key ?? "");
  });
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const onCeph = testTarget().external ? describe.skip : describe;

onCeph("against Ceph", () => {
  // Ceph's SNS-compatible API on the gateway's endpoint: topics there push to an HTTP endpoint.
  const sns = verifierSns();
  const topics: string[] = [];

  async function cephTopic(name: string, pushEndpoint?: string): Promise<string> {
    const created = await sns.send(
      new CreateTopicCommand({
        Name: `${name}-${Date.now().toString(36)}`,
        Attributes: pushEndpoint ? { "push-endpoint": pushEndpoint } : undefined,
      }),
    );
    if (!created.TopicArn) throw new Error("Ceph returned no topic ARN");
    topics.push(created.TopicArn);
    return created.TopicArn;
  }

  afterAll(async () => {
    for (const TopicArn of topics) await sns.send(new DeleteTopicCommand({ TopicArn })).catch(() => undefined);
    sns.destroy();
  });

  it("pushes the S3 event of a matching new object to the topic's HTTP endpoint", async () => {
    const endpoint = await startEndpoint();
    try {
      const bucket = await newBucket("notify-e2e");
      const topicArn = await cephTopic("e2e", endpoint.url);
      // Ceph names its topics arn:aws:sns:<zonegroup>:<tenant>:<name>; the ARN check must take that.
      expect(topicArn).toMatch(/^arn:aws:sns:[a-z0-9-]+:[A-Za-z0-9_-]*:e2e-/);
      const configured = await run("bucketEventTriggerConfiguration", {
        bucket,
        snsTopicArn: topicArn,
        eventsList: ["s3:ObjectCreated:*"],
        eventNotificationName: "to-local-endpoint",
        prefix: "in/",
        suffix: ".txt",
      });
      const entry = {
        Id: "to-local-endpoint",
        TopicArn: topicArn,
        Events: ["s3:ObjectCreated:*"],
        Filter: {
          Key: {
            FilterRules: [
              { Name: "prefix", Value: "in/" },
              { Name: "suffix", Value: ".txt" },
            ],
          },
        },
      };
      expect(configured?.data).toMatchObject({ Bucket: bucket, Replaced: false, TopicConfiguration: entry });
      expect(
        (await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }))).TopicConfigurations,
      ).toEqual([entry]);

      await run("putObject", { bucket, objectKey: "out/ignored.txt", fileContents: "no" });
      await run("putObject", { bucket, objectKey: "in/ignored.csv", fileContents: "no" });
      await run("putObject", { bucket, objectKey: "in/report-2024.txt", fileContents: "quarterly numbers" });
      await waitFor(
        () => keysIn(endpoint.received).includes("in/report-2024.txt"),
        "the S3 event of in/report-2024.txt",
      );

      expect(keysIn(endpoint.received)).toEqual(["in/report-2024.txt"]);
      const [delivery] = endpoint.received;
      expect(delivery?.path).toBe("/s3-events");
      expect(delivery?.body).toMatchObject({
        Records: [
          {
            eventName: "ObjectCreated:Put",
            s3: {
              configurationId: "to-local-endpoint",
              bucket: { name: bucket },
              object: { key: "in/report-2024.txt", size: Buffer.byteLength("quarterly numbers") },
            },
          },
        ],
      });
    } finally {
      await endpoint.close();
    }
  });

  it("adds entries by name and updates one in place, keeping the others", async () => {
    const bucket = await newBucket("notify-upsert");
    const topicArn = await cephTopic("upsert");
    const first = await run("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: topicArn,
      eventsList: ["s3:ObjectCreated:*"],
      eventNotificationName: "first",
    });
    expect(first?.data).toMatchObject({ Replaced: false });
    await run("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: topicArn,
      eventsList: ["s3:ObjectCreated:Put"],
      eventNotificationName: "second",
      prefix: "b/",
    });
    const updated = await run("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: topicArn,
      eventsList: ["s3:ObjectRemoved:*", "s3:ObjectCreated:Copy"],
      eventNotificationName: "first",
    });
    expect(updated?.data).toMatchObject({ Replaced: true });

    const got = await run("getBucketNotificationConfiguration", { bucket });
    expect(got?.data).toMatchObject({ Bucket: bucket, QueueConfigurations: [], LambdaFunctionConfigurations: [] });
    const topicsOf =
      got?.data && typeof got.data === "object" && "TopicConfigurations" in got.data
        ? got.data.TopicConfigurations
        : undefined;
    expect(topicsOf).toEqual(
      match.arrayContaining([
        { Id: "first", TopicArn: topicArn, Events: ["s3:ObjectRemoved:*", "s3:ObjectCreated:Copy"] },
        {
          Id: "second",
          TopicArn: topicArn,
          Events: ["s3:ObjectCreated:Put"],
          Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "b/" }] } },
        },
      ]),
    );
    expect(topicsOf).toHaveLength(2);
  });

  it("explains what the server refuses: a missing topic, an event it does not support", async () => {
    const bucket = await newBucket("notify-refused");
    const missing = await failure("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: "arn:aws:sns:default::no-such-topic",
      eventNotificationName: "x",
    });
    expect(missing.message).toMatch(/^PutBucketNotificationConfiguration failed: NoSuchKey \(HTTP 404/);
    expect(missing.message).toContain("each destination must exist in the bucket's region (create the topic first");
    // Ceph 16 notifies only about objects being created and removed.
    const topicArn = await cephTopic("refused");
    const unsupported = await failure("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: topicArn,
      eventNotificationName: "x",
      eventsList: ["s3:ObjectTagging:Put"],
    });
    expect(unsupported.message).toMatch(/^PutBucketNotificationConfiguration failed: InvalidArgument \(HTTP 400/);
    expect(unsupported.message).toContain(
      "some S3-compatible stores support only s3:ObjectCreated and s3:ObjectRemoved events",
    );
    expect(
      (await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }))).TopicConfigurations,
    ).toBeUndefined();
  });

  it("reads an empty configuration as empty lists", async () => {
    const bucket = await newBucket("notify-empty");
    expect((await run("getBucketNotificationConfiguration", { bucket }))?.data).toEqual(
      aws({ Bucket: bucket, TopicConfigurations: [], QueueConfigurations: [], LambdaFunctionConfigurations: [] }),
    );
  });

  it("writes a configuration given as JSON", async () => {
    const bucket = await newBucket("notify-put");
    const topicArn = await cephTopic("put");
    const topicConfigurations = [
      {
        Id: "json-entry",
        TopicArn: topicArn,
        Events: ["s3:ObjectCreated:*"],
        Filter: { Key: { FilterRules: [{ Name: "suffix", Value: ".pdf" }] } },
      },
    ];
    const put = await run("putBucketNotificationConfiguration", {
      bucket,
      topicConfigurations: JSON.stringify(topicConfigurations),
    });
    expect(put?.data).toMatchObject({ Bucket: bucket, TopicConfigurations: topicConfigurations });
    expect(
      (await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }))).TopicConfigurations,
    ).toEqual(topicConfigurations);
  });

  it("refuses an empty replacement that would remove existing notifications, after only reading", async () => {
    const bucket = await newBucket("notify-wipe");
    const topicArn = await cephTopic("wipe");
    await run("bucketEventTriggerConfiguration", { bucket, snsTopicArn: topicArn, eventNotificationName: "one" });
    await run("bucketEventTriggerConfiguration", {
      bucket,
      snsTopicArn: topicArn,
      eventNotificationName: "two",
      eventsList: ["s3:ObjectRemoved:*"],
    });
    const before = proxy.seen.length;
    const error = await failure("putBucketNotificationConfiguration", {
      accessKey: keyConnection({ endpoint: proxy.endpoint }),
      bucket,
      topicConfigurations: "[]",
    });
    expect(error.message).toBe(
      "Remove All Notifications (confirmRemoveAll): every configuration input is empty, which would remove the bucket's 2 topic configurations. Nothing was changed. Turn on Remove All Notifications to remove them, or give the configurations to keep.",
    );
    // Only the read of the current configuration reached the server.
    expect(proxy.seen.slice(before).map(({ method, path }) => `${method} ${path}`)).toEqual([
      match.stringMatching(new RegExp(`^GET /${bucket}/?\\?notification`)),
    ]);
    expect(
      (await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }))).TopicConfigurations,
    ).toHaveLength(2);
  });

  it("treats an empty replacement of an empty configuration as done, without writing", async () => {
    const bucket = await newBucket("notify-noop");
    const before = proxy.seen.length;
    const result = await run("putBucketNotificationConfiguration", {
      accessKey: keyConnection({ endpoint: proxy.endpoint }),
      bucket,
    });
    expect(result?.data).toEqual(
      aws({ Bucket: bucket, TopicConfigurations: [], QueueConfigurations: [], LambdaFunctionConfigurations: [] }),
    );
    expect(proxy.seen.slice(before).map(({ method }) => method)).toEqual(["GET"]);
  });
});

describe("getBucketNotificationConfiguration", () => {
  it("refuses a bad bucket name before sending anything", async () => {
    const before = proxy.seen.length;
    const error = await failure("getBucketNotificationConfiguration", {
      accessKey: keyConnection({ endpoint: proxy.endpoint }),
      bucket: "ab",
    });
    expect(error.message).toMatch(/^Bucket \(bucket\): "ab" is not a valid bucket name: it has 2 characters/);
    expect(proxy.seen.length).toBe(before);
  });
});
