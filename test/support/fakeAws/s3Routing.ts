/** S3 routing: which operation a path-style request names, and the parameters it is recorded with. */
import type { Ctx } from "./context";
import { headerValue } from "./httpRequest";

export interface S3Target {
  bucket: string | undefined;
  key: string | undefined;
  action: string;
}

export function s3Target(ctx: Ctx): S3Target {
  const path = ctx.rawPath.startsWith("/") ? ctx.rawPath.slice(1) : ctx.rawPath;
  const slash = path.indexOf("/");
  const rawBucket = slash < 0 ? path : path.slice(0, slash);
  const rawKey = slash < 0 ? "" : path.slice(slash + 1);
  const bucket = rawBucket === "" ? undefined : decodeURIComponent(rawBucket);
  const key = rawKey === "" ? undefined : decodeURIComponent(rawKey);
  const names = new Set(ctx.query.map(([k]) => k));
  const ignored = new Set(["x-id", "versionId"]);
  const subresources = [...names].filter((n) => !ignored.has(n) && !n.startsWith("response-")).sort();
  const m = ctx.method;
  const unsupported = `Unsupported ${m} ${bucket === undefined ? "/" : key === undefined ? "/bucket" : "/bucket/key"}${
    subresources.length > 0 ? "?" + subresources.join("&") : ""
  }`;
  let action = unsupported;
  if (bucket === undefined) {
    if (m === "GET" && subresources.length === 0) action = "ListBuckets";
  } else if (key === undefined) {
    if (subresources.length === 0) {
      if (m === "PUT") action = "CreateBucket";
      else if (m === "HEAD") action = "HeadBucket";
      else if (m === "DELETE") action = "DeleteBucket";
    } else if (subresources.length === 1 && subresources[0] === "versioning") {
      if (m === "PUT") action = "PutBucketVersioning";
      else if (m === "GET") action = "GetBucketVersioning";
    } else if (subresources.length === 1 && subresources[0] === "notification") {
      if (m === "PUT") action = "PutBucketNotificationConfiguration";
      else if (m === "GET") action = "GetBucketNotificationConfiguration";
    }
  } else if (subresources.length === 0) {
    if (m === "PUT" && headerValue(ctx.req, "x-amz-copy-source") === undefined) action = "PutObject";
    else if (m === "GET") action = "GetObject";
    else if (m === "HEAD") action = "HeadObject";
    else if (m === "DELETE") action = "DeleteObject";
  } else if (subresources.length === 1 && subresources[0] === "attributes" && m === "GET") {
    action = "GetObjectAttributes";
  }
  return { bucket, key, action };
}

/** Added by the signer, so left out of the recorded params (see FakeAwsRequest). */
const SIGNING_HEADERS = new Set(["x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "x-amz-user-agent"]);

export function s3Params(ctx: Ctx, target: S3Target): Record<string, string> {
  const params: Record<string, string> = {};
  if (target.bucket !== undefined) params.Bucket = target.bucket;
  if (target.key !== undefined) params.Key = target.key;
  for (const [k, v] of ctx.query) params[k] = v ?? "";
  for (const [name, value] of Object.entries(ctx.req.headers)) {
    if (value === undefined || SIGNING_HEADERS.has(name)) continue;
    if (name.startsWith("x-amz-") || name === "content-type" || name === "content-md5") {
      params[name] = Array.isArray(value) ? value.join(",") : value;
    }
  }
  for (const [name, value] of Object.entries(ctx.trailers)) params[name] = value;
  return params;
}
