/**
 * How every process of the benchmark reaches the local Ceph, written once: the component's
 * connection (bench/component.ts), the plain SDK's client settings (bench/sdk.ts, and the
 * parent's own client in bench/run.ts) both come from one `Access`.
 */
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import type { Connection } from "@prismatic-io/spectral";
import type { Work } from "./work";

/** One name of the server and the keys to use there. */
export interface Access {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The source side is the work's endpoint; the destination side of the cross-connection cases is
 * the same server under another name (work.otherEndpoint): to the component that is another
 * connection, not the same credentials, so it streams the bytes instead of copying server-side.
 */
export type End = "source" | "destination";

export function accessOf(work: Work, end: End = "source"): Access {
  return {
    endpoint: end === "source" ? work.endpoint : work.otherEndpoint,
    region: work.region,
    accessKeyId: work.accessKeyId,
    secretAccessKey: work.secretAccessKey,
  };
}

/** The same server under its other name: http://127.0.0.1:PORT becomes http://localhost:PORT. */
export function otherName(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.hostname !== "127.0.0.1") throw new Error(`the endpoint ${endpoint} is not on 127.0.0.1`);
  url.hostname = "localhost";
  return url.toString().replace(/\/+$/, "");
}

/** The plain SDK's client settings for `access`. */
export function clientConfig(access: Access): S3ClientConfig {
  return {
    region: access.region,
    endpoint: access.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: access.accessKeyId, secretAccessKey: access.secretAccessKey },
    // Ceph 16 refuses aws-chunked uploads: the setting the component uses for custom endpoints.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}

/** The component's connection for `access`: an access key and secret, the endpoint, path-style. */
export function connectionOf(access: Access): Connection {
  return {
    key: "apiKeySecret",
    configVarKey: "bench",
    fields: {
      accessKeyId: access.accessKeyId,
      secretAccessKey: access.secretAccessKey,
      endpoint: access.endpoint,
      forcePathStyle: "true",
    },
  };
}
