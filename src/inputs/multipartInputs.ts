/** The inputs of the multipart actions: the upload id, a part number, how many part URLs to sign. */
import { InputError, optionalInteger, requiredText } from "../glue/clean";
import { integerInput, textInput } from "../glue/inputKit";
import { MAX_PARTS } from "../rules/s3Limits";

export const uploadId = textInput(
  {
    label: "Upload ID",
    comments: "The UploadId returned by Create Multipart Upload.",
    required: true,
    example: "VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA",
  },
  (ref, value) => {
    const id = requiredText(ref, value).trim();
    if (/\s/.test(id))
      throw new InputError(
        ref,
        "upload ids have no spaces; pass the UploadId exactly as Create Multipart Upload returned it.",
      );
    return id;
  },
);

/** A required whole number from 1 to 10,000: no default, since a guessed part number would silently overwrite a part. */
function partCountInput(options: { label: string; comments: string; example: string }) {
  return textInput({ ...options, required: true }, (ref, value) => {
    const number = optionalInteger(ref, value, { min: 1, max: MAX_PARTS });
    if (number === undefined) throw new InputError(ref, "is required: a whole number from 1 to 10,000.");
    return number;
  });
}

export const partNumber = partCountInput({
  label: "Part Number",
  comments:
    "The part's position in the object, 1 to 10,000. Parts may be sent in any order; the object is assembled by part number.",
  example: "1",
});

/** Defaults to 5, as in the official component, whose flows may rely on it. */
export const urlsToGenerate = integerInput({
  label: "Number of URLs",
  comments: "How many parts the uploader will send, 1 to 10,000: one URL per part, for parts 1 to this number.",
  required: true,
  min: 1,
  max: MAX_PARTS,
  fallback: 5,
});
