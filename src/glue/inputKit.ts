/**
 * Inputs shared by many actions. Each carries a label, a comment a builder can act on, and a
 * `clean` that returns the typed value or throws an error naming the input.
 */
import { input } from "@prismatic-io/spectral";
import { bucketName, objectKey as objectKeyRule } from "../rules/s3Names";
import { boolean, dataPayload, InputError, type InputRef, integer, optionalChoice, optionalText } from "./clean";

interface TextInputOptions {
  label: string;
  comments: string;
  required?: boolean;
  example?: string;
  placeholder?: string;
  default?: string;
  dataSource?: string;
  model?: Array<{ label: string; value: string }>;
}

/** A text-typed input whose clean function receives its own key and label for error messages. */
export function textInput<T>(key: string, options: TextInputOptions, clean: (ref: InputRef, value: unknown) => T) {
  const ref: InputRef = { key, label: options.label };
  return input({
    type: "string",
    required: false,
    ...options,
    clean: (value: unknown): T => clean(ref, value),
  });
}

/** A list of key-value pairs in the designer; `clean` receives `{ key, value }` records. */
export function keyValueListInput<T>(
  key: string,
  options: { label: string; comments: string },
  clean: (ref: InputRef, value: unknown) => T,
) {
  const ref: InputRef = { key, label: options.label };
  return input({
    type: "string",
    collection: "keyvaluelist",
    required: false,
    label: options.label,
    comments: options.comments,
    clean: (value: unknown): T => clean(ref, value),
  });
}

export function booleanInput(key: string, options: { label: string; comments: string; default?: boolean }) {
  const ref: InputRef = { key, label: options.label };
  const fallback = options.default ?? false;
  return input({
    type: "boolean",
    label: options.label,
    comments: options.comments,
    default: String(fallback),
    clean: (value: unknown): boolean => boolean(ref, value, fallback),
  });
}

export function integerInput(key: string, options: TextInputOptions & { min: number; max: number; fallback: number }) {
  const { min, max, fallback, ...rest } = options;
  return textInput(key, { default: String(fallback), ...rest }, (ref, value) =>
    integer(ref, value, { min, max, default: fallback }),
  );
}

/** A dropdown of fixed values; empty means "not set" unless a default is given. */
export function choiceInput<T extends string>(
  key: string,
  options: TextInputOptions & { choices: readonly T[]; labels?: Partial<Record<T, string>> },
) {
  const { choices, labels, ...rest } = options;
  const model = choices.map((value) => ({ label: labels?.[value] ?? value, value }));
  return textInput(
    key,
    { ...rest, model: rest.required ? model : [{ label: "(not set)", value: "" }, ...model] },
    (ref, value) => optionalChoice(ref, value, choices),
  );
}

/** A dropdown that must be set: its value is always one of the choices. */
export function requiredChoiceInput<T extends string>(
  key: string,
  options: TextInputOptions & { choices: readonly T[] },
) {
  const { choices, ...rest } = options;
  return textInput(
    key,
    { ...rest, required: true, model: choices.map((value) => ({ label: value, value })) },
    (ref, value): T => {
      const choice = optionalChoice(ref, value, choices);
      if (choice === undefined) throw new InputError(ref, `is required: choose ${choices.join(" or ")}.`);
      return choice;
    },
  );
}

/** Optional, as in the official component: a step may give its own credentials instead (below). */
export const connectionInput = input({
  label: "Connection",
  type: "connection",
  required: false,
  comments:
    "An Amazon S3 connection: an access key pair, or a role to assume. Leave empty only to give Dynamic Access Key ID and Dynamic Secret Access Key instead.",
});

export const DYNAMIC_INPUTS = {
  accessKeyId: { key: "dynamicAccessKeyId", label: "Dynamic Access Key ID" },
  secretAccessKey: { key: "dynamicSecretAccessKey", label: "Dynamic Secret Access Key" },
  sessionToken: { key: "dynamicSessionToken", label: "Dynamic Session Token" },
} as const;

/** Optional text the designer masks, like the official component's secret inputs. */
function secretInput(ref: InputRef, comments: string) {
  return input({
    type: "password",
    label: ref.label,
    comments,
    required: false,
    clean: (value: unknown): string | undefined => optionalText(ref, value)?.trim(),
  });
}

/** Credentials given to the step itself (for example from an earlier step), used instead of a connection. */
const dynamicCredentials = {
  dynamicAccessKeyId: optionalTextInput(DYNAMIC_INPUTS.accessKeyId.key, {
    label: DYNAMIC_INPUTS.accessKeyId.label,
    comments:
      "Only without a Connection: an access key ID generated at run time (for example by an earlier step). Leave empty to use the Connection.",
  }),
  dynamicSecretAccessKey: secretInput(
    DYNAMIC_INPUTS.secretAccessKey,
    "Only without a Connection: the secret of Dynamic Access Key ID. Never shown in logs or errors.",
  ),
  dynamicSessionToken: secretInput(
    DYNAMIC_INPUTS.sessionToken,
    "Only with temporary dynamic credentials (keys that start with ASIA).",
  ),
};

export const awsRegion = textInput(
  "awsRegion",
  {
    label: "AWS Region",
    comments:
      "The region of the bucket, e.g. us-east-1 (the default) or eu-central-1. Requests to a bucket in another region are redirected automatically. With a custom endpoint this is the region that service expects (often us-east-1).",
    example: "us-east-1",
    dataSource: "selectRegion",
  },
  (ref, value) => {
    const region = optionalText(ref, value)?.trim();
    if (region !== undefined && !/^[a-z]{2,}(-[a-z0-9]+){1,4}$/.test(region)) {
      throw new InputError(
        ref,
        `"${region}" is not a region code. Use a code such as us-east-1 or eu-west-2, or leave it empty for us-east-1.`,
      );
    }
    return region;
  },
);

export const bucketRef = { key: "bucket", label: "Bucket" };

export const bucket = textInput(
  bucketRef.key,
  {
    label: bucketRef.label,
    comments: "The bucket's name, e.g. my-company-invoices (not its ARN or URL).",
    required: true,
    example: "my-company-invoices",
    dataSource: "selectBucket",
  },
  bucketName,
);

export const objectKey = textInput(
  "objectKey",
  {
    label: "Object Key",
    comments:
      "The object's full key, including any folder prefix, e.g. invoices/2024/march.pdf. Keys are case-sensitive and kept exactly as typed.",
    required: true,
    example: "invoices/2024/march.pdf",
  },
  objectKeyRule,
);

/** The bytes of a write: putObject's and writeUploadStream's, as in the official component. */
export const fileContents = input({
  label: "File Contents",
  type: "data",
  required: true,
  comments: "The bytes to store: text, a file from an earlier step, or a JSON object (stored as JSON).",
  clean: (value: unknown) => dataPayload({ key: "fileContents", label: "File Contents" }, value),
});

/** Whether a result carries records instead of key names (listings, the polling trigger); off, as in the official component. */
export function includeMetadataInput(comments: string) {
  return booleanInput("includeMetadata", { label: "Include Metadata", comments });
}

/** Optional free text, trimmed; empty means "not set". */
export function optionalTextInput(key: string, options: TextInputOptions) {
  return textInput(key, options, (ref, value) => optionalText(ref, value)?.trim());
}

export const versionId = optionalTextInput("versionId", {
  label: "Version ID",
  comments: "A specific version of the object in a versioned bucket. Leave empty for the current version.",
});

/**
 * The inputs every S3 action starts with, under the official component's keys: its
 * connection is `accessKey`, its SNS actions' is `awsConnection`.
 */
export const s3Access = { accessKey: connectionInput, ...dynamicCredentials, awsRegion };
export const snsAccess = { awsConnection: connectionInput, ...dynamicCredentials, awsRegion };
