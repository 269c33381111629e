import { connection } from "@prismatic-io/spectral";
import { CONNECTION_KEYS, endpointFields, keyPairFields } from "../aws/connectionFields";

export const apiKeySecret = connection({
  key: CONNECTION_KEYS.keyPair,
  display: {
    label: "Access Key and Secret",
    description:
      "An IAM access key pair (or the keys of an S3-compatible service). Give the IAM user only the S3 permissions the integration needs.",
  },
  inputs: { ...keyPairFields, ...endpointFields },
});
