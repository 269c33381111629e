/**
 * How big the scale tests run: in full on the suite's first pass (the machine's Node), reduced
 * on the passes for the other Node versions (AWS_S3_TEST_SCALE=reduced), which check the same
 * behaviour while keeping CI inside its time.
 */
export function atScale(full: number, reduced: number): number {
  return process.env.AWS_S3_TEST_SCALE === "reduced" ? reduced : full;
}
