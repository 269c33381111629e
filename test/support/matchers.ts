/**
 * jest's asymmetric matchers, typed as what they are to a test: values that stand in for a
 * part of the expected result. @types/jest declares them `any`, which the type-checked lint
 * rules refuse wherever one is placed in an expected object; these match exactly as jest's do.
 */
export const match = {
  /** Anything made by `type` (`String`, `Number`, `Date`…), as `expect.any`. */
  any: (type: unknown): unknown => expect.any(type),
  stringMatching: (pattern: string | RegExp): unknown => expect.stringMatching(pattern),
  stringContaining: (text: string): unknown => expect.stringContaining(text),
  objectContaining: (object: Record<string, unknown>): unknown => expect.objectContaining(object),
  arrayContaining: (items: readonly unknown[]): unknown => expect.arrayContaining(items),
};
