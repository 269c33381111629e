/**
 * Calls Ceph 16 does not implement (STS GetCallerIdentity, S3 GetObjectAttributes) run
 * against our own server that speaks the real protocol on 127.0.0.1.
 */

import type { Connection } from "@prismatic-io/spectral";
import { isConnectionError } from "@prismatic-io/spectral";
import { createConnection } from "@prismatic-io/spectral/dist/testing";
import { type FakeAws, startFakeAws } from "./support/fakeAws";
import { aws, harness } from "./support/harness";

let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws();
});
afterAll(async () => fake.close());

function connectionTo(server: FakeAws, secretAccessKey = server.secretAccessKey): Connection {
  const value = createConnection(
    { key: "apiKeySecret", display: { label: "", description: "" }, inputs: {} },
    { accessKeyId: server.accessKeyId, secretAccessKey, endpoint: server.endpoint, forcePathStyle: "true" },
  );
  return { key: value.key, configVarKey: value.configVarKey ?? "apiKeySecret", fields: value.fields };
}

describe("getCurrentAccount", () => {
  it("returns the caller's account, ARN and user id", async () => {
    const result = await harness.action("getCurrentAccount", { accessKey: connectionTo(fake), awsRegion: "us-east-1" });
    expect(result?.data).toEqual(
      aws({ Account: fake.accountId, Arn: `arn:aws:iam::${fake.accountId}:user/tester`, UserId: expect.any(String) }),
    );
  });

  it("reports a wrong secret as a connection error", async () => {
    const error = await harness
      .action("getCurrentAccount", { accessKey: connectionTo(fake, "wrong-secret-value-0000"), awsRegion: "us-east-1" })
      .catch((e: unknown) => e);
    expect(isConnectionError(error)).toBe(true);
    expect(error instanceof Error ? error.message : "").toMatch(/SignatureDoesNotMatch \(HTTP 403/);
    expect(error instanceof Error ? error.message : "").not.toContain("wrong-secret-value-0000");
  });
});

describe("getObjectAttributes", () => {
  it("returns the requested attributes of an object with a tricky key", async () => {
    const key = "reports/Q1 ü+%.csv";
    fake.putObject("attrs-bucket", key, Buffer.from("a,b,c\n"), { contentType: "text/csv" });
    const all = await harness.action("getObjectAttributes", {
      accessKey: connectionTo(fake),
      awsRegion: "us-east-1",
      bucket: "attrs-bucket",
      objectKey: key,
    });
    expect(all?.data).toMatchObject({
      ObjectSize: 6,
      StorageClass: "STANDARD",
      ETag: expect.stringMatching(/^[0-9a-f]{32}$/),
      LastModified: expect.any(Date),
    });
    expect(all?.data).toHaveProperty("$metadata.httpStatusCode", 200);

    const some = await harness.action("getObjectAttributes", {
      accessKey: connectionTo(fake),
      awsRegion: "us-east-1",
      bucket: "attrs-bucket",
      objectKey: key,
      objectAttributes: ["ObjectSize"],
    });
    expect(some?.data).toMatchObject({ ObjectSize: 6 });
    expect(some?.data).not.toHaveProperty("StorageClass");
  });

  it("refuses unknown attributes before sending, and explains a missing key", async () => {
    const before = fake.requests.length;
    await expect(
      harness.action("getObjectAttributes", {
        accessKey: connectionTo(fake),
        awsRegion: "us-east-1",
        bucket: "attrs-bucket",
        objectKey: "a",
        objectAttributes: ["Size"],
      }),
    ).rejects.toThrow(
      /Object Attributes \(objectAttributes\): "Size" is not an attribute; choose from Checksum, ETag, ObjectParts, ObjectSize, StorageClass/,
    );
    expect(fake.requests.length).toBe(before);
    await expect(
      harness.action("getObjectAttributes", {
        accessKey: connectionTo(fake),
        awsRegion: "us-east-1",
        bucket: "attrs-bucket",
        objectKey: "nope.txt",
      }),
    ).rejects.toThrow(
      /GetObjectAttributes failed: NoSuchKey \(HTTP 404.*there is no object "nope.txt" in bucket "attrs-bucket"/,
    );
  });
});
