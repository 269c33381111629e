/** Writing responses: the common AWS headers, S3 REST-XML bodies, awsQuery envelopes and both error documents. */
import { randomBytes } from "node:crypto";
import type { Ctx } from "./context";
import type { AwsError } from "./errors";
import type { FakeAwsService } from "./types";
import { el, leaf, XML_DECL } from "./xml";

export function sendRaw(
  ctx: Ctx,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
  declaredLength?: number,
): void {
  const buf = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  ctx.res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) ctx.res.setHeader(k, v);
  ctx.res.setHeader("x-amz-request-id", ctx.requestId);
  if (ctx.service === "s3") ctx.res.setHeader("x-amz-id-2", randomBytes(24).toString("base64"));
  else ctx.res.setHeader("x-amzn-RequestId", ctx.requestId);
  ctx.res.setHeader("Date", new Date().toUTCString());
  ctx.res.setHeader("Content-Length", String(declaredLength ?? buf.length));
  if (ctx.method === "HEAD") ctx.res.end();
  else ctx.res.end(buf);
}

export function sendS3(ctx: Ctx, status: number, headers: Record<string, string>, xmlBody?: string): void {
  if (xmlBody === undefined) sendRaw(ctx, status, headers, "");
  else sendRaw(ctx, status, { "Content-Type": "application/xml", ...headers }, XML_DECL + xmlBody);
}

function queryNamespace(service: FakeAwsService): string {
  return service === "sts" ? "https://sts.amazonaws.com/doc/2011-06-15/" : "http://sns.amazonaws.com/doc/2010-03-31/";
}

export function sendQuery(ctx: Ctx, action: string, result: string | undefined): void {
  const inner = result === undefined ? "" : el(`${action}Result`, result);
  const xml =
    `<${action}Response xmlns="${queryNamespace(ctx.service)}">` +
    inner +
    el("ResponseMetadata", leaf("RequestId", ctx.requestId)) +
    `</${action}Response>\n`;
  sendRaw(ctx, 200, { "Content-Type": "text/xml" }, xml);
}

export function sendError(ctx: Ctx, err: AwsError): void {
  if (ctx.service === "s3") {
    const extra = Object.entries(err.extra)
      .map(([k, v]) => leaf(k, v))
      .join("");
    const xml = el(
      "Error",
      leaf("Code", err.code) +
        leaf("Message", err.message) +
        extra +
        leaf("RequestId", ctx.requestId) +
        leaf("HostId", randomBytes(24).toString("base64")),
    );
    sendS3(ctx, err.status, err.headers, xml);
  } else {
    const type = err.status >= 500 ? "Receiver" : "Sender";
    const xml =
      `<ErrorResponse xmlns="${queryNamespace(ctx.service)}">` +
      el("Error", leaf("Type", type) + leaf("Code", err.code) + leaf("Message", err.message)) +
      leaf("RequestId", ctx.requestId) +
      `</ErrorResponse>\n`;
    sendRaw(ctx, err.status, { "Content-Type": "text/xml", ...err.headers }, xml);
  }
}
