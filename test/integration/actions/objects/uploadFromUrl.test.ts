import { randomBytes } from "node:crypto";
import http from "node:http";
import { GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  failure,
  harness,
  keyConnection,
  region,
  run,
  sha256,
  uploadsInProgress,
  useTestBucket,
} from "../../../support/harness";
import { loopbackOnly } from "../../../support/loopbackOnly";
import { outputProblems } from "../../../support/outputs";
import { startCountingProxy } from "../../../support/servers/countingProxy";
import { startFailingProxy } from "../../../support/servers/failingProxy";
import { testTarget } from "../../../support/target";

const MIB = 1024 * 1024;
const { bucket, verifier: s3 } = useTestBucket("fromurl");
let server: http.Server;
let origin: string;
/** Headers the source server received, by path. */
const received: Record<string, http.IncomingHttpHeaders> = {};
/** Whether the last response on a path was cut off by the client before it was finished. */
const cutOff: Record<string, Promise<boolean>> = {};

const FILE = randomBytes(13 * MIB + 333);
/** Requests the source server got, so a test can prove one never reached it. */
let requestsServed = 0;

/** Writes `bytes` in 256 KiB pieces, honouring back-pressure, then calls `done`. */
function send(response: http.ServerResponse, bytes: Buffer, done: () => void): void {
  let offset = 0;
  const more = () => {
    while (offset < bytes.length) {
      const piece = bytes.subarray(offset, offset + 256 * 1024);
      offset += piece.length;
      if (!response.write(piece)) return void response.once("drain", more);
    }
    done();
  };
  more();
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://source").pathname;
    requestsServed += 1;
    received[path] = request.headers;
    cutOff[path] = new Promise((resolve) => response.once("close", () => resolve(!response.writableFinished)));
    switch (path) {
      case "/file.bin":
        response.writeHead(200, { "content-type": "application/x-source", "content-length": FILE.length });
        return send(response, FILE, () => response.end());
      case "/chunked.csv":
        // No Content-Length: the size is only known at the end.
        response.writeHead(200, { "content-type": "text/csv" });
        return send(response, FILE, () => response.end());
      case "/large.bin": {
        // 16 copies of the file (208 MiB): more than sockets buffer, so only a reader gets to its end.
        response.writeHead(200, { "content-length": FILE.length * 16 });
        let copies = 0;
        const next = (): void => (++copies > 16 ? void response.end() : send(response, FILE, next));
        return next();
      }
      case "/moved":
        response.writeHead(302, { location: "/file.bin" });
        return response.end();
      case "/elsewhere":
        // The same server under another origin (localhost rather than 127.0.0.1).
        response.writeHead(307, { location: `http://localhost:${request.socket.localPort}/landed` });
        return response.end();
      case "/landed":
        response.writeHead(200, { "content-length": 6 });
        return response.end("landed");
      case "/loop":
        response.writeHead(301, { location: "/loop" });
        return response.end();
      case "/private":
        if (request.headers.authorization !== "Bearer secret-token") {
          response.writeHead(401, { "content-type": "text/plain" });
          return response.end("no");
        }
        response.writeHead(200, { "content-length": 5 });
        return response.end("hello");
      case "/to-metadata":
        // A redirect to the cloud metadata service's address.
        response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" });
        return response.end();
      case "/to-ec2-ipv6":
        // A redirect to AWS's IPv6 ECS task metadata address (unique-local, not link-local).
        response.writeHead(307, { location: "http://[fd00:ec2::23]/v4/credentials" });
        return response.end();
      case "/slow": {
        // Keeps sending, a byte every 100 ms, so the connection is never idle for long.
        response.writeHead(200, { "content-length": 1000 });
        const drip = setInterval(() => response.write("x"), 100);
        response.once("close", () => clearInterval(drip));
        return;
      }
      case "/dies":
        // Announces the whole file, sends 7 MiB (a part has gone to S3 by then), then the server dies.
        response.writeHead(200, { "content-length": FILE.length });
        return send(response, FILE.subarray(0, 7 * MIB), () => setTimeout(() => response.socket?.destroy(), 200));
      default:
        response.writeHead(404, { "content-type": "text/plain" });
        response.end("not here");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function stored(key: string): Promise<{ bytes: Buffer; contentType?: string }> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { bytes: Buffer.from((await response.Body?.transformToByteArray()) ?? []), contentType: response.ContentType };
}

it("streams a file across part boundaries into S3, keeping the source's content type", async () => {
  const result = await run("uploadFromUrl", {
    allowPrivateNetwork: true,
    url: `${origin}/file.bin`,
    bucket,
    objectKey: "copies/file.bin",
    partSizeMiB: 5,
    metadata: [{ key: "source", value: "web" }],
  });
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "copies/file.bin" }));
  expect(result?.data).toMatchObject({
    Bucket: bucket,
    Key: "copies/file.bin",
    ETag: head.ETag,
    ContentLength: FILE.length,
    SourceUrl: `${origin}/file.bin`,
  });
  expect(outputProblems("uploadFromUrl", result?.data)).toEqual([]);
  expect(head.ETag).toMatch(/-3"?$/);
  expect(head.Metadata).toEqual({ source: "web" });
  const { bytes, contentType } = await stored("copies/file.bin");
  expect(sha256(bytes)).toBe(sha256(FILE));
  expect(contentType).toBe("application/x-source");
  // The file's own bytes are asked for, never a compressed encoding of them.
  expect(received["/file.bin"]["accept-encoding"]).toBe("identity");
});

it("streams a source of unknown length, follows redirects, and lets contentType override the source's", async () => {
  await run("uploadFromUrl", {
    allowPrivateNetwork: true,
    url: `${origin}/chunked.csv`,
    bucket,
    objectKey: "copies/chunked.csv",
    partSizeMiB: 5,
    concurrency: 2,
  });
  expect(sha256((await stored("copies/chunked.csv")).bytes)).toBe(sha256(FILE));
  expect((await stored("copies/chunked.csv")).contentType).toBe("text/csv");

  await run("uploadFromUrl", {
    allowPrivateNetwork: true,
    url: `${origin}/moved`,
    bucket,
    objectKey: "copies/moved.bin",
    contentType: "application/octet-stream",
  });
  const moved = await stored("copies/moved.bin");
  expect(sha256(moved.bytes)).toBe(sha256(FILE));
  expect(moved.contentType).toBe("application/octet-stream");
});

it("never overwrites with Do Not Overwrite on, and then does not even fetch the source", async () => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "copies/kept.bin", Body: "original" }));
  delete received["/file.bin"];
  expect(
    (
      await failure("uploadFromUrl", {
        allowPrivateNetwork: true,
        url: `${origin}/file.bin`,
        bucket,
        objectKey: "copies/kept.bin",
        ifNoneMatch: true,
      })
    ).message,
  ).toBe(
    `Do Not Overwrite (ifNoneMatch): is on and an object already exists at "copies/kept.bin" in bucket "${bucket}"; nothing was downloaded or uploaded.`,
  );
  expect(received["/file.bin"]).toBeUndefined();
  expect((await stored("copies/kept.bin")).bytes.toString()).toBe("original");
  await run("uploadFromUrl", {
    allowPrivateNetwork: true,
    url: `${origin}/file.bin`,
    bucket,
    objectKey: "copies/new.bin",
    ifNoneMatch: true,
    partSizeMiB: 5,
  });
  expect(sha256((await stored("copies/new.bin")).bytes)).toBe(sha256(FILE));
});

it("sends the given headers to the source, and none of them to another origin it redirects to", async () => {
  const headers = [
    { key: "Authorization", value: "Bearer secret-token" },
    { key: "X-Api-Key", value: "k-1" },
  ];
  await run("uploadFromUrl", {
    allowPrivateNetwork: true,
    url: `${origin}/private`,
    headers,
    bucket,
    objectKey: "copies/private.txt",
  });
  expect((await stored("copies/private.txt")).bytes.toString()).toBe("hello");

  await run("uploadFromUrl", {
    allowPrivateNetwork: true,
    url: `${origin}/elsewhere`,
    headers,
    bucket,
    objectKey: "copies/landed.txt",
  });
  expect((await stored("copies/landed.txt")).bytes.toString()).toBe("landed");
  expect(received["/elsewhere"]).toMatchObject({ authorization: "Bearer secret-token", "x-api-key": "k-1" });
  expect(received["/landed"].authorization).toBeUndefined();
  expect(received["/landed"]["x-api-key"]).toBeUndefined();
  // A redirect within the origin keeps them.
  await run("uploadFromUrl", {
    allowPrivateNetwork: true,
    url: `${origin}/moved`,
    headers,
    bucket,
    objectKey: "copies/moved-with-headers.bin",
  });
  expect(received["/file.bin"]["x-api-key"]).toBe("k-1");
});

it("gives up on a redirect loop, and names an unreachable source", async () => {
  expect(
    (
      await failure("uploadFromUrl", {
        allowPrivateNetwork: true,
        url: `${origin}/loop`,
        bucket,
        objectKey: "copies/loop.bin",
      })
    ).message,
  ).toBe(`Source URL (url): could not fetch ${origin}/loop (more than 10 redirects). Nothing was uploaded.`);
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const address = closed.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise((resolve) => closed.close(resolve));
  expect(
    (
      await failure("uploadFromUrl", {
        allowPrivateNetwork: true,
        url: `http://127.0.0.1:${port}/gone.bin?token=t0ps3cret`,
        bucket,
        objectKey: "copies/gone.bin",
      })
    ).message,
  ).toBe(
    `Source URL (url): could not fetch http://127.0.0.1:${port}/gone.bin (connect ECONNREFUSED 127.0.0.1:${port}). Nothing was uploaded.`,
  );
});

it("aborts the upload when the source dies mid-body, leaving no parts behind", async () => {
  // A recording proxy (that fails nothing) shows a part reached S3 before the abort.
  const recorder = await startFailingProxy(testTarget().endpoint, () => false);
  const error = await harness
    .action("uploadFromUrl", {
      allowPrivateNetwork: true,
      accessKey: keyConnection({ endpoint: recorder.endpoint }),
      awsRegion: region(),
      url: `${origin}/dies`,
      bucket,
      objectKey: "copies/dies.bin",
      partSizeMiB: 5,
    })
    .then(
      () => new Error("uploadFromUrl succeeded"),
      (thrown: unknown) => (thrown instanceof Error ? thrown : new Error(String(thrown))),
    )
    .finally(() => recorder.close());
  expect(
    recorder.seen.filter((request) => request.method === "PUT" && request.query.get("partNumber") === "1"),
  ).toHaveLength(1);
  expect(recorder.seen.filter((request) => request.method === "DELETE" && request.query.has("uploadId"))).toHaveLength(
    1,
  );
  expect(error.message).toMatch(
    new RegExp(
      `^Source URL \\(url\\): reading ${origin}/dies failed after 7,340,032 bytes \\(the connection closed before the body was complete\\)\\. The upload to S3 was aborted; nothing was stored\\.$`,
    ),
  );
  expect(await uploadsInProgress(bucket)).toEqual([]);
  expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
  await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "copies/dies.bin" }))).rejects.toThrow();
});

it("fails on an error status before anything reaches S3", async () => {
  const proxy = await startCountingProxy(testTarget().endpoint);
  try {
    const params = {
      accessKey: keyConnection({ endpoint: proxy.endpoint }),
      awsRegion: region(),
      bucket,
      objectKey: "copies/missing.bin",
      allowPrivateNetwork: true,
    };
    await expect(harness.action("uploadFromUrl", { ...params, url: `${origin}/missing` })).rejects.toThrow(
      `Source URL (url): ${origin}/missing answered HTTP 404 Not Found; expected 200. Nothing was uploaded.`,
    );
    await expect(harness.action("uploadFromUrl", { ...params, url: `${origin}/private` })).rejects.toThrow(
      /answered HTTP 401 Unauthorized/,
    );
    expect(proxy.seen).toEqual([]);
  } finally {
    await proxy.close();
  }
});

it("refuses URLs that are not http or https, and credentials in the URL", async () => {
  const base = { bucket, objectKey: "x.bin" };
  expect(
    (await failure("uploadFromUrl", { allowPrivateNetwork: true, ...base, url: "ftp://example.com/file.bin" })).message,
  ).toBe("Source URL (url): only http and https URLs can be fetched; got a ftp URL.");
  expect(
    (await failure("uploadFromUrl", { allowPrivateNetwork: true, ...base, url: "file:///etc/passwd" })).message,
  ).toBe("Source URL (url): only http and https URLs can be fetched; got a file URL.");
  expect(
    (await failure("uploadFromUrl", { allowPrivateNetwork: true, ...base, url: "example.com/file.bin" })).message,
  ).toMatch(/^Source URL \(url\): "example.com\/file.bin" is not a URL/);
  expect(
    (await failure("uploadFromUrl", { allowPrivateNetwork: true, ...base, url: "https://user:pass@example.com/a" }))
      .message,
  ).toMatch(/^Source URL \(url\): must not carry a user name or password/);
  expect((await failure("uploadFromUrl", { allowPrivateNetwork: true, ...base, url: "" })).message).toBe(
    "Source URL (url): is required.",
  );
});

describe("sources it must not fetch", () => {
  const fix =
    " Only public internet sources are fetched unless Allow Private Network (allowPrivateNetwork) is on; link-local and cloud metadata addresses never are.";

  it.each([
    ["127.0.0.1", "127.0.0.1", "127.0.0.1 is a loopback address (this machine)"],
    ["localhost", "localhost", "is a loopback address (this machine)"],
    // The URL parser writes an IPv4-mapped address in hex.
    ["[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "::ffff:7f00:1 is a loopback address (this machine)"],
  ])("refuses %s by default, before connecting", async (host, shownHost, reason) => {
    const port = new URL(origin).port;
    const before = requestsServed;
    const error = await failure("uploadFromUrl", {
      url: `http://${host}:${port}/file.bin`,
      bucket,
      objectKey: "copies/refused.bin",
    });
    expect(error.message).toContain(
      `Source URL (url): could not fetch http://${shownHost}:${port}/file.bin (${shownHost} was not contacted: `,
    );
    expect(error.message).toContain(reason);
    expect(error.message.endsWith(fix)).toBe(true);
    expect(requestsServed).toBe(before);
  });

  it("refuses a redirect to a link-local address (the metadata service) even with private networks allowed", async () => {
    const error = await failure("uploadFromUrl", {
      allowPrivateNetwork: true,
      url: `${origin}/to-metadata`,
      bucket,
      objectKey: "copies/metadata.bin",
    });
    expect(error.message).toBe(
      `Source URL (url): could not fetch ${origin}/to-metadata (169.254.169.254 was not contacted: 169.254.169.254 is a link-local address (where cloud metadata services answer)). Nothing was uploaded.${fix}`,
    );
  });

  it.each([
    ["http://[fd00:ec2::254]/latest/meta-data/", "[fd00:ec2::254]", "fd00:ec2::254", "/latest/meta-data/"],
    ["http://[fd00:ec2::23]/v4/credentials", "[fd00:ec2::23]", "fd00:ec2::23", "/v4/credentials"],
    ["http://100.100.100.200/latest/meta-data/", "100.100.100.200", "100.100.100.200", "/latest/meta-data/"],
    [`/to-ec2-ipv6`, "", "fd00:ec2::23", "/to-ec2-ipv6"],
  ])(
    "refuses the metadata address of %s even with private networks allowed, before connecting",
    async (url, host, address, path) => {
      // Anything but loopback fails before connecting, so even a wrong answer sends nothing off this machine.
      const net = loopbackOnly();
      try {
        const source = url.startsWith("/") ? `${origin}${url}` : url;
        const error = await failure("uploadFromUrl", {
          allowPrivateNetwork: true,
          url: source,
          bucket,
          objectKey: "copies/metadata-v6.bin",
        });
        const shown = host === "" ? `${origin}${path}` : `http://${host}${path}`;
        expect(error.message).toBe(
          `Source URL (url): could not fetch ${shown} (${host === "" ? `[${address}]` : host} was not contacted: ${address} is a cloud metadata service's address). Nothing was uploaded.${fix}`,
        );
        expect(net.attempted).toEqual([]);
      } finally {
        net.off();
      }
    },
  );

  it.each(["Host", "content-length", "Transfer-Encoding", "Connection"])(
    "refuses a %s header, which the request writes itself, before anything is sent",
    async (name) => {
      const before = requestsServed;
      const error = await failure("uploadFromUrl", {
        allowPrivateNetwork: true,
        url: `${origin}/file.bin`,
        headers: [{ key: name, value: "x" }],
        bucket,
        objectKey: "copies/h.bin",
      });
      expect(error.message).toBe(
        `Source Headers (headers): "${name}" is set by the request itself and cannot be given; remove it.`,
      );
      expect(requestsServed).toBe(before);
    },
  );

  it("stops a source that keeps sending past the Time Limit, and stores nothing", async () => {
    const started = Date.now();
    const error = await failure("uploadFromUrl", {
      allowPrivateNetwork: true,
      url: `${origin}/slow`,
      bucket,
      objectKey: "copies/slow.bin",
      timeoutSeconds: 1,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.message).toMatch(
      /^Source URL \(url\): reading .*\/slow failed after \d+ bytes \(the transfer did not finish within its time limit \(1 s\)\)\. The upload to S3 was aborted; nothing was stored\. Raise Time Limit \(timeoutSeconds\)/,
    );
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "copies/slow.bin" }))).rejects.toThrow();
  });
});

it("reports an S3 failure as S3's error, and closes the source", async () => {
  const error = await failure("uploadFromUrl", {
    allowPrivateNetwork: true,
    url: `${origin}/large.bin`,
    bucket: "no-such-bucket-for-upload-from-url",
    objectKey: "a.bin",
    partSizeMiB: 5,
  });
  expect(error.message).toMatch(/^(CreateMultipartUpload|UploadPart|PutObject) failed: NoSuchBucket \(HTTP 404/);
  // The download was abandoned, not left open until some timeout.
  expect(await cutOff["/large.bin"]).toBe(true);
});
