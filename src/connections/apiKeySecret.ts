import { connection } from "@prismatic-io/spectral";
import { endpointInputs } from "./endpointInputs";

export const apiKeySecret = connection({
  key: "apiKeySecret",
  display: {
    label: "Access Key and Secret",
    description:
      "An IAM access key pair (or the keys of an S3-compatible service). Give the IAM user only the S3 permissions the integration needs.",
  },
  inputs: {
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
    ...endpointInputs,
  },
});
