/** Connection fields shared by both connections: where S3 lives when it is not AWS. */
import type { ConnectionInput } from "@prismatic-io/spectral";

export const endpointInputs = {
  endpoint: {
    label: "Custom Endpoint",
    type: "string",
    required: false,
    shown: true,
    comments:
      "Leave empty for AWS. For an S3-compatible service give its base URL, e.g. https://<account>.r2.cloudflarestorage.com (Cloudflare R2), https://s3.wasabisys.com (Wasabi), http://minio.internal:9000 (MinIO) or your Ceph RADOS Gateway.",
    example: "https://s3.wasabisys.com",
  },
  forcePathStyle: {
    label: "Force Path-Style URLs",
    type: "boolean",
    required: false,
    shown: true,
    default: "false",
    comments:
      "Send requests as https://endpoint/bucket/key instead of https://bucket.endpoint/key. Most self-hosted services (MinIO, Ceph, an IP address endpoint) need this on.",
  },
} satisfies Record<string, ConnectionInput>;
