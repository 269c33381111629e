/**
 * Progress of large transfers, from bytes that really moved:
 * - uploads the SDK makes (one PUT or parallel multipart parts): the sockets of every node:http(s)
 *   request started while a step runs are found through Node's `http.client.request.start`
 *   diagnostics channel, and their counters read. Sent bytes are those the kernel accepted:
 *   what Node dispatched minus what libuv still queues, so a bar does not run ahead of the
 *   network. Over TLS only whole writes count, so a bar advances part by part there.
 * - downloads the runner reads itself (a presigned URL): the bytes read from the body.
 * The bar is drawn on stderr, in place, only when stderr is a terminal; the summary line is
 * always available.
 */
import * as diagnostics from "node:diagnostics_channel";
import { ClientRequest } from "node:http";
import type { Socket } from "node:net";
import type { RunnerIO } from "./io";
import { formatBytes } from "./output";

const REQUEST_START = "http.client.request.start";

/** Bytes the kernel accepted from this socket; falls back to completed writes if Node's internals differ. */
function acceptedBytes(socket: Socket): number {
  const dispatched: unknown = Reflect.get(socket, "_bytesDispatched");
  const handle: unknown = Reflect.get(socket, "_handle");
  const queued: unknown =
    typeof handle === "object" && handle !== null ? Reflect.get(handle, "writeQueueSize") : undefined;
  const accepted =
    typeof dispatched === "number" && typeof queued === "number"
      ? dispatched - queued
      : socket.bytesWritten - socket.writableLength;
  return Number.isFinite(accepted) ? Math.max(0, accepted) : 0;
}

export interface Traffic {
  sent: number;
  received: number;
}

/**
 * Bytes sent and received over every node:http(s) socket used while it listens, counted from
 * each socket's start. A step's traffic is the difference of two readings, so kept-alive sockets
 * shared by several steps count for each step only what moved during it.
 */
export class SocketTraffic {
  /** Highest sent count seen per open socket: the counters come from internals that drop when it closes. */
  private readonly open = new Map<Socket, number>();
  /** The close listener of each open socket; removed on stop, since sockets outlive a session in the SDK's pool. */
  private readonly closeListeners = new Map<Socket, () => void>();
  private closed: Traffic = { sent: 0, received: 0 };

  private readonly onRequest = (message: unknown): void => {
    const request: unknown =
      typeof message === "object" && message !== null ? Reflect.get(message, "request") : undefined;
    if (!(request instanceof ClientRequest)) return;
    if (request.socket) this.track(request.socket);
    else request.once("socket", (socket: Socket) => this.track(socket));
  };

  private sentBy(socket: Socket): number {
    const sent = Math.max(this.open.get(socket) ?? 0, acceptedBytes(socket));
    this.open.set(socket, sent);
    return sent;
  }

  private track(socket: Socket): void {
    if (this.open.has(socket)) return;
    this.open.set(socket, 0);
    const onClose = (): void => {
      this.closed = { sent: this.closed.sent + this.sentBy(socket), received: this.closed.received + socket.bytesRead };
      this.open.delete(socket);
      this.closeListeners.delete(socket);
    };
    this.closeListeners.set(socket, onClose);
    socket.once("close", onClose);
  }

  start(): this {
    diagnostics.subscribe(REQUEST_START, this.onRequest);
    return this;
  }

  stop(): void {
    diagnostics.unsubscribe(REQUEST_START, this.onRequest);
    for (const [socket, onClose] of this.closeListeners) socket.off("close", onClose);
    this.closeListeners.clear();
  }

  totals(): Traffic {
    let { sent, received } = this.closed;
    for (const socket of this.open.keys()) {
      sent += this.sentBy(socket);
      received += socket.bytesRead;
    }
    return { sent, received };
  }

  /** Traffic since `earlier` (a reading of `totals()`). */
  since(earlier: Traffic): Traffic {
    const now = this.totals();
    return { sent: now.sent - earlier.sent, received: now.received - earlier.received };
  }
}

const BAR_WIDTH = 28;
const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export function rate(bytes: number, ms: number): string {
  return ms <= 0 ? "" : `${formatBytes((bytes * 1000) / ms)}/s`;
}

/**
 * Draws `label`'s progress every 100 ms while it runs (a step done sooner draws nothing): a bar
 * when `total` is known, else a spinner with the amount so far (bytes, unless `unit` says
 * otherwise) and the throughput.
 */
export function showProgress(
  io: RunnerIO,
  label: string,
  total: number | undefined,
  done: () => number,
  unit: { format: (value: number) => string; rate: (value: number, ms: number) => string } = {
    format: formatBytes,
    rate,
  },
): { end(): void } {
  if (!io.interactive) return { end: () => undefined };
  const began = Date.now();
  let frame = 0;
  let drawn = false;
  const draw = (): void => {
    const elapsed = Date.now() - began;
    const bytes = done();
    const speed = unit.rate(bytes, elapsed);
    let line: string;
    if (total !== undefined && total > 0) {
      const fraction = Math.min(1, bytes / total);
      const filled = Math.round(fraction * BAR_WIDTH);
      line = `  ${label} [${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${unit.format(Math.min(bytes, total))} / ${unit.format(total)}  ${speed}`;
    } else {
      line = `  ${SPINNER[frame++ % SPINNER.length]} ${label} ${unit.format(bytes)}  ${speed}  ${(elapsed / 1000).toFixed(1)} s`;
    }
    io.stderr(`\r\x1b[2K${line}`);
    drawn = true;
  };
  const timer = setInterval(draw, 100);
  return {
    end: () => {
      clearInterval(timer);
      if (drawn) io.stderr("\r\x1b[2K");
    },
  };
}
