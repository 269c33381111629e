/**
 * getObject's presigned range read (src/transfer/reads/readObject.ts) connects only where the SDK may:
 * a URL signed for a metadata address fails the read at once (no resumes), naming the
 * connection's Custom Endpoint, before anything is sent. Presigning itself sends nothing.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { readPinnedRange } from "../../../../src/transfer/reads/readObject";
import { loopbackOnly } from "../../../support/loopbackOnly";

it.each(["http://169.254.169.254", "http://[fd00:ec2::254]", "http://0xa9fea9fe"])(
  "refuses a presigned read signed for %s before connecting",
  async (endpoint) => {
    const net = loopbackOnly();
    const client = new S3Client({
      region: "us-east-1",
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "AKIDPRESIGNTEST", secretAccessKey: "presign-test-secret" },
    });
    try {
      await expect(
        readPinnedRange(
          { s3: client, presigner: client },
          { Bucket: "bucket", Key: "large.bin", IfMatch: '"etag"' },
          0,
          Buffer.alloc(16),
          { direct: true },
        ),
      ).rejects.toThrow(
        /^GetObject failed: the read of "large\.bin" was not sent \(.+ was not contacted: .+ is a (link-local address|cloud metadata service's address).*\)\. Requests never go to link-local or cloud metadata addresses: check the connection's Custom Endpoint \(endpoint\)\.$/,
      );
      expect(net.attempted).toEqual([]);
    } finally {
      client.destroy();
      net.off();
    }
  },
);
