/**
 * Presigned UploadPart URLs in bulk.
 *
 * `getSignedUrl` runs the client's whole middleware stack for every URL (2 to 5 ms each here,
 * so 10,000 URLs took 20 to 45 s). The URLs of one upload differ only in their partNumber: the
 * first is made by `getSignedUrl` (endpoint, path style, region and signing scope exactly as
 * the SDK resolves them), and every other part's request is that one with another partNumber,
 * signed by the same presigner `getSignedUrl` uses (about 0.2 ms each).
 */
import { type S3Client, UploadPartCommand } from "@aws-sdk/client-s3";
import { getSignedUrl, S3RequestPresigner } from "@aws-sdk/s3-request-presigner";

export interface PartUrl {
  url: string;
  partNumber: number;
}

/** The signing parameters getSignedUrl put in the URL, which the copies are signed anew with. */
const SIGNING_PARAMS = [
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-SignedHeaders",
  "X-Amz-Signature",
  "X-Amz-Security-Token",
];

/** RFC 3986 escaping, as the SDK writes query strings. */
const escape = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export async function presignUploadPartUrls(
  s3: S3Client,
  upload: { Bucket: string; Key: string; UploadId: string },
  count: number,
  expiresIn: number,
): Promise<PartUrl[]> {
  const signingDate = new Date();
  const signed = (partNumber: number) =>
    getSignedUrl(s3, new UploadPartCommand({ ...upload, PartNumber: partNumber }), { expiresIn, signingDate });
  const first = await signed(1);
  const urls: PartUrl[] = [{ url: first, partNumber: 1 }];
  const parsed = new URL(first);
  // The path is taken as the SDK wrote it: URL parsing would resolve "." and ".." segments of keys.
  const base = first.slice(0, first.indexOf("?"));
  // Credential scope: access key / date / region / service / aws4_request.
  const [, , signingRegion, signingService] = (parsed.searchParams.get("X-Amz-Credential") ?? "").split("/");
  const plain =
    Boolean(signingRegion && signingService) &&
    parsed.searchParams.get("X-Amz-SignedHeaders") === "host" &&
    base.startsWith(parsed.origin);
  if (!plain) {
    // Not the shape copies can be made of: sign each URL the general way.
    for (let partNumber = 2; partNumber <= count; partNumber++)
      urls.push({ url: await signed(partNumber), partNumber });
    return urls;
  }
  const presigner = new S3RequestPresigner({
    ...s3.config,
    signingName: signingService,
    region: () => Promise.resolve(signingRegion),
  });
  const query = Object.fromEntries([...parsed.searchParams].filter(([name]) => !SIGNING_PARAMS.includes(name)));
  for (let partNumber = 2; partNumber <= count; partNumber++) {
    const request = await presigner.presign(
      {
        method: "PUT",
        protocol: parsed.protocol,
        hostname: parsed.hostname,
        port: parsed.port ? Number(parsed.port) : undefined,
        path: base.slice(parsed.origin.length),
        query: { ...query, partNumber: String(partNumber) },
        headers: { host: parsed.host },
      },
      { expiresIn, signingDate, signingRegion, signingService },
    );
    const signedQuery = Object.entries(request.query ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).flatMap((item) =>
          typeof item === "string" ? [`${escape(name)}=${escape(item)}`] : [],
        ),
      );
    urls.push({ url: `${base}?${signedQuery.join("&")}`, partNumber });
  }
  return urls;
}
