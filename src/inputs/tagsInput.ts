/** Tags as a key-value list input, checked against the rules for what they tag. */
import { keyValueListInput } from "../glue/inputKit";
import { type Tagged, tagRecord } from "../rules/tags";

export function tagsInput(options: { label: string; comments: string }, on: Tagged) {
  return keyValueListInput(options, (ref, value) => tagRecord(ref, value, on));
}
