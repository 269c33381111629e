/**
 * `agent.createConnection(options[, callback])` is a documented method of http.Agent (and
 * https.Agent), which @types/node 20 does not declare; the endpoint guard overrides it.
 */
import type { ClientRequestArgs } from "node:http";
import type { Duplex } from "node:stream";

declare module "http" {
  interface Agent {
    createConnection(
      options: ClientRequestArgs,
      callback?: (error: Error | null, socket?: Duplex) => void,
    ): Duplex | undefined;
  }
}
