/** Starting and stopping the fake: the HTTP server on 127.0.0.1, and the handle tests hold. */
import { createServer } from "node:http";
import type { Socket } from "node:net";
import { computeChecksum } from "./checksums";
import { handleRequest } from "./dispatch";
import { createBucketState, STORAGE_CLASSES, storeObject } from "./s3Store";
import { createState } from "./state";
import type { FakeAws, FakeAwsOptions } from "./types";

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const state = createState(options);

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handleRequest(state, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end(String(err));
      } else {
        res.destroy();
      }
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fakeAws: unexpected server address");
  const port = address.port;

  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    roleSessions: state.roleSessions,
    accessKeyId: state.accessKeyId,
    secretAccessKey: state.secretAccessKey,
    accountId: state.accountId,
    requests: state.requests,
    topics: state.topics,
    putObject(bucket, key, body, opts = {}) {
      const b = state.buckets.get(bucket) ?? createBucketState(state, bucket);
      const storageClass = opts.storageClass ?? "STANDARD";
      if (!STORAGE_CLASSES.has(storageClass))
        throw new Error(`fakeAws.putObject: invalid storage class ${storageClass}`);
      storeObject(
        b,
        key,
        body,
        opts.contentType ?? "binary/octet-stream",
        storageClass,
        "CRC64NVME",
        computeChecksum("CRC64NVME", body) ?? "",
      );
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
