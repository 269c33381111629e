/** Where a copy or transfer reads from and writes to: shared by copyObject, transferObject and copyPrefix. */
import { optionalText } from "../glue/clean";
import { booleanInput, optionalTextInput, placeInputs, textInput } from "../glue/inputKit";
import { bucketName, objectKey } from "../rules/s3Names";

export const copyInputs = placeInputs({
  sourceBucket: textInput(
    { label: "Source Bucket", comments: "The bucket to copy from.", required: true, dataSource: "selectBucket" },
    bucketName,
  ),
  sourceKey: textInput(
    { label: "Source Key", comments: "The key of the object to copy, e.g. inbox/report.pdf.", required: true },
    objectKey,
  ),
  sourceVersionId: optionalTextInput({
    label: "Source Version ID",
    comments: "Copy a specific version of the source object. Leave empty for the current version.",
  }),
  destinationBucket: textInput(
    {
      label: "Destination Bucket",
      comments: "The bucket to copy to (may be the source bucket).",
      required: true,
      dataSource: "selectBucket",
    },
    bucketName,
  ),
  destinationKey: textInput(
    { label: "Destination Key", comments: "The key of the new object, e.g. archive/report.pdf.", required: true },
    objectKey,
  ),
});

export const prefixInputs = placeInputs({
  sourcePrefix: textInput(
    {
      label: "Source Prefix",
      comments: "Copy every object whose key starts with this, e.g. exports/2024/. Empty for the whole bucket.",
      example: "exports/2024/",
    },
    optionalText,
  ),
  destinationPrefix: textInput(
    {
      label: "Destination Prefix",
      comments:
        "Each object is stored under this prefix followed by the rest of its source key (after Source Prefix), e.g. archive/2024/. Empty to keep the keys' rest as they are.",
      example: "archive/2024/",
    },
    optionalText,
  ),
});

export const copyTags = booleanInput({
  label: "Copy Tags",
  comments:
    "On: the destination object gets the source's tags (needs s3:GetObjectTagging on the source). Off: no tags.",
  default: true,
});
