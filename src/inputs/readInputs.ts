/** How much of an object a read returns: shared by getObject and getObjectWithMetadata. */
import { InputError, optionalText } from "../glue/clean";
import { integerInput, placeInputs, textInput } from "../glue/inputKit";

export const range = textInput(
  {
    label: "Byte Range",
    comments:
      "Read only part of the object: bytes=0-1048575 (first MiB), bytes=1000- (from byte 1000 on) or bytes=-500 (last 500 bytes). Leave empty for the whole object.",
    example: "bytes=0-1048575",
  },
  (ref, value) => {
    const text = optionalText(ref, value)?.trim();
    if (text === undefined) return undefined;
    const match = /^(?:bytes=)?(\d*)-(\d*)$/.exec(text);
    if (
      !match ||
      (match[1] === "" && match[2] === "") ||
      (match[1] !== "" && match[2] !== "" && Number(match[2]) < Number(match[1]))
    ) {
      throw new InputError(ref, `"${text}" is not a byte range; use bytes=START-END, bytes=START- or bytes=-LAST_N.`);
    }
    return `bytes=${match[1]}-${match[2]}`;
  },
);

export const maxObjectSizeMiB = integerInput({
  label: "Size Limit (MiB)",
  comments:
    "Objects (or ranges) larger than this are refused before they are downloaded. The default, 122 MiB (128 MB), is about the largest step result the platform can store.",
  min: 1,
  max: 500,
  // Every object a step result can hold is read, as the official component (which has no limit) does.
  fallback: 122,
});

export const readInputs = placeInputs({ range, maxObjectSizeMiB });
