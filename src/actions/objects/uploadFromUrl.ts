import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { s3Client } from "../../aws/clients";
import { describeAwsError, isErrorLike } from "../../aws/errors";
import { describe, InputError, keyValueRecord, requiredText } from "../../glue/clean";
import { echoed } from "../../glue/echo";
import { exampleMetadata } from "../../glue/exampleMetadata";
import {
  booleanInput,
  bucket,
  integerInput,
  keyValueListInput,
  objectKey,
  s3Access,
  textInput,
} from "../../glue/inputKit";
import * as out from "../../glue/outputSchema";
import { partSizeFor, transferInputs } from "../../options/transferInputs";
import { contentType, ifNoneMatch, writeOptionInputs, writeOptions } from "../../options/writeOptions";
import { refusedAddress } from "../../rules/networkAddresses";
import { PartUploader } from "../../transfer/partUploader";
import {
  AddressRefusal,
  DeadlinePassed,
  REQUEST_OWNED_HEADERS,
  requestSource,
  SourceFailure,
  type SourceOptions,
  type SourceResponse,
} from "../../transfer/sourceRequest";
import { uploadedObjectSchema } from "../../transfer/upload";

const urlRef = { key: "url", label: "Source URL" };

/** How long the source may take to answer with its headers, and then stay silent while sending the body. */
const SOURCE_TIMEOUT_MS = 60_000;

const headersRef = { key: "headers", label: "Source Headers" };
const allowPrivateNetworkRef = { key: "allowPrivateNetwork", label: "Allow Private Network" };

/** Headers for the source: any but those the request writes itself, one line each. */
function sourceHeaders(ref: typeof headersRef, value: unknown): Record<string, string> | undefined {
  const headers = keyValueRecord(ref, value);
  for (const [name, text] of Object.entries(headers ?? {})) {
    if (REQUEST_OWNED_HEADERS.includes(name.trim().toLowerCase())) {
      throw new InputError(ref, `"${name}" is set by the request itself and cannot be given; remove it.`);
    }
    if (/[\r\n\0]/.test(text))
      throw new InputError(ref, `the value of "${name}" contains a line break or NUL character; give it on one line.`);
  }
  return headers;
}

/** The URL without credentials or query, safe to show in errors (queries often carry tokens). */
const shown = (url: URL): string => echoed(`${url.origin}${url.pathname}`, 200);

function sourceUrl(ref: typeof urlRef, value: unknown): URL {
  const text = requiredText(ref, value).trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(
      ref,
      `${describe(text)} is not a URL; give an absolute http or https URL such as https://example.com/files/report.pdf.`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InputError(ref, `only http and https URLs can be fetched; got a ${url.protocol.replace(/:$/, "")} URL.`);
  }
  if (url.username || url.password) {
    throw new InputError(
      ref,
      "must not carry a user name or password; send credentials in Source Headers (for example Authorization).",
    );
  }
  return url;
}

export const uploadFromUrl = action({
  display: {
    label: "Upload From URL",
    description: "Stream a file from an HTTP(S) URL into S3",
    directions:
      "The file streams from the source into S3 in parts, never held whole in memory (about Part Size × (Concurrency + 1)), so any size works (up to 10,000 parts). If the source fails or ends early, the upload is aborted and nothing is stored.",
  },
  inputs: {
    ...s3Access,
    url: textInput(
      "url",
      {
        label: "Source URL",
        comments:
          "The http or https URL to download, e.g. https://example.com/exports/data.csv. Redirects are followed.",
        required: true,
      },
      sourceUrl,
    ),
    headers: keyValueListInput(
      headersRef.key,
      {
        label: headersRef.label,
        comments:
          "HTTP headers for the request to the source (key-value pairs), e.g. Authorization: Bearer <token>. They go to the source's origin only: a redirect to another origin drops them all.",
      },
      sourceHeaders,
    ),
    allowPrivateNetwork: booleanInput(allowPrivateNetworkRef.key, {
      label: allowPrivateNetworkRef.label,
      comments:
        "Off: only sources on the public internet are fetched; loopback, private and unique-local addresses are refused, also after a redirect. On: those are allowed too, for a source inside your private network. Link-local addresses (169.254.x.x, fe80::, where cloud metadata services answer) are never fetched.",
    }),
    timeoutSeconds: integerInput("timeoutSeconds", {
      label: "Time Limit (seconds)",
      comments:
        "The whole transfer must finish within this many seconds, 1 to 900 (a step runs for at most 15 minutes); otherwise it stops and nothing is stored.",
      min: 1,
      max: 900,
      fallback: 840,
    }),
    bucket,
    objectKey,
    ...writeOptionInputs,
    contentType: {
      ...contentType,
      comments: "The MIME type stored with the object. Leave empty to keep the Content-Type the source sends.",
    },
    ifNoneMatch,
    ...transferInputs,
  },
  perform: async (_context, params) => {
    const {
      url,
      headers,
      bucket,
      objectKey,
      ifNoneMatch,
      partSizeMiB,
      concurrency,
      allowPrivateNetwork,
      timeoutSeconds,
      ...options
    } = params;
    const request = writeOptions(options);
    const s3 = s3Client(params);
    if (ifNoneMatch) await refuseExisting(s3, bucket, objectKey);
    const response = await fetchSource(url, headers, {
      timeoutMs: SOURCE_TIMEOUT_MS,
      deadline: Date.now() + timeoutSeconds * 1000,
      refuseAddress: (address) => refusedAddress(address, allowPrivateNetwork),
    });
    // Without a Content-Encoding, Content-Length is the file's size, which sizes the parts. (Such a
    // body ends after exactly that many bytes: a connection closed sooner fails the transfer.)
    const announced = response.headers["content-encoding"] ? undefined : response.headers["content-length"];
    const expected = announced !== undefined && /^\d+$/.test(announced) ? Number(announced) : undefined;
    const uploader = new PartUploader(
      s3,
      {
        ...request,
        ContentType: request.ContentType ?? response.headers["content-type"],
        Bucket: bucket,
        Key: objectKey,
        IfNoneMatch: ifNoneMatch ? "*" : undefined,
      },
      { partSize: partSizeFor(partSizeMiB, expected), concurrency },
    );
    try {
      await response.body.pipeTo(uploader);
    } catch (error) {
      response.body.cancel();
      await uploader.abort(error);
      if (!(error instanceof SourceFailure)) throw error;
      const fix = error instanceof DeadlinePassed ? " Raise Time Limit (timeoutSeconds), or fetch a smaller file." : "";
      throw new InputError(
        urlRef,
        `reading ${shown(url)} failed after ${response.body.received.toLocaleString("en-US")} bytes (${error.message}). The upload to S3 was aborted; nothing was stored.${fix}`,
      );
    }
    return { data: { ...(await uploader.close()), ContentLength: response.body.received, SourceUrl: shown(url) } };
  },
  outputSchema: out.dataSchema(
    out.record(
      {
        ...uploadedObjectSchema,
        ContentLength: out.integer("Bytes stored."),
        SourceUrl: out.text("The source, without its query (which may hold tokens)."),
      },
      ["Bucket", "Key", "ContentLength", "SourceUrl"],
    ),
  ),
  examplePayload: {
    data: {
      $metadata: exampleMetadata(),
      Bucket: "my-company-invoices",
      Key: "imports/2024/catalog.csv",
      VersionId: undefined,
      Location: "https://my-company-invoices.s3.us-east-1.amazonaws.com/imports/2024/catalog.csv",
      ETag: '"d96cf49f8c439501eb19c4728712345-3"',
      ContentLength: 20971520,
      SourceUrl: "https://example.com/exports/catalog.csv",
    },
  },
});

/**
 * Do Not Overwrite for a stream: If-None-Match goes with the completion (AWS checks it there,
 * atomically), but some S3-compatible stores (Ceph) ignore it on multipart uploads, so an
 * existing object is also looked for first.
 */
async function refuseExisting(s3: S3Client, bucket: string, key: string): Promise<void> {
  const exists = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    (error: unknown) => {
      if (describeAwsError(error).status === 404) return false;
      throw error;
    },
  );
  if (exists) {
    throw new InputError(
      { key: "ifNoneMatch", label: "Do Not Overwrite" },
      `is on and an object already exists at "${key}" in bucket "${bucket}"; nothing was downloaded or uploaded.`,
    );
  }
}

/** GETs the source; anything but a 2xx answer with a body fails here, before S3 is touched. */
async function fetchSource(
  url: URL,
  headers: Record<string, string> | undefined,
  options: SourceOptions,
): Promise<SourceResponse> {
  let response: SourceResponse;
  try {
    // identity: store the file's own bytes, and keep Content-Length meaningful for the length check.
    response = await requestSource(url, { "accept-encoding": "identity", ...headers }, options);
  } catch (error) {
    const reason = isErrorLike(error) ? error.message : String(error);
    const fix =
      error instanceof AddressRefusal
        ? ` Only public internet sources are fetched unless ${allowPrivateNetworkRef.label} (${allowPrivateNetworkRef.key}) is on; link-local addresses never are.`
        : "";
    throw new InputError(urlRef, `could not fetch ${shown(url)} (${reason}). Nothing was uploaded.${fix}`);
  }
  if (response.status < 200 || response.status > 299) {
    response.body.cancel();
    // The status text is the source's: quoted short and with its control characters escaped.
    throw new InputError(
      urlRef,
      `${shown(response.url)} answered HTTP ${response.status}${response.statusText ? ` ${echoed(response.statusText, 60)}` : ""}; expected 200. Nothing was uploaded.`,
    );
  }
  return response;
}
