import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeAwsService } from "./types";

/** One request in flight, as parsed by the server and read by authentication, handlers and response writers. */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  service: FakeAwsService;
  method: string;
  rawPath: string;
  query: [string, string | null][];
  body: Buffer; // decoded payload (aws-chunked removed)
  rawBody: Buffer;
  trailers: Record<string, string>;
  form: Map<string, string>; // SNS/STS parameters
  requestId: string;
}
