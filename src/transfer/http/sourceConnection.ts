/**
 * One GET over one connection (Connection: close), read through one reused 64 KiB buffer: the
 * response head, then a body framed by Content-Length, chunked coding, or the connection's end.
 * sourceRequest.ts decides where to connect (redirects, address checks); this file speaks HTTP/1.1.
 */
import net from "node:net";
import tls from "node:tls";
import { echoed } from "../../glue/echo";

const READ_SIZE = 64 * 1024;
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_CHUNK_LINE = 4 * 1024;
const CLOSED_EARLY = "the connection closed before the body was complete";
/** A header name as HTTP defines it (a token). */
export const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The source could not be reached, answered wrongly or broke off; the message says why, without the URL. */
export class SourceFailure extends Error {}

/** The source's host has an address the caller does not allow; nothing was sent to it. */
export class AddressRefusal extends SourceFailure {}

/** The transfer was still going at its deadline. */
export class DeadlinePassed extends SourceFailure {}

/** Where the body's bytes go: taken at once while there is room, otherwise once `write` resolves. */
export interface BodySink {
  writeNow(bytes: Buffer): boolean;
  write(bytes: Buffer): Promise<void>;
}

export interface SourceOptions {
  /** How long the headers may take in all, and the longest silence while the body arrives. */
  timeoutMs: number;
  /** When the whole transfer, body included, must have ended (ms since the epoch). */
  deadline?: number;
  /**
   * For URLs a builder gives: why a connection to this address must not be made, or undefined.
   * Every address the host resolves to is checked before connecting, at every redirect, and
   * the connection goes to the address checked (a second DNS answer cannot slip in).
   */
  refuseAddress?: (address: string) => string | undefined;
  /**
   * false: a redirect is the answer itself, not followed (a presigned read stays with the S3
   * service it signed for). Followed by default.
   */
  followRedirects?: boolean;
  /** Certificate authorities to trust instead of Node's (tests). */
  ca?: string;
}

export interface Head {
  status: number;
  statusText: string;
  headers: Record<string, string>;
}

/** How the body ends: after a length, after the last chunk, or with the connection. */
type Framing =
  | { kind: "length"; remaining: number }
  | { kind: "chunked"; state: "size" | "data" | "data-end" | "trailers"; remaining: number; line: string }
  | { kind: "close" };

export interface SourceBody {
  /** Bytes of the body delivered so far. */
  readonly received: number;
  /** Delivers the whole body to `sink`; resolves once it ended where its framing says. */
  pipeTo(sink: BodySink): Promise<void>;
  /** Drops the connection (the body is not wanted, or no longer). */
  cancel(): void;
}

export class SourceConnection implements SourceBody {
  readonly head: Promise<Head>;
  received = 0;
  private readonly socket: net.Socket;
  private readonly idleMs: number;
  private headBytes = Buffer.alloc(0);
  private framing?: Framing;
  /** The body has ended where its framing says; finished once what is waiting is taken. */
  private complete = false;
  /** Body bytes the sink could not take yet (copied: the read buffer is reused); the socket is paused meanwhile. */
  private waiting?: { data: Buffer; rest: Buffer };
  private sink?: BodySink;
  private settle?: { resolve: () => void; reject: (error: Error) => void };
  private headSettle?: { resolve: (head: Head) => void; reject: (error: Error) => void };
  private failure?: Error;
  private done = false;
  /** The socket has closed; bytes may still wait for the sink (TLS reads ahead of a pause). */
  private closed = false;
  private totalTimer?: NodeJS.Timeout;

  /** `address`: connect there (already checked) instead of resolving the URL's host again. */
  constructor(url: URL, headers: Record<string, string>, options: SourceOptions, deadline: number, address?: string) {
    this.head = new Promise<Head>((resolve, reject) => (this.headSettle = { resolve, reject }));
    this.idleMs = options.timeoutMs;
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const secure = url.protocol === "https:";
    const port = Number(url.port || (secure ? 443 : 80));
    const onread = {
      buffer: Buffer.allocUnsafe(READ_SIZE),
      callback: (length: number, buffer: Uint8Array) =>
        this.onBytes(Buffer.from(buffer.buffer, buffer.byteOffset, length)),
    };
    // tls.connect takes onread as net.connect does (Node 20 and 22), though @types/node does not list it.
    const tlsOptions = {
      host: address ?? host,
      port,
      servername: net.isIP(host) ? undefined : host,
      ALPNProtocols: ["http/1.1"],
      ca: options.ca,
      onread,
    };
    this.socket = secure ? tls.connect(tlsOptions) : net.connect({ host: address ?? host, port, onread });
    const seconds = options.timeoutMs / 1000;
    const headTimer = setTimeout(
      () => this.fail(new SourceFailure(`no answer within ${seconds} s`)),
      Math.max(deadline - Date.now(), 0),
    );
    const clear = () => clearTimeout(headTimer);
    this.head.then(clear, clear);
    if (options.deadline !== undefined) {
      const total = options.deadline - Date.now();
      this.totalTimer = setTimeout(
        () =>
          this.fail(
            new DeadlinePassed(`the transfer did not finish within its time limit (${Math.round(total / 1000)} s)`),
          ),
        Math.max(total, 0),
      );
    }
    this.socket.setTimeout(this.idleMs, () => this.fail(new SourceFailure(`the source sent nothing for ${seconds} s`)));
    this.socket.on("error", (error) => this.fail(new SourceFailure(error.message)));
    this.socket.on("end", () => {
      if (this.framing?.kind !== "close") return;
      this.complete = true;
      if (!this.waiting) this.finish();
    });
    this.socket.on("close", () => {
      this.closed = true;
      // Bytes that arrived before the close still count: judge once the sink has taken them.
      if (!this.waiting) this.fail(new SourceFailure(CLOSED_EARLY));
    });
    const lines = [
      `GET ${url.pathname}${url.search} HTTP/1.1`,
      `host: ${url.host}`,
      "connection: close",
      "user-agent: aws-s3-component",
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    this.socket.write(`${lines.join("\r\n")}\r\n\r\n`);
  }

  pipeTo(sink: BodySink): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.sink = sink;
    const finished = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    if (this.done) this.settle?.resolve();
    else if (this.waiting) this.flushWaiting(sink);
    return finished;
  }

  cancel(): void {
    this.done = true;
    clearTimeout(this.totalTimer);
    this.socket.destroy();
  }

  /** The onread callback: returning false pauses the socket. */
  private onBytes(bytes: Buffer): boolean {
    if (this.done) return false;
    if (this.waiting) {
      // A TLS socket may hand over data it had decrypted already after being paused: it queues behind.
      this.waiting.rest = Buffer.concat([this.waiting.rest, bytes]);
      return false;
    }
    try {
      const body = this.framing ? bytes : this.readHead(bytes);
      return body === undefined || this.deliver(body);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return false;
    }
  }

  /** Gathers the response head; once it is complete, returns the bytes after it. */
  private readHead(bytes: Buffer): Buffer | undefined {
    const gathered = Buffer.concat([this.headBytes, bytes]);
    const end = gathered.indexOf("\r\n\r\n");
    if (end < 0) {
      if (gathered.length > MAX_HEAD_BYTES)
        throw new SourceFailure(`the response head is larger than ${MAX_HEAD_BYTES / 1024} KiB`);
      this.headBytes = gathered;
      return undefined;
    }
    this.headBytes = Buffer.alloc(0);
    const head = parseHead(gathered.subarray(0, end).toString("latin1"));
    const rest = gathered.subarray(end + 4);
    // 1xx answers (100 Continue, 103 Early Hints) come before the real one.
    if (head.status < 200) return rest.length > 0 ? this.readHead(rest) : undefined;
    this.framing = framingOf(head);
    this.complete = this.framing.kind === "length" && this.framing.remaining === 0;
    this.headSettle?.resolve(head);
    return rest;
  }

  /** Passes body bytes to the sink; what it cannot take yet waits, with the socket paused. */
  private deliver(bytes: Buffer): boolean {
    for (let offset = 0; ; ) {
      if (this.complete) {
        this.finish();
        return false;
      }
      if (offset >= bytes.length) return true;
      const [data, used] = this.nextData(bytes, offset);
      offset += used;
      if (data.length === 0) continue;
      if (this.sink?.writeNow(data)) {
        this.received += data.length;
        continue;
      }
      this.waiting = { data: Buffer.from(data), rest: Buffer.from(bytes.subarray(offset)) };
      // No reads while waiting, so no silence to time out either (S3 may be slow to take a part).
      this.socket.setTimeout(0);
      if (this.sink) this.flushWaiting(this.sink);
      return false;
    }
  }

  private flushWaiting(sink: BodySink): void {
    const waiting = this.waiting;
    if (!waiting) return;
    sink.write(waiting.data).then(
      () => {
        this.waiting = undefined;
        this.received += waiting.data.length;
        if (!this.deliver(waiting.rest) || this.done) return;
        if (this.closed) return this.fail(new SourceFailure(CLOSED_EARLY));
        this.socket.setTimeout(this.idleMs);
        this.socket.resume();
      },
      // The sink's own error (S3's), passed on as it is.
      (error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** The body data at `offset` and how many bytes that step consumed (chunk framing included). */
  private nextData(bytes: Buffer, offset: number): [Buffer, number] {
    const framing = this.framing;
    if (!framing) throw new Error("the body came before the head");
    if (framing.kind === "close") return [bytes.subarray(offset), bytes.length - offset];
    if (framing.kind === "length" || framing.state === "data") {
      const data = bytes.subarray(offset, offset + framing.remaining);
      framing.remaining -= data.length;
      if (framing.remaining === 0) {
        if (framing.kind === "length") this.complete = true;
        else framing.state = "data-end";
      }
      return [data, data.length];
    }
    // Chunk sizes, the line end after each chunk's data, and trailers: read line by line.
    const newline = bytes.indexOf(10, offset);
    const used = (newline < 0 ? bytes.length : newline + 1) - offset;
    framing.line += bytes.toString("latin1", offset, offset + used);
    if (framing.line.length > MAX_CHUNK_LINE) throw new SourceFailure("a chunk header of the response is too long");
    if (newline < 0) return [bytes.subarray(0, 0), used];
    const line = framing.line.replace(/\r?\n$/, "");
    framing.line = "";
    if (framing.state === "data-end") {
      if (line !== "") throw new SourceFailure("a chunk of the response is longer than announced");
      framing.state = "size";
    } else if (framing.state === "size") {
      const size = /^([0-9a-fA-F]{1,12})[ \t]*(;.*)?$/.exec(line);
      if (!size) throw new SourceFailure("the response's chunked coding is malformed");
      framing.remaining = parseInt(size[1], 16);
      framing.state = framing.remaining === 0 ? "trailers" : "data";
    } else if (line === "") {
      this.complete = true;
    }
    return [bytes.subarray(0, 0), used];
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.totalTimer);
    this.socket.destroy();
    this.settle?.resolve();
  }

  private fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.totalTimer);
    this.failure = error;
    this.socket.destroy();
    this.headSettle?.reject(error);
    this.settle?.reject(error);
  }
}

function parseHead(text: string): Head {
  const [statusLine, ...lines] = text.split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!status) throw new SourceFailure("the source did not answer in HTTP/1.1");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).toLowerCase();
    if (colon <= 0 || !TOKEN.test(name)) throw new SourceFailure("the source sent a malformed header");
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(status[1]), statusText: status[2] ?? "", headers };
}

function framingOf(head: Head): Framing {
  const coding = head.headers["transfer-encoding"];
  if (coding !== undefined) {
    if (coding.toLowerCase().split(",").pop()?.trim() !== "chunked")
      throw new SourceFailure(`the source sent a body in "${echoed(coding, 40)}" transfer coding`);
    return { kind: "chunked", state: "size", remaining: 0, line: "" };
  }
  if (head.status === 204 || head.status === 304) return { kind: "length", remaining: 0 };
  const length = head.headers["content-length"];
  if (length === undefined) return { kind: "close" };
  if (!/^\d+$/.test(length))
    throw new SourceFailure(`the source sent an invalid Content-Length "${echoed(length, 40)}"`);
  return { kind: "length", remaining: Number(length) };
}
