/**
 * An SNS stand-in between Ceph and the webhook trigger: Ceph pushes S3 events to this local
 * HTTP endpoint (a Ceph topic's push-endpoint), the relay wraps each one as an SNS
 * Notification signed with the test signer, as Amazon SNS would, and hands the request to
 * `deliver` (which runs the trigger). It answers Ceph with the trigger's status code.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { TriggerPayload } from "@prismatic-io/spectral";
import { type SnsFields, snsRequest, type TestSnsSigner } from "../snsSigner";
import { type TriggerOutcome, triggerOutcome } from "../triggerOutcome";

export interface RelayedMessage {
  message: SnsFields;
  outcome: TriggerOutcome;
}

export interface SnsRelay {
  /** http://127.0.0.1:PORT/ */
  endpoint: string;
  delivered: RelayedMessage[];
  /** Resolves with the first delivery (past or future) that `matches`, or rejects after `timeoutMs`. */
  waitFor(matches: (delivery: RelayedMessage) => boolean, timeoutMs: number): Promise<RelayedMessage>;
  close(): Promise<void>;
}

export async function startSnsRelay(options: {
  signer: TestSnsSigner;
  topicArn: string;
  deliver: (request: Partial<TriggerPayload>) => Promise<unknown>;
}): Promise<SnsRelay> {
  const delivered: RelayedMessage[] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const message = options.signer.notification(options.topicArn, Buffer.concat(chunks).toString("utf8"));
      options
        .deliver(snsRequest(message))
        .then((result) => {
          const outcome = triggerOutcome(result);
          delivered.push({ message, outcome });
          for (const wake of waiters) wake();
          response.writeHead(outcome.status ?? 500).end();
        })
        .catch(() => response.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === "string") throw new Error("the relay did not get a port");
  return {
    endpoint: `http://127.0.0.1:${address.port}/`,
    delivered,
    waitFor: (matches, timeoutMs) =>
      new Promise<RelayedMessage>((resolve, reject) => {
        const check = (): boolean => {
          const found = delivered.find(matches);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching delivery within ${timeoutMs} ms (${delivered.length} delivered)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
