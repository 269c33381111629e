/**
 * A file fetched from an HTTP(S) URL, streamed into an object in parts: never held whole in
 * memory, aborted (nothing stored) when the source fails, ends early or runs out of time.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { isErrorLike } from "../../aws/errors";
import { InputError, type InputRef } from "../../glue/clean";
import { echoed } from "../../glue/echo";
import { refusedAddress } from "../../rules/networkAddresses";
import { AddressRefusal, DeadlinePassed, SourceFailure, type SourceOptions } from "../http/sourceConnection";
import { requestSource, type SourceResponse } from "../http/sourceRequest";
import { partSizeFor } from "../multipart";
import { objectExists } from "../reads/objectExists";
import { PartUploader, type StreamRequest } from "./partUploader";

/** How long the source may take to answer with its headers, and then stay silent while sending the body. */
const SOURCE_TIMEOUT_MS = 60_000;

export interface UrlSource {
  url: URL;
  headers?: Record<string, string>;
  allowPrivateNetwork: boolean;
  timeoutSeconds: number;
  /** The inputs named when the source cannot be used. */
  inputs: { url: InputRef; allowPrivateNetwork: InputRef; timeoutSeconds: InputRef; ifNoneMatch: InputRef };
}

/** The URL without credentials or query, safe to show in errors (queries often carry tokens). */
export const shownUrl = (url: URL): string => echoed(`${url.origin}${url.pathname}`, 200);

export async function uploadFromSource(
  s3: S3Client,
  request: StreamRequest & { Bucket: string; Key: string },
  source: UrlSource,
  tuning: { partSizeMiB: number; concurrency: number },
) {
  // If-None-Match also goes with the completion (AWS checks it there, atomically).
  if (request.IfNoneMatch && (await objectExists(s3, request))) {
    throw new InputError(
      source.inputs.ifNoneMatch,
      `is on and an object already exists at "${request.Key}" in bucket "${request.Bucket}"; nothing was downloaded or uploaded.`,
    );
  }
  const response = await fetchSource(source, {
    timeoutMs: SOURCE_TIMEOUT_MS,
    deadline: Date.now() + source.timeoutSeconds * 1000,
    refuseAddress: (address) => refusedAddress(address, source.allowPrivateNetwork),
  });
  // Without a Content-Encoding, Content-Length is the file's size, which sizes the parts. (Such a
  // body ends after exactly that many bytes: a connection closed sooner fails the transfer.)
  const announced = response.headers["content-encoding"] ? undefined : response.headers["content-length"];
  const expected = announced !== undefined && /^\d+$/.test(announced) ? Number(announced) : undefined;
  const uploader = new PartUploader(
    s3,
    { ...request, ContentType: request.ContentType ?? response.headers["content-type"] },
    { partSize: partSizeFor(tuning.partSizeMiB, expected), concurrency: tuning.concurrency },
  );
  try {
    await response.body.pipeTo(uploader);
  } catch (error) {
    response.body.cancel();
    await uploader.abort(error);
    if (!(error instanceof SourceFailure)) throw error;
    const { timeoutSeconds } = source.inputs;
    const fix =
      error instanceof DeadlinePassed ? ` Raise Time Limit (${timeoutSeconds.key}), or fetch a smaller file.` : "";
    throw new InputError(
      source.inputs.url,
      `reading ${shownUrl(source.url)} failed after ${response.body.received.toLocaleString("en-US")} bytes (${error.message}). The upload to S3 was aborted; nothing was stored.${fix}`,
    );
  }
  return { ...(await uploader.close()), ContentLength: response.body.received, SourceUrl: shownUrl(source.url) };
}

/** GETs the source; anything but a 2xx answer with a body fails here, before S3 is touched. */
async function fetchSource(source: UrlSource, options: SourceOptions): Promise<SourceResponse> {
  const { url: urlInput, allowPrivateNetwork } = source.inputs;
  let response: SourceResponse;
  try {
    // identity: store the file's own bytes, and keep Content-Length meaningful for the length check.
    response = await requestSource(source.url, { "accept-encoding": "identity", ...source.headers }, options);
  } catch (error) {
    const reason = isErrorLike(error) ? error.message : String(error);
    const fix =
      error instanceof AddressRefusal
        ? ` Only public internet sources are fetched unless ${allowPrivateNetwork.label} (${allowPrivateNetwork.key}) is on; link-local and cloud metadata addresses never are.`
        : "";
    throw new InputError(urlInput, `could not fetch ${shownUrl(source.url)} (${reason}). Nothing was uploaded.${fix}`);
  }
  if (response.status < 200 || response.status > 299) {
    response.body.cancel();
    // The status text is the source's: quoted short and with its control characters escaped.
    throw new InputError(
      urlInput,
      `${shownUrl(response.url)} answered HTTP ${response.status}${response.statusText ? ` ${echoed(response.statusText, 60)}` : ""}; expected 200. Nothing was uploaded.`,
    );
  }
  return response;
}
