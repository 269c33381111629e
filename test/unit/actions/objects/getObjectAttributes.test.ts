/**
 * getObjectAttributes (S3 GetObjectAttributes, which Ceph 16 does not implement) against our
 * own server that speaks the real protocol on 127.0.0.1.
 */
import { useFakeAws } from "../../../support/fakeAws";
import { fakeAwsConnection, harness } from "../../../support/harness";
import { match } from "../../../support/matchers";

const fake = useFakeAws();

describe("getObjectAttributes", () => {
  it("returns the requested attributes of an object with a tricky key", async () => {
    const key = "reports/Q1 ü+%.csv";
    fake.putObject("attrs-bucket", key, Buffer.from("a,b,c\n"), { contentType: "text/csv" });
    const all = await harness.action("getObjectAttributes", {
      accessKey: fakeAwsConnection(fake),
      awsRegion: "us-east-1",
      bucket: "attrs-bucket",
      objectKey: key,
    });
    expect(all?.data).toMatchObject({
      ObjectSize: 6,
      StorageClass: "STANDARD",
      ETag: match.stringMatching(/^[0-9a-f]{32}$/),
      LastModified: match.any(Date),
    });
    expect(all?.data).toHaveProperty("$metadata.httpStatusCode", 200);

    const some = await harness.action("getObjectAttributes", {
      accessKey: fakeAwsConnection(fake),
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
        accessKey: fakeAwsConnection(fake),
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
        accessKey: fakeAwsConnection(fake),
        awsRegion: "us-east-1",
        bucket: "attrs-bucket",
        objectKey: "nope.txt",
      }),
    ).rejects.toThrow(
      /GetObjectAttributes failed: NoSuchKey \(HTTP 404.*there is no object "nope.txt" in bucket "attrs-bucket"/,
    );
  });
});
