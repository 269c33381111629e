import { connection } from "@prismatic-io/spectral";
import { CONNECTION_KEYS, endpointFields, roleFields } from "../aws/connectionFields";

export const awsAssumeRole = connection({
  key: CONNECTION_KEYS.role,
  display: {
    label: "Role ARN (STS AssumeRole)",
    description:
      "An access key pair that is allowed to assume an IAM role; every step works with the role's temporary credentials. The role session is reused until shortly before it expires.",
  },
  inputs: { ...roleFields, ...endpointFields },
});
