/** The inputs of presigned URLs: how long they work, and for object URLs, what they do. */
import { choiceInput, integerInput, placeInputs, refOf, textInput } from "../glue/inputKit";
import { MAX_PRESIGN_SECONDS } from "../rules/s3Limits";
import { mediaType } from "./writeOptions";

export const expirationSeconds = integerInput({
  label: "Expiration (seconds)",
  comments:
    "How long the URL works, from 1 to 604,800 seconds (7 days). With the role connection it cannot outlive the role session.",
  min: 1,
  max: MAX_PRESIGN_SECONDS,
  fallback: 3600,
});

export const actionType = choiceInput({
  label: "Action",
  comments: "download: a GET URL for the object. upload: a PUT URL that stores the request body at this key.",
  choices: ["download", "upload"] as const,
  required: true,
  default: "download",
});

const uploadContentType = textInput(
  {
    label: "Content Type",
    comments:
      "Uploads only: the Content-Type the uploader must send (it becomes part of the signature). Leave empty to let the uploader send none.",
    example: "application/pdf",
  },
  mediaType,
);

export const objectUrlInputs = placeInputs({ actionType, expirationSeconds, contentType: uploadContentType });

/** The inputs an object URL's request names in errors. */
export const objectUrlInputRefs = () => ({
  expirationSeconds: refOf(expirationSeconds),
  contentType: refOf(uploadContentType),
});
