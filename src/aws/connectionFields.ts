/**
 * The fields of the two connections, declared here once: the connection definitions show them,
 * and credentials.ts reads them by the same keys and names them by these labels in errors.
 */
import type { ConnectionInput } from "@prismatic-io/spectral";

export const CONNECTION_KEYS = { keyPair: "apiKeySecret", role: "awsAssumeRole" } as const;

export const ROLE_SESSION_DEFAULTS = { sessionName: "prismatic-aws-s3", durationSeconds: 3600 } as const;

/** Where S3 lives when it is not AWS: shared by both connections. */
export const endpointFields = {
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

export const keyPairFields = {
  accessKeyId: {
    label: "Access Key ID",
    type: "string",
    required: true,
    shown: true,
    comments: "The access key ID of an IAM user, e.g. AKIAIOSFODNN7EXAMPLE.",
    example: "AKIAIOSFODNN7EXAMPLE",
  },
  secretAccessKey: {
    label: "Secret Access Key",
    type: "password",
    required: true,
    shown: true,
    comments: "The secret that belongs to the access key ID. It is never shown in logs or errors.",
  },
  sessionToken: {
    label: "Session Token",
    type: "password",
    required: false,
    shown: true,
    comments: "Only for temporary credentials (keys that start with ASIA); leave empty for a long-term access key.",
  },
} satisfies Record<string, ConnectionInput>;

export const roleFields = {
  roleARN: {
    label: "Role ARN",
    type: "string",
    required: true,
    shown: true,
    comments:
      "The ARN of the role to assume, e.g. arn:aws:iam::123456789012:role/IntegrationS3Access. Its trust policy must allow the access key's user.",
    example: "arn:aws:iam::123456789012:role/IntegrationS3Access",
  },
  accessKeyId: {
    label: "Access Key ID",
    type: "string",
    required: true,
    shown: true,
    comments: "The access key ID of the IAM user that assumes the role.",
    example: "AKIAIOSFODNN7EXAMPLE",
  },
  secretAccessKey: {
    label: "Secret Access Key",
    type: "password",
    required: true,
    shown: true,
    comments: "The secret that belongs to the access key ID. It is never shown in logs or errors.",
  },
  externalId: {
    label: "External ID",
    type: "string",
    required: false,
    shown: true,
    comments: "Only when the role's trust policy requires an sts:ExternalId condition; give the same value here.",
  },
  sessionName: {
    label: "Session Name",
    type: "string",
    required: false,
    shown: true,
    default: ROLE_SESSION_DEFAULTS.sessionName,
    comments: "Shows in CloudTrail as who acted. 2 to 64 characters: letters, digits and =,.@-_",
  },
  sessionDurationSeconds: {
    label: "Session Duration (seconds)",
    type: "string",
    required: false,
    shown: true,
    default: String(ROLE_SESSION_DEFAULTS.durationSeconds),
    comments:
      "How long each role session lasts, from 900 to 43,200 seconds. Above 3,600 the role's maximum session duration must allow it. Presigned URLs cannot outlive the session.",
  },
} satisfies Record<string, ConnectionInput>;

const allFields = { ...keyPairFields, ...roleFields, ...endpointFields };

export type ConnectionField = keyof typeof allFields;

/** How errors name a field: its label and key, as the builder sees them on the connection. */
export const fieldName = (key: ConnectionField): string => `${allFields[key].label} (${key})`;
