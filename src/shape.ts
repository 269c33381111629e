/** Results are what the user needs from a response: never the SDK's request bookkeeping. */
export function withoutMetadata<T extends { $metadata?: unknown }>(output: T): Omit<T, "$metadata"> {
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}
