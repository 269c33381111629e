/**
 * How large bodies travel: in parts of Part Size, Concurrency at a time. Shared by every action
 * that uploads (put, upload from URL, upload streams), so they tune the same way.
 */
import { integerInput, placeInputs } from "../glue/inputKit";

export const multipartThresholdMiB = integerInput({
  label: "Multipart Threshold (MiB)",
  comments:
    "Bodies of at least this size are sent as a multipart upload, in parallel parts (faster, and retried part by part). 5 to 5,120 MiB; a single PUT holds at most 5 GiB.",
  min: 5,
  max: 5120,
  fallback: 16,
});

export const partSizeMiB = integerInput({
  label: "Part Size (MiB)",
  comments:
    "The size of each part of a multipart upload, 5 to 512 MiB. An upload has at most 10,000 parts; when the size is known in advance the part size grows to fit.",
  min: 5,
  max: 512,
  fallback: 5,
});

export const concurrency = integerInput({
  label: "Concurrency",
  comments:
    "How many parts are sent at once, 1 to 10. Streaming transfers hold about Part Size × (Concurrency + 1) in memory.",
  min: 1,
  max: 10,
  fallback: 4,
});

export const transferInputs = placeInputs({ partSizeMiB, concurrency });
