/**
 * getCurrentAccount (STS GetCallerIdentity, which Ceph 16 does not implement) against our own
 * server that speaks the real protocol on 127.0.0.1.
 */
import { isConnectionError } from "@prismatic-io/spectral";
import { useFakeAws } from "../../../support/fakeAws";
import { aws, fakeAwsConnection, harness } from "../../../support/harness";
import { match } from "../../../support/matchers";

const fake = useFakeAws();

describe("getCurrentAccount", () => {
  it("returns the caller's account, ARN and user id", async () => {
    const result = await harness.action("getCurrentAccount", {
      accessKey: fakeAwsConnection(fake),
      awsRegion: "us-east-1",
    });
    expect(result?.data).toEqual(
      aws({ Account: fake.accountId, Arn: `arn:aws:iam::${fake.accountId}:user/tester`, UserId: match.any(String) }),
    );
  });

  it("reports a wrong secret as a connection error", async () => {
    const error = await harness
      .action("getCurrentAccount", {
        accessKey: fakeAwsConnection({
          endpoint: fake.endpoint,
          accessKeyId: fake.accessKeyId,
          secretAccessKey: "wrong-secret-value-0000",
        }),
        awsRegion: "us-east-1",
      })
      .catch((e: unknown) => e);
    expect(isConnectionError(error)).toBe(true);
    expect(error instanceof Error ? error.message : "").toMatch(/SignatureDoesNotMatch \(HTTP 403/);
    expect(error instanceof Error ? error.message : "").not.toContain("wrong-secret-value-0000");
  });
});
