/** S3's size and count limits, which inputs check and transfers plan by. */

export const MIB = 1024 * 1024;
/** An upload has at most 10,000 parts, numbered 1 to 10,000. */
export const MAX_PARTS = 10_000;
/** A part (and a single PUT or CopyObject) holds at most 5 GiB. */
export const MAX_PART_BYTES = 5 * 1024 * MIB;
/** SigV4 presigned URLs live at most 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;
