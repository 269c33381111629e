import { randomBytes } from "node:crypto";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { DIRECT_READ_BYTES } from "../../../src/transfer/reads/readObject";
import { bytesOf, harness, keyConnection, region, sha256, useTestBucket } from "../../support/harness";
import { loopbackOnly } from "../../support/loopbackOnly";
import {
  type CountingProxy,
  type FaultRates,
  type ProxyHooks,
  type SeenRequest,
  startCountingProxy,
} from "../../support/servers/countingProxy";
import { testTarget } from "../../support/target";

const { bucket, verifier: s3 } = useTestBucket("resume");
const bytes = randomBytes(3 * 1024 * 1024 + 11);

beforeAll(async () => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "big file ü.bin", Body: bytes }));
});

/** Runs `test` with getObject's requests going through a counting (and fault-injecting) proxy to the test S3. */
async function throughProxy(
  rates: FaultRates,
  hooks: ProxyHooks,
  test: (
    get: (params: Record<string, unknown>) => ReturnType<typeof harness.action>,
    proxy: CountingProxy,
  ) => Promise<void>,
): Promise<void> {
  const proxy = await startCountingProxy(testTarget().endpoint ?? "", rates, hooks);
  try {
    const connection = keyConnection({ endpoint: proxy.endpoint, forcePathStyle: "true" });
    await test(
      (params) => harness.action("getObject", { accessKey: connection, awsRegion: region(), bucket, ...params }),
      proxy,
    );
  } finally {
    await proxy.close();
  }
}

it("resumes a download whose connection breaks mid-body, byte for byte", async () => {
  await throughProxy({ resetResponse: 0.5, seed: 7 }, {}, async (get, proxy) => {
    for (let i = 0; i < 4; i++) {
      const result = await get({ objectKey: "big file ü.bin" });
      expect(sha256(bytesOf(result))).toBe(sha256(bytes));
    }
    expect(proxy.faults.resetResponse).toBeGreaterThan(0);
  });
});

it("resumes a ranged download from the first missing byte", async () => {
  await throughProxy({ resetResponse: 0.5, seed: 7 }, {}, async (get, proxy) => {
    for (let i = 0; i < 3; i++) {
      const result = await get({ objectKey: "big file ü.bin", range: "bytes=1000-2000999" });
      expect(sha256(bytesOf(result))).toBe(sha256(bytes.subarray(1000, 2001000)));
    }
    expect(proxy.faults.resetResponse).toBeGreaterThan(0);
    // A resumed request starts after what was read (the proxy breaks bodies halfway), never over again.
    const resumedStarts = proxy.seen
      .flatMap(
        (request) =>
          /^bytes=(\d+)-2000999$/
            .exec(request.range ?? "")
            ?.slice(1)
            .map(Number) ?? [],
      )
      .filter((start) => start > 1000);
    expect(resumedStarts.length).toBeGreaterThan(0);
    for (const start of resumedStarts) expect(start).toBeGreaterThan(1000 + 500_000);
  });
});

it("gives up with a clear error when every attempt breaks", async () => {
  await throughProxy({ resetResponse: 1 }, {}, async (get) => {
    await expect(get({ objectKey: "big file ü.bin" })).rejects.toThrow(
      /GetObject failed: the connection broke while reading "big file ü.bin" .* 3 resumed downloads did not finish it/,
    );
  });
});

describe("bodies of 8 MiB and more", () => {
  const large = randomBytes(DIRECT_READ_BYTES + 3 * 1024 * 1024 + 5);
  const key = "large ü+file.bin";
  const presigned = (request: SeenRequest) =>
    request.method === "GET" && request.path.includes("X-Amz-Signature=") && request.path.includes("large");

  beforeAll(async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: large }));
  });

  it("are read through a presigned GET of their range, byte for byte, after the SDK's answer gave their size", async () => {
    await throughProxy({}, {}, async (get, proxy) => {
      const whole = await get({ objectKey: key });
      expect(sha256(bytesOf(whole))).toBe(sha256(large));
      expect(bytesOf(whole).length).toBe(large.length);
      const last = large.length - 1;
      const ranged = await get({ objectKey: key, range: `bytes=1000-${last}` });
      expect(sha256(bytesOf(ranged))).toBe(sha256(large.subarray(1000)));
      expect(proxy.seen.filter(presigned).map((request) => request.range)).toEqual([
        `bytes=0-${last}`,
        `bytes=1000-${last}`,
      ]);
    });
  });

  it("resume from the first missing byte when the connection breaks", async () => {
    await throughProxy({ resetResponse: 0.5, seed: 3 }, {}, async (get, proxy) => {
      for (let i = 0; i < 3; i++) {
        const result = await get({ objectKey: key });
        expect(sha256(bytesOf(result))).toBe(sha256(large));
      }
      const broken = proxy.seen.filter((request) => presigned(request) && request.fault === "resetResponse");
      expect(broken.length).toBeGreaterThan(0);
      const resumedStarts = proxy.seen
        .filter(presigned)
        .flatMap(
          (request) =>
            /^bytes=(\d+)-/
              .exec(request.range ?? "")
              ?.slice(1)
              .map(Number) ?? [],
        )
        .filter((start) => start > 0);
      // The proxy breaks a body halfway: a resumed read starts past what arrived.
      for (const start of resumedStarts) expect(start).toBeGreaterThan(large.length / 4);
    });
  });

  it.each([302, 307])(
    "never follow a %s redirect of the presigned read out of the S3 service: the SDK reads the range instead",
    async (status) => {
      // Anything but loopback fails before connecting, so even a followed redirect would send nothing off this machine.
      const net = loopbackOnly();
      try {
        await throughProxy(
          {},
          {
            answer: (request) =>
              presigned(request)
                ? { status, headers: { location: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" } }
                : undefined,
          },
          async (get, proxy) => {
            const whole = await get({ objectKey: key });
            expect(sha256(bytesOf(whole))).toBe(sha256(large));
            const last = large.length - 1;
            // The SDK's GET of the whole object, the presigned read redirected once, then the SDK's ranged GET.
            expect(proxy.seen.filter((request) => request.method === "GET").map((request) => request.range)).toEqual([
              undefined,
              `bytes=0-${last}`,
              `bytes=0-${last}`,
            ]);
            expect(proxy.seen.filter(presigned)).toHaveLength(1);
          },
        );
        expect(net.attempted).toEqual([]);
      } finally {
        net.off();
      }
    },
  );

  it("fail naming the change when the object is replaced while it is read", async () => {
    const changingKey = "changing.bin";
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: changingKey, Body: large }));
    let replaced = false;
    await throughProxy(
      {},
      {
        beforeForward: async (request) => {
          if (replaced || !request.path.includes("X-Amz-Signature=")) return;
          replaced = true;
          await s3.send(
            new PutObjectCommand({ Bucket: bucket, Key: changingKey, Body: randomBytes(DIRECT_READ_BYTES) }),
          );
        },
      },
      async (get) => {
        await expect(get({ objectKey: changingKey })).rejects.toThrow(
          /^GetObject failed: PreconditionFailed \(HTTP 412.*changed while it was being read/s,
        );
        expect(replaced).toBe(true);
      },
    );
  });
});
