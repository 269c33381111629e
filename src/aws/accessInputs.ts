/**
 * The inputs every AWS step starts with, under the official component's keys: its S3 actions'
 * connection is `accessKey`, its SNS actions' `awsConnection`; either may be left empty for
 * credentials given to the step itself.
 */
import { InputError, type InputRef, optionalText } from "../glue/clean";
import { connectionInput, optionalTextInput, placeInputs, secretInput, textInput } from "../glue/inputKit";

const connectionComments =
  "An Amazon S3 connection: an access key pair, or a role to assume. Leave empty only to give Dynamic Access Key ID and Dynamic Secret Access Key instead.";

/** Credentials given to the step itself (for example from an earlier step), used instead of a connection. */
export const dynamicCredentials = placeInputs({
  dynamicAccessKeyId: optionalTextInput({
    label: "Dynamic Access Key ID",
    comments:
      "Only without a Connection: an access key ID generated at run time (for example by an earlier step). Leave empty to use the Connection.",
  }),
  dynamicSecretAccessKey: secretInput({
    label: "Dynamic Secret Access Key",
    comments: "Only without a Connection: the secret of Dynamic Access Key ID. Never shown in logs or errors.",
  }),
  dynamicSessionToken: secretInput({
    label: "Dynamic Session Token",
    comments: "Only with temporary dynamic credentials (keys that start with ASIA).",
  }),
});

/** A region code such as eu-west-2, or undefined when empty (us-east-1). */
export function regionCode(ref: InputRef, value: unknown): string | undefined {
  const region = optionalText(ref, value)?.trim();
  if (region !== undefined && !/^[a-z]{2,}(-[a-z0-9]+){1,4}$/.test(region)) {
    throw new InputError(
      ref,
      `"${region}" is not a region code. Use a code such as us-east-1 or eu-west-2, or leave it empty for us-east-1.`,
    );
  }
  return region;
}

export const { awsRegion } = placeInputs({
  awsRegion: textInput(
    {
      label: "AWS Region",
      comments:
        "The region of the bucket, e.g. us-east-1 (the default) or eu-central-1. Requests to a bucket in another region are redirected automatically. With a custom endpoint this is the region that service expects (often us-east-1).",
      example: "us-east-1",
      dataSource: "selectRegion",
    },
    regionCode,
  ),
});

export const s3Access = placeInputs({
  accessKey: connectionInput({ label: "Connection", comments: connectionComments }),
  ...dynamicCredentials,
  awsRegion,
});

export const snsAccess = placeInputs({
  awsConnection: connectionInput({ label: "Connection", comments: connectionComments }),
  ...dynamicCredentials,
  awsRegion,
});
