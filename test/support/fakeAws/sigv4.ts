/** SigV4 request verification: the signature is recomputed with `@smithy/signature-v4` and compared. */
import { createHash, timingSafeEqual } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { type ParsedAuth, parseAmzDate } from "./authorizationHeader";
import type { Ctx } from "./context";
import { AwsError } from "./errors";
import { headerValue } from "./httpRequest";
import { NodeSha256 } from "./nodeSha256";
import type { FakeAwsState } from "./state";

const SIGNATURE_MISMATCH_QUERY =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const SIGNATURE_MISMATCH_S3 =
  "The request signature we calculated does not match the signature you provided. Check your key and signing method.";

export async function authenticate(
  state: FakeAwsState,
  ctx: Ctx,
  auth: ParsedAuth | undefined,
  authHeader: string | undefined,
): Promise<void> {
  const { accessKeyId, secretAccessKey, region } = state;
  const isS3 = ctx.service === "s3";
  if (authHeader === undefined) {
    if (isS3) throw new AwsError(403, "AccessDenied", "Access Denied");
    throw new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
  }
  if (auth === undefined) {
    if (isS3) throw new AwsError(400, "AuthorizationHeaderMalformed", "The authorization header is malformed.");
    throw new AwsError(
      400,
      "IncompleteSignature",
      "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.",
    );
  }
  if (auth.accessKeyId !== accessKeyId) {
    if (isS3) {
      throw new AwsError(
        403,
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
        {
          AWSAccessKeyId: auth.accessKeyId,
        },
      );
    }
    throw new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  }
  if (auth.region !== region) {
    if (isS3) {
      throw new AwsError(
        400,
        "AuthorizationHeaderMalformed",
        `The authorization header is malformed; the region '${auth.region}' is wrong; expecting '${region}'`,
        { Region: region },
      );
    }
    throw new AwsError(
      403,
      "SignatureDoesNotMatch",
      `Credential should be scoped to a valid region. (expected '${region}')`,
    );
  }
  const signingDate = parseAmzDate(headerValue(ctx.req, "x-amz-date"));
  if (signingDate === undefined) {
    if (isS3) throw new AwsError(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
    throw new AwsError(
      400,
      "IncompleteSignature",
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  if (!auth.signedHeaders.includes("host")) {
    throw new AwsError(
      isS3 ? 403 : 400,
      isS3 ? "AccessDenied" : "IncompleteSignature",
      "SignedHeaders must include 'host'.",
    );
  }

  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const v = headerValue(ctx.req, name);
    if (v !== undefined) headers[name] = v;
  }
  const query: Record<string, string | string[] | null> = {};
  for (const [k, v] of ctx.query) {
    const prev = query[k];
    if (prev === undefined) query[k] = v;
    else if (Array.isArray(prev)) prev.push(v ?? "");
    else query[k] = [prev ?? "", v ?? ""];
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: NodeSha256,
    uriEscapePath: !isS3,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: ctx.method,
      protocol: "http:",
      hostname: "127.0.0.1",
      path: ctx.rawPath,
      query,
      headers,
      body: ctx.rawBody.length > 0 ? ctx.rawBody : undefined,
    },
    {
      signingDate,
      signingRegion: auth.region,
      signingService: auth.service,
      signableHeaders: new Set(auth.signedHeaders),
    },
  );
  const expected = /Signature=([0-9a-f]+)/.exec(signed.headers.authorization ?? "")?.[1] ?? "";
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(auth.signature, "utf8");
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    if (isS3) {
      // As AWS does, the answer shows the request as the server read it: signed headers, session token included.
      const canonicalRequest = [
        ctx.method,
        ctx.rawPath,
        ctx.query.toString(),
        ...auth.signedHeaders.map((name) => `${name}:${headers[name] ?? ""}`),
        "",
        auth.signedHeaders.join(";"),
        headerValue(ctx.req, "x-amz-content-sha256") ?? "",
      ].join("\n");
      throw new AwsError(403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH_S3, {
        AWSAccessKeyId: auth.accessKeyId,
        StringToSign: `AWS4-HMAC-SHA256\n${headerValue(ctx.req, "x-amz-date") ?? ""}\n${createHash("sha256").update(canonicalRequest).digest("hex")}`,
        SignatureProvided: auth.signature,
        CanonicalRequest: canonicalRequest,
      });
    }
    // AWS's query services put the request as they read it into the message itself, token and all.
    const canonicalString = [
      ctx.method,
      ctx.rawPath,
      ctx.query.map(([name, value]) => `${name}=${value ?? ""}`).join("&"),
      ...auth.signedHeaders.map((name) => `${name}:${headers[name] ?? ""}`),
      "",
      auth.signedHeaders.join(";"),
      createHash("sha256").update(ctx.rawBody).digest("hex"),
    ].join("\n");
    const amzDate = headerValue(ctx.req, "x-amz-date") ?? "";
    const scope = `${amzDate.slice(0, 8)}/${auth.region}/${auth.service}/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash("sha256").update(canonicalString).digest("hex")}`;
    throw new AwsError(
      403,
      "SignatureDoesNotMatch",
      `${SIGNATURE_MISMATCH_QUERY}\n\nThe Canonical String for this request should have been\n'${canonicalString}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
    );
  }
  if (isS3) checkSessionToken(state, headerValue(ctx.req, "x-amz-security-token"));
  if (isS3) {
    const contentSha = headerValue(ctx.req, "x-amz-content-sha256");
    if (contentSha === undefined) {
      throw new AwsError(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
    }
    if (/^[0-9a-f]{64}$/.test(contentSha)) {
      const actual = createHash("sha256").update(ctx.rawBody).digest("hex");
      if (actual !== contentSha) {
        throw new AwsError(
          400,
          "XAmzContentSHA256Mismatch",
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
          {
            ClientComputedContentSHA256: contentSha,
            S3ComputedContentSHA256: actual,
          },
        );
      }
    }
  }
}

/**
 * S3's answer to a session token it did not hand out (AssumeRole), or to one whose session ended:
 * as AWS does, the error repeats the token, as Token-0.
 */
function checkSessionToken(state: FakeAwsState, token: string | undefined): void {
  if (token === undefined) return;
  const session = state.roleSessions.find((handedOut) => handedOut.sessionToken === token);
  if (session === undefined) {
    throw new AwsError(400, "InvalidToken", "The provided token is malformed or otherwise invalid.", {
      "Token-0": token,
    });
  }
  if (session.expiration.getTime() <= Date.now()) {
    throw new AwsError(400, "ExpiredToken", "The provided token has expired.", { "Token-0": token });
  }
}
