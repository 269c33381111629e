import { connection } from "@prismatic-io/spectral";
import { ROLE_SESSION_DEFAULTS } from "../aws/credentials";
import { endpointInputs } from "./endpointInputs";

export const awsAssumeRole = connection({
  key: "awsAssumeRole",
  display: {
    label: "Role ARN (STS AssumeRole)",
    description:
      "An access key pair that is allowed to assume an IAM role; every step works with the role's temporary credentials. The role session is reused until shortly before it expires.",
  },
  inputs: {
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
    ...endpointInputs,
  },
});
