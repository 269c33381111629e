/** The bucket and object a step works on, and the bytes it writes: the same inputs on every action. */
import { dataPayload } from "../glue/clean";
import { booleanInput, dataInput, optionalTextInput, placeInputs, textInput } from "../glue/inputKit";
import { bucketName, objectKey as objectKeyRule } from "../rules/s3Names";

export const { bucket, objectKey, versionId, fileContents } = placeInputs({
  bucket: textInput(
    {
      label: "Bucket",
      comments: "The bucket's name, e.g. my-company-invoices (not its ARN or URL).",
      required: true,
      example: "my-company-invoices",
      dataSource: "selectBucket",
    },
    bucketName,
  ),
  objectKey: textInput(
    {
      label: "Object Key",
      comments:
        "The object's full key, including any folder prefix, e.g. invoices/2024/march.pdf. Keys are case-sensitive and kept exactly as typed.",
      required: true,
      example: "invoices/2024/march.pdf",
    },
    objectKeyRule,
  ),
  versionId: optionalTextInput({
    label: "Version ID",
    comments: "A specific version of the object in a versioned bucket. Leave empty for the current version.",
  }),
  /** The bytes of a write: putObject's and writeUploadStream's, as in the official component. */
  fileContents: dataInput(
    {
      label: "File Contents",
      comments: "The bytes to store: text, a file from an earlier step, or a JSON object (stored as JSON).",
    },
    dataPayload,
  ),
});

/** Whether a result carries records instead of key names (listings, the polling trigger); off, as in the official component. */
export function includeMetadataInput(comments: string) {
  return booleanInput({ label: "Include Metadata", comments });
}
