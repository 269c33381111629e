/**
 * The only way the triggers reach out over the network by themselves (to fetch SNS signing
 * certificates and to confirm subscriptions): an HTTPS GET that follows no redirect, gives up
 * after a deadline and stops reading past a size cap, so a slow or hostile server can neither
 * hold a webhook request open nor fill memory. Callers validate the URL first.
 */
import https from "node:https";
import { GuardedHttpsAgent } from "../aws/endpointGuard";

export interface GetLimits {
  timeoutMs: number;
  maxBytes: number;
}

export class GetFailure extends Error {
  constructor(
    message: string,
    /** True when trying again later may succeed (network trouble, timeouts, 5xx). */
    readonly transient: boolean,
  ) {
    super(message);
    this.name = "GetFailure";
  }
}

/**
 * What GETs go through unless the caller gives an agent. SNS hosts are validated names, so only
 * a hostile DNS answer could lead one to a link-local or metadata address: this agent refuses
 * those when connecting. Tests that answer an SNS host on 127.0.0.1 put their own agent here.
 */
export const outbound: { agent: https.Agent } = {
  agent: new GuardedHttpsAgent({
    refuse: (host, reason) => new GetFailure(`${host} was not contacted: ${reason}`, false),
  }),
};

/** How many GETs this process has started: tests read it to prove that nothing was fetched. */
export const outboundGets = { started: 0 };

/** `agent` exists for tests that serve over a self-signed local certificate. */
export function boundedGet(url: URL, limits: GetLimits, agent?: https.Agent): Promise<Buffer> {
  if (url.protocol !== "https:") return Promise.reject(new GetFailure(`${url.protocol} is not https:`, false));
  outboundGets.started += 1;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const fail = (failure: GetFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      reject(failure);
      request.destroy();
    };
    const request = https.get(url, { agent: agent ?? outbound.agent, headers: { accept: "*/*" } }, (response) => {
      const status = response.statusCode ?? 0;
      // Redirects are refused like errors: the validated URL is the only place we read from.
      if (status !== 200) return fail(new GetFailure(`the server answered HTTP ${status}`, status >= 500));
      const declared = Number(response.headers["content-length"]);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        return fail(
          new GetFailure(`the response has ${declared} bytes, more than the ${limits.maxBytes} allowed`, false),
        );
      }
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > limits.maxBytes)
          fail(new GetFailure(`the response is larger than the ${limits.maxBytes} bytes allowed`, false));
        else chunks.push(chunk);
      });
      response.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(Buffer.concat(chunks));
      });
      response.on("error", (error: Error) => fail(new GetFailure(`the response broke off (${error.message})`, true)));
    });
    const deadline = setTimeout(
      () => fail(new GetFailure(`no complete answer within ${limits.timeoutMs} ms`, true)),
      limits.timeoutMs,
    );
    request.on("error", (error: Error) => fail(new GetFailure(error.message, true)));
  });
}
