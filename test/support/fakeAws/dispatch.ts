/**
 * One request end to end: parse it, tell which service it is for, record it, verify its signature,
 * then hand it to that service's handlers and turn any thrown AwsError into the service's error document.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isService, parseAuthorization } from "./authorizationHeader";
import type { Ctx } from "./context";
import { AwsError } from "./errors";
import { decodeAwsChunked, headerValue, parseRawQuery, readBody } from "./httpRequest";
import { sendError } from "./responses";
import { handleS3 } from "./s3";
import { type S3Target, s3Params, s3Target } from "./s3Routing";
import { authenticate } from "./sigv4";
import { handleSns } from "./sns";
import type { FakeAwsState } from "./state";
import { handleSts } from "./sts";

function s3RequestId(): string {
  return randomBytes(8).toString("hex").toUpperCase();
}

export async function handleRequest(state: FakeAwsState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawBody = await readBody(req);
  const url = req.url ?? "/";
  const qIdx = url.indexOf("?");
  const rawPath = qIdx < 0 ? url : url.slice(0, qIdx);
  const rawQuery = qIdx < 0 ? "" : url.slice(qIdx + 1);
  const authHeader = headerValue(req, "authorization");
  const auth = authHeader === undefined ? undefined : parseAuthorization(authHeader);

  const ctx: Ctx = {
    req,
    res,
    service: "s3",
    method: req.method ?? "GET",
    rawPath,
    query: [],
    body: rawBody,
    rawBody,
    trailers: {},
    form: new Map(),
    requestId: s3RequestId(),
  };

  // Query-protocol parameters (form body and query string).
  const contentType = headerValue(req, "content-type") ?? "";
  const formPairs: [string, string][] = [];
  try {
    ctx.query = parseRawQuery(rawQuery);
  } catch {
    sendError(ctx, new AwsError(400, "InvalidURI", "Couldn't parse the specified URI."));
    return;
  }
  for (const [k, v] of ctx.query) formPairs.push([k, v ?? ""]);
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(rawBody.toString("utf8"))) formPairs.push([k, v]);
  }
  for (const [k, v] of formPairs) ctx.form.set(k, v);

  // Service: from the credential scope, else guessed from the request shape.
  if (auth !== undefined && isService(auth.service)) {
    ctx.service = auth.service;
  } else {
    const version = ctx.form.get("Version");
    ctx.service = version === "2011-06-15" ? "sts" : version === "2010-03-31" ? "sns" : "s3";
  }
  if (ctx.service !== "s3") {
    ctx.requestId = randomUUID();
  }

  // aws-chunked payloads (S3 streaming uploads).
  const contentSha = headerValue(req, "x-amz-content-sha256") ?? "";
  if (ctx.service === "s3" && contentSha.startsWith("STREAMING-")) {
    const decoded = decodeAwsChunked(rawBody);
    if (decoded === undefined) {
      sendError(ctx, new AwsError(400, "IncompleteBody", "The request body terminated unexpectedly"));
      return;
    }
    ctx.body = decoded.payload;
    ctx.trailers = decoded.trailers;
  }

  let action: string;
  let s3: S3Target | undefined;
  if (ctx.service === "s3") {
    try {
      s3 = s3Target(ctx);
    } catch {
      state.requests.push({ service: "s3", action: "InvalidURI", params: {} });
      sendError(ctx, new AwsError(400, "InvalidURI", "Couldn't parse the specified URI."));
      return;
    }
    action = s3.action;
    state.requests.push({ service: "s3", action, params: s3Params(ctx, s3) });
  } else {
    action = ctx.form.get("Action") ?? "";
    const params: Record<string, string> = {};
    for (const [k, v] of formPairs) if (k !== "Action" && k !== "Version") params[k] = v;
    state.requests.push({ service: ctx.service, action, params });
  }

  try {
    if (auth !== undefined && !isService(auth.service)) {
      throw new AwsError(400, "InvalidRequest", `Unsupported service in credential scope: ${auth.service}`);
    }
    await authenticate(state, ctx, auth, authHeader);
    if (ctx.service === "s3" && s3 !== undefined) handleS3(state, ctx, s3);
    else if (ctx.service === "sts") handleSts(state, ctx, action);
    else handleSns(state, ctx, action);
  } catch (err) {
    if (err instanceof AwsError) sendError(ctx, err);
    else sendError(ctx, new AwsError(500, ctx.service === "s3" ? "InternalError" : "InternalFailure", String(err)));
  }
}
