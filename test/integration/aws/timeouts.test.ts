/**
 * A server that accepts connections and then never answers must not hang a step: every
 * attempt ends at the socket timeout (here lowered to 1 s through the operator setting),
 * and the step fails with a message that names the endpoint, after a bounded number of tries.
 */

import type { AddressInfo } from "node:net";
import net from "node:net";
import { MAX_ATTEMPTS } from "../../../src/aws/clients";
import { harness, keyConnection, region } from "../../support/harness";

let silent: net.Server;
let endpoint: string;
let connections = 0;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  process.env.AWS_S3_SOCKET_TIMEOUT_MS = "1000";
  silent = net.createServer((socket) => {
    connections += 1;
    sockets.push(socket);
    socket.on("data", () => undefined); // read the request, never answer
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const address: AddressInfo | string | null = silent.address();
  endpoint = typeof address === "object" && address !== null ? `http://127.0.0.1:${address.port}` : "";
});
afterAll(async () => {
  delete process.env.AWS_S3_SOCKET_TIMEOUT_MS;
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

it("fails a step against a server that stops answering, naming the endpoint, after a bounded number of tries", async () => {
  const error = await harness
    .action("headObject", {
      accessKey: keyConnection({ endpoint, forcePathStyle: "true" }),
      awsRegion: region(),
      bucket: "stalled-bucket",
      objectKey: "a.txt",
    })
    .catch((thrown: unknown) => thrown);
  expect(error instanceof Error ? error.message : String(error)).toMatch(
    new RegExp(`HeadObject failed: could not reach the endpoint ${endpoint} \\(.*time`, "i"),
  );
  expect(connections).toBeGreaterThan(0);
  expect(connections).toBeLessThanOrEqual(MAX_ATTEMPTS);
});
