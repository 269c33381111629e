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
 * The source side uses the user's first access key; the destination side of the
 * cross-connection cases a second key of the same user (work.otherAccessKeyId): to the component
 * those are other credentials, so it streams the bytes instead of copying server-side, while
 * both sides reach the same buckets.
 */
export type End = "source" | "destination";

export function accessOf(work: Work, end: End = "source"): Access {
  return {
    endpoint: work.endpoint,
    region: work.region,
    accessKeyId: end === "source" ? work.accessKeyId : work.otherAccessKeyId,
    secretAccessKey: end === "source" ? work.secretAccessKey : work.otherSecretAccessKey,
  };
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
