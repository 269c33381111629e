/**
 * Output schemas: what an action's `data` looks like, so the designer can offer its fields
 * before a run. Built from a few helpers instead of raw JSON Schema in every action; a test
 * checks every action's example payload against its schema.
 */
import { outputSchema } from "@prismatic-io/spectral";

export interface Schema {
  type?: string | string[];
  description?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
}

const described = (schema: Schema, description?: string): Schema => (description ? { ...schema, description } : schema);

export const text = (description?: string): Schema => described({ type: "string" }, description);
export const optionalText = (description?: string): Schema => described({ type: ["string", "null"] }, description);
export const integer = (description?: string): Schema => described({ type: "integer" }, description);
export const flag = (description?: string): Schema => described({ type: "boolean" }, description);
export const dateTime = (description?: string): Schema =>
  described({ type: "string", format: "date-time" }, description);
export const bytes = (description?: string): Schema => described({ type: "string", format: "binary" }, description);
export const oneOf = (values: readonly string[], description?: string): Schema =>
  described({ type: "string", enum: [...values] }, description);
export const list = (items: Schema, description?: string): Schema => described({ type: "array", items }, description);
export const map = (values: Schema, description?: string): Schema =>
  described({ type: "object", additionalProperties: values }, description);

/** An object with exactly these properties; `required` lists the ones always present. */
export function record(properties: Record<string, Schema>, required: string[] = [], description?: string): Schema {
  return described({ type: "object", properties, required, additionalProperties: false }, description);
}

/** An AWS response passed through: these fields are documented, others S3 adds may appear. */
export function awsResponse(properties: Record<string, Schema>, description?: string): Schema {
  return described({ type: "object", properties, additionalProperties: true }, description);
}

/** The SDK's record of the request, as the official component's results carry it. */
export const requestMetadata = awsResponse(
  {
    httpStatusCode: integer("The HTTP status S3 answered with."),
    requestId: text("S3's request id (x-amz-request-id), for AWS support."),
    extendedRequestId: optionalText("S3's host id (x-amz-id-2)."),
    cfId: optionalText(),
    attempts: integer("How many times the request was sent (retries included)."),
    totalRetryDelay: integer("Milliseconds spent waiting between retries."),
  },
  "The SDK's $metadata of the request.",
);

/** An AWS response as the official component returns it: its fields, and `$metadata`. */
export function awsResult(properties: Record<string, Schema>, required: string[] = [], description?: string): Schema {
  return {
    ...awsResponse({ $metadata: requestMetadata, ...properties }, description),
    required: ["$metadata", ...required],
  };
}

/** The schema of an action's `data`. */
export function dataSchema(schema: Schema) {
  return outputSchema({ type: "actionOutput", schema });
}
