/**
 * uploadFromUrl's own HTTP/1.1 reader (src/transfer/http/sourceRequest.ts) against real servers: the ways a
 * body can be framed, over plain TCP and TLS, a sink that takes bytes slowly, and sources that
 * misbehave. (The action's round trips into S3 are in
 * test/integration/actions/objects/uploadFromUrl.test.ts.)
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { refusedEndpointAddress } from "../../../../src/rules/networkAddresses";
import { AddressRefusal, type BodySink, SourceFailure } from "../../../../src/transfer/http/sourceConnection";
import { requestSource, type SourceResponse } from "../../../../src/transfer/http/sourceRequest";
import { loopbackOnly } from "../../../support/loopbackOnly";
import { selfSignedCertificate } from "../../../support/servers/selfSignedCertificate";

const BODY = randomBytes(3 * 1024 * 1024 + 17);
const sha = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/** Writes `bytes` in pieces of random sizes, so chunk boundaries fall anywhere. */
function sendInPieces(response: http.ServerResponse, bytes: Buffer): void {
  let offset = 0;
  const more = () => {
    while (offset < bytes.length) {
      const piece = bytes.subarray(offset, offset + 1 + Math.floor(Math.random() * 200_000));
      offset += piece.length;
      if (!response.write(piece)) return void response.once("drain", more);
    }
    response.end();
  };
  more();
}

function handler(request: http.IncomingMessage, response: http.ServerResponse): void {
  switch (request.url) {
    case "/to-plain-http":
      // Leaves TLS for plain http on the same host (the TCP server of this test).
      response.writeHead(302, { location: `${origin}/length` });
      return void response.end();
    case "/to-metadata":
      // What a hostile S3-compatible server could answer a presigned read with.
      response.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" });
      return void response.end();
    case "/length":
      response.writeHead(200, { "content-length": BODY.length, "x-twice": "a" });
      return sendInPieces(response, BODY);
    case "/chunked":
      response.writeHead(200, { "content-type": "text/plain" });
      return sendInPieces(response, BODY);
    case "/at-once":
      response.writeHead(200, { "content-length": BODY.length });
      return void response.end(BODY);
    case "/empty":
      response.writeHead(200, { "content-length": 0 });
      return void response.end();
    case "/stalls":
      response.writeHead(200, { "content-length": BODY.length });
      return void response.write(BODY.subarray(0, 1000));
    default:
      response.writeHead(404).end();
  }
}

/** A server speaking raw bytes: for framings node:http would not produce. */
function rawServer(reply: (socket: net.Socket) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const server = net.createServer((socket) => socket.once("data", () => reply(socket)));
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

/** Collects the body; with `capacity`, takes at most that many bytes at once and then needs a while. */
class CollectingSink implements BodySink {
  readonly pieces: Buffer[] = [];
  waits = 0;
  private room: number;
  constructor(private readonly capacity = Infinity) {
    this.room = capacity;
  }
  writeNow(bytes: Buffer): boolean {
    if (bytes.length > this.room) return false;
    this.room -= bytes.length;
    this.pieces.push(Buffer.from(bytes));
    return true;
  }
  async write(bytes: Buffer): Promise<void> {
    this.waits += 1;
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.room = this.capacity;
    this.pieces.push(Buffer.from(bytes));
  }
  get bytes(): Buffer {
    return Buffer.concat(this.pieces);
  }
}

let server: http.Server;
let secure: https.Server;
let origin: string;
let secureOrigin: string;
let ca: string;

const portOf = (listening: net.Server): number => {
  const address = listening.address();
  return typeof address === "object" && address !== null ? address.port : 0;
};

beforeAll(async () => {
  const { keyPem, certificatePem } = selfSignedCertificate("localhost", "DNS:localhost,IP:127.0.0.1");
  ca = certificatePem;
  server = http.createServer(handler);
  secure = https.createServer({ key: keyPem, cert: certificatePem }, handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${portOf(server)}`;
  secureOrigin = `https://localhost:${portOf(secure)}`;
});
afterAll(async () => {
  server.closeAllConnections();
  secure.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => secure.close(resolve));
});

async function read(
  url: string,
  sink = new CollectingSink(),
  timeoutMs = 5000,
): Promise<{ response: SourceResponse; sink: CollectingSink }> {
  const response = await requestSource(new URL(url), {}, { timeoutMs, ca });
  await response.body.pipeTo(sink);
  return { response, sink };
}

it.each([
  ["Content-Length over TCP", () => `${origin}/length`],
  ["chunked over TCP", () => `${origin}/chunked`],
  ["Content-Length over TLS", () => `${secureOrigin}/length`],
  ["chunked over TLS", () => `${secureOrigin}/chunked`],
])("reads a body framed by %s, byte for byte", async (_name, url) => {
  const { response, sink } = await read(url());
  expect(response.status).toBe(200);
  expect(sha(sink.bytes)).toBe(sha(BODY));
  expect(response.body.received).toBe(BODY.length);
});

it.each([
  ["TCP", () => origin],
  ["TLS", () => secureOrigin],
])("keeps every byte over %s when the sink is often full, and reports headers", async (_name, base) => {
  const { response, sink } = await read(`${base()}/chunked`, new CollectingSink(100_000));
  expect(sha(sink.bytes)).toBe(sha(BODY));
  expect(sink.waits).toBeGreaterThan(10);
  expect(response.headers["content-type"]).toBe("text/plain");
  expect(response.headers["transfer-encoding"]).toBe("chunked");
});

// TLS decrypts ahead of a paused socket, so the close can come while bytes still wait for the sink.
it.each([
  ["TCP", () => origin],
  ["TLS", () => secureOrigin],
])(
  "keeps every byte over %s when the source sends all at once and closes while the sink is full",
  async (_name, base) => {
    const { sink } = await read(`${base()}/at-once`, new CollectingSink(10_000));
    expect(sha(sink.bytes)).toBe(sha(BODY));
  },
);

it("reads an empty body, and a body that ends with the connection after an informational answer", async () => {
  expect((await read(`${origin}/empty`)).sink.bytes.length).toBe(0);
  const raw = await rawServer((socket) =>
    socket.end(
      "HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\nHTTP/1.0 200 OK\r\ncontent-type: text/csv\r\n\r\na,b\n1,2\n",
    ),
  );
  try {
    const { response, sink } = await read(raw.url);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv");
    expect(sink.bytes.toString()).toBe("a,b\n1,2\n");
  } finally {
    await raw.close();
  }
});

it("fails clearly on a body cut short, a silent source, broken chunks, and a source that is not HTTP", async () => {
  const short = await rawServer((socket) => socket.end("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc"));
  const broken = await rawServer((socket) =>
    socket.end("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nabc\r\n"),
  );
  const notHttp = await rawServer((socket) => socket.end("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
  try {
    await expect(read(short.url)).rejects.toThrow(
      new SourceFailure("the connection closed before the body was complete"),
    );
    await expect(read(broken.url)).rejects.toThrow(new SourceFailure("the response's chunked coding is malformed"));
    await expect(read(notHttp.url)).rejects.toThrow(new SourceFailure("the source did not answer in HTTP/1.1"));
    await expect(read(`${origin}/stalls`, new CollectingSink(), 300)).rejects.toThrow(
      new SourceFailure("the source sent nothing for 0.3 s"),
    );
  } finally {
    await Promise.all([short.close(), broken.close(), notHttp.close()]);
  }
});

it("refuses header names and values that would break the request, before connecting", async () => {
  await expect(requestSource(new URL(`${origin}/length`), { "bad name": "x" }, { timeoutMs: 1000 })).rejects.toThrow(
    '"bad name" is not a valid header name',
  );
  await expect(
    requestSource(new URL(`${origin}/length`), { "x-a": "1\r\nx-injected: 2" }, { timeoutMs: 1000 }),
  ).rejects.toThrow('the value of header "x-a" contains a line break');
});

it("refuses a redirect from https to plain http, and headers the request writes itself", async () => {
  await expect(requestSource(new URL(`${secureOrigin}/to-plain-http`), {}, { timeoutMs: 5000, ca })).rejects.toThrow(
    new SourceFailure("redirected from https to plain http, which would send the request unencrypted"),
  );
  for (const name of ["Host", "content-length", "Transfer-Encoding", "connection"]) {
    await expect(requestSource(new URL(`${origin}/length`), { [name]: "x" }, { timeoutMs: 1000 })).rejects.toThrow(
      `the request sets the "${name.toLowerCase()}" header itself`,
    );
  }
});

it("checks every address of the host before connecting, and connects to the one checked", async () => {
  const checked: string[] = [];
  const refuseAddress = (address: string) => (checked.push(address), undefined);
  const sink = new CollectingSink();
  const response = await requestSource(
    new URL(`http://localhost:${new URL(origin).port}/length`),
    {},
    { timeoutMs: 5000, refuseAddress },
  );
  await response.body.pipeTo(sink);
  expect(sha(sink.bytes)).toBe(sha(BODY));
  expect(checked).toContain("127.0.0.1");
  await expect(
    requestSource(
      new URL(`${origin}/length`),
      {},
      { timeoutMs: 5000, refuseAddress: (address) => `${address} is not for this test` },
    ),
  ).rejects.toThrow(new SourceFailure("127.0.0.1 was not contacted: 127.0.0.1 is not for this test"));
});

it("does not trust a certificate Node does not trust", async () => {
  await expect(requestSource(new URL(`${secureOrigin}/length`), {}, { timeoutMs: 5000 })).rejects.toThrow(
    /self[- ]signed certificate/,
  );
});

it("hands back a redirect unfollowed when told not to follow, connecting nowhere else", async () => {
  const net = loopbackOnly();
  try {
    for (const base of [origin, secureOrigin]) {
      const response = await requestSource(
        new URL(`${base}/to-metadata`),
        {},
        { timeoutMs: 5000, ca, followRedirects: false },
      );
      response.body.cancel();
      expect(response.status).toBe(307);
      expect(response.headers.location).toBe("http://169.254.169.254/latest/meta-data/iam/security-credentials/");
      expect(response.url.href).toBe(`${base}/to-metadata`);
    }
    expect(net.attempted).toEqual([]);
  } finally {
    net.off();
  }
});

it("refuses a redirect to a link-local address with the endpoint rule, before connecting", async () => {
  const net = loopbackOnly();
  try {
    await expect(
      requestSource(new URL(`${origin}/to-metadata`), {}, { timeoutMs: 5000, refuseAddress: refusedEndpointAddress }),
    ).rejects.toThrow(
      new AddressRefusal(
        "169.254.169.254 was not contacted: 169.254.169.254 is a link-local address (where cloud metadata services answer)",
      ),
    );
    expect(net.attempted).toEqual([]);
  } finally {
    net.off();
  }
});
