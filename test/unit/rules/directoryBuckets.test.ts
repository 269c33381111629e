/**
 * Directory buckets (S3 Express One Zone) list keys in no order: the steps that walk a bucket in
 * key order refuse them, naming the bucket input and saying why, before any request is sent.
 */
import { InputError } from "../../../src/glue/clean";
import { isDirectoryBucket, keyOrderedBucket } from "../../../src/rules/s3Names";
import { useFakeAws } from "../../support/fakeAws";
import { fakeAwsConnection, harness } from "../../support/harness";

const DIRECTORY_BUCKET = "logs--usw2-az1--x-s3";

it.each([
  [DIRECTORY_BUCKET, true],
  ["invoices--use1-az4--x-s3", true],
  ["my-company-invoices", false],
  ["x-s3-reports", false],
  ["reports-x-s3", false],
])("tells whether %s is a directory bucket (%s)", (name, expected) => {
  expect(isDirectoryBucket(name)).toBe(expected);
});

it("passes general purpose buckets through, and says what to use instead of a directory bucket", () => {
  const ref = { key: "bucket", label: "Bucket" };
  expect(keyOrderedBucket(ref, "my-company-invoices", "something else")).toBe("my-company-invoices");
  expect(() => keyOrderedBucket(ref, DIRECTORY_BUCKET, "something else")).toThrow(InputError);
  expect(() => keyOrderedBucket(ref, DIRECTORY_BUCKET, "something else")).toThrow(
    /Use a general purpose bucket, or something else\.$/,
  );
});

describe("steps that rely on S3's key order", () => {
  const fake = useFakeAws();
  const refusal = new RegExp(
    `Bucket \\(bucket\\): "${DIRECTORY_BUCKET}" is a directory bucket \\(S3 Express One Zone, a name ending in --x-s3\\)\\. Directory buckets list keys in no particular order`,
  );

  it("deletePrefix refuses a directory bucket before any request", async () => {
    fake.putObject(DIRECTORY_BUCKET, "tmp/a.txt", Buffer.from("a"));
    const before = fake.requests.length;
    await expect(
      harness.action("deletePrefix", { accessKey: fakeAwsConnection(fake), bucket: DIRECTORY_BUCKET, prefix: "tmp/" }),
    ).rejects.toThrow(refusal);
    expect(fake.requests.length).toBe(before);
  });

  it("the New and Updated Files trigger refuses a directory bucket before any request", async () => {
    const before = fake.requests.length;
    await expect(
      harness.trigger("pollChangesFilesTrigger", undefined, {
        accessKey: fakeAwsConnection(fake),
        bucket: DIRECTORY_BUCKET,
      }),
    ).rejects.toThrow(refusal);
    expect(fake.requests.length).toBe(before);
  });

  it.each([
    ["sourceBucket", "Source Bucket"],
    ["destinationBucket", "Destination Bucket"],
  ])("copyPrefix refuses a directory bucket as %s before any request", async (key, label) => {
    const before = fake.requests.length;
    const params = { sourceBucket: "general-purpose", destinationBucket: "general-purpose", [key]: DIRECTORY_BUCKET };
    await expect(
      harness.action("copyPrefix", { sourceConnection: fakeAwsConnection(fake), ...params }),
    ).rejects.toThrow(new RegExp(`${label} \\(${key}\\): "${DIRECTORY_BUCKET}" is a directory bucket`));
    expect(fake.requests.length).toBe(before);
  });
});
