/**
 * A connection whose Custom Endpoint leads to a link-local or cloud metadata address fails the
 * step before anything is sent, naming the field: S3 actions, SNS actions and the role
 * connection's STS call alike, through the harness as the platform runs them. The safety net
 * (loopbackOnly) refuses any socket off this machine, so `attempted` staying empty shows that
 * the component refused before connecting. (The guard itself: endpointGuard.test.ts.)
 */
import { isConnectionError } from "@prismatic-io/spectral";
import { failure, fakeAwsConnection, fakeAwsRoleConnection } from "../../support/harness";
import { type LoopbackOnly, loopbackOnly } from "../../support/loopbackOnly";

const keys = { accessKeyId: "AKIDENDPOINTTEST", secretAccessKey: "endpoint-test-secret-never-used" };

const BLOCKED: [string, string][] = [
  ["http://169.254.169.254", "169.254.169.254 is a link-local address (where cloud metadata services answer)"],
  ["http://169.254.170.2", "169.254.170.2 is a link-local address (where cloud metadata services answer)"],
  ["http://[fd00:ec2::254]", "fd00:ec2::254 is a cloud metadata service's address"],
  ["http://[fd00:ec2::23]", "fd00:ec2::23 is a cloud metadata service's address"],
  ["http://[fe80::1]", "fe80::1 is a link-local address (where cloud metadata services answer)"],
  [
    "http://[::ffff:169.254.169.254]",
    "::ffff:a9fe:a9fe is a link-local address (where cloud metadata services answer)",
  ],
  ["http://0xa9fea9fe", "169.254.169.254 is a link-local address (where cloud metadata services answer)"],
  ["http://2852039166", "169.254.169.254 is a link-local address (where cloud metadata services answer)"],
  ["https://100.100.100.200", "100.100.100.200 is a cloud metadata service's address"],
];

let net: LoopbackOnly;
beforeEach(() => {
  net = loopbackOnly();
});
afterEach(() => net.off());

const expectRefused = (error: Error, endpoint: string, reason: string) => {
  expect(error.message).toMatch(
    new RegExp(`^The connection's Custom Endpoint \\(endpoint\\) ${endpoint.replace(/[.[\]]/g, "\\$&")} leads to `),
  );
  expect(error.message).toContain(`(${reason}); nothing was sent.`);
  expect(isConnectionError(error)).toBe(true);
  expect(error.message).not.toContain(keys.secretAccessKey);
  expect(net.attempted).toEqual([]);
};

it.each(BLOCKED)("S3 actions with the endpoint %s fail before sending", async (endpoint, reason) => {
  const accessKey = fakeAwsConnection({ endpoint, ...keys });
  expectRefused(await failure("listBuckets", { accessKey, awsRegion: "us-east-1" }), endpoint, reason);
  expectRefused(
    await failure("headBucket", { accessKey, awsRegion: "us-east-1", bucket: "any-bucket" }),
    endpoint,
    reason,
  );
});

it.each(BLOCKED)("SNS actions with the endpoint %s fail before sending", async (endpoint, reason) => {
  const awsConnection = fakeAwsConnection({ endpoint, ...keys });
  expectRefused(
    await failure("createTopic", { awsConnection, awsRegion: "us-east-1", name: "refused-topic" }),
    endpoint,
    reason,
  );
});

it.each(BLOCKED)(
  "the role connection's STS call with the endpoint %s fails before sending, naming the endpoint",
  async (endpoint, reason) => {
    const accessKey = fakeAwsRoleConnection({ endpoint, ...keys });
    const error = await failure("listBuckets", { accessKey, awsRegion: "us-east-1" });
    expectRefused(error, endpoint, reason);
    expect(error.message).not.toMatch(/Could not assume the connection's role/);
  },
);
