/**
 * Input builders. An input is declared once, without its key: the key is the property name it
 * is placed under (`placeInputs`, run on every action, trigger and data source when the
 * component is assembled), and `refOf` gives errors the key and label from that one place.
 * Each input's `clean` returns the typed value or throws an InputError naming the input.
 */
import { type Connection, input, type LeafInputFieldDefinition, structuredObjectInput } from "@prismatic-io/spectral";
import { boolean, InputError, type InputRef, integer, optionalChoice, optionalText } from "./clean";
import { isConnection } from "./guards";

/** Where each declared input is placed; its key stays empty until then. */
const refs = new WeakMap<object, InputRef>();
/** The members of each group input, placed with it. */
const groupMembers = new WeakMap<object, Record<string, object>>();

function declared<T extends object>(label: string, build: (ref: InputRef) => T): T {
  const ref: InputRef = { key: "", label };
  const made = build(ref);
  refs.set(made, ref);
  return made;
}

/** The key and label of a placed input, for errors about it raised outside its `clean`. */
export function refOf(inputDeclaration: object): InputRef {
  const ref = refs.get(inputDeclaration);
  if (ref === undefined || ref.key === "") {
    throw new Error(`Input ${ref?.label ?? "(not built by inputKit)"} is not placed under a key in any inputs object.`);
  }
  return ref;
}

/**
 * Gives each input its key from the property it is placed under. One declaration cannot serve
 * two keys: its errors would name the wrong one, so that is refused when the component loads.
 */
export function placeInputs<T extends Record<string, object>>(inputs: T, group?: string): T {
  for (const [name, placed] of Object.entries(inputs)) {
    const key = group === undefined ? name : `${group}.${name}`;
    const ref = refs.get(placed);
    if (ref === undefined) continue;
    if (ref.key !== "" && ref.key !== key) {
      throw new Error(`Input "${ref.label}" is placed as "${key}" and as "${ref.key}"; declare one input per key.`);
    }
    ref.key = key;
    const members = groupMembers.get(placed);
    if (members !== undefined) placeInputs(members, key);
  }
  return inputs;
}

/** The same input (same key, same checks) with comments that fit one action. */
export function withComments<T extends { comments?: string }>(declaredInput: T, comments: string): T {
  const copy = { ...declaredInput, comments };
  const ref = refs.get(declaredInput);
  if (ref !== undefined) refs.set(copy, ref);
  return copy;
}

interface InputOptions {
  label: string;
  comments: string;
  required?: boolean;
  example?: string;
  placeholder?: string;
  default?: string;
  dataSource?: string;
  model?: { label: string; value: string }[];
}

/** A text-typed input whose clean function receives its own key and label for error messages. */
export function textInput<T>(options: InputOptions, clean: (ref: InputRef, value: unknown) => T) {
  return declared(options.label, (ref) =>
    input({ type: "string", required: false, ...options, clean: (value: unknown): T => clean(ref, value) }),
  );
}

/** Optional free text, trimmed; empty means "not set". */
export function optionalTextInput(options: InputOptions) {
  return textInput(options, (ref, value) => optionalText(ref, value)?.trim());
}

/** Text the designer masks, like the official component's secret inputs. */
export function secretInput(options: { label: string; comments: string }) {
  return declared(options.label, (ref) =>
    input({
      type: "password",
      required: false,
      ...options,
      clean: (value: unknown): string | undefined => optionalText(ref, value)?.trim(),
    }),
  );
}

/** Bytes: text, a file from an earlier step, or a JSON value. */
export function dataInput<T>(options: InputOptions, clean: (ref: InputRef, value: unknown) => T) {
  return declared(options.label, (ref) =>
    input({ type: "data", required: true, ...options, clean: (value: unknown): T => clean(ref, value) }),
  );
}

/** JSON text in a code editor. */
export function codeInput<T>(options: InputOptions, clean: (ref: InputRef, value: unknown) => T) {
  return declared(options.label, (ref) =>
    input({
      type: "code",
      language: "json",
      required: false,
      ...options,
      clean: (value: unknown): T => clean(ref, value),
    }),
  );
}

/** A list of values in the designer (or a JSON array from an earlier step). */
export function valueListInput<T>(
  options: Omit<InputOptions, "default"> & { default?: string[] },
  clean: (ref: InputRef, value: unknown) => T,
) {
  return declared(options.label, (ref) =>
    input({
      type: "string",
      collection: "valuelist",
      required: false,
      ...options,
      clean: (value: unknown): T => clean(ref, value),
    }),
  );
}

/** A list of key-value pairs in the designer; `clean` receives `{ key, value }` records. */
export function keyValueListInput<T>(
  options: { label: string; comments: string },
  clean: (ref: InputRef, value: unknown) => T,
) {
  return declared(options.label, (ref) =>
    input({
      type: "string",
      collection: "keyvaluelist",
      required: false,
      ...options,
      clean: (value: unknown): T => clean(ref, value),
    }),
  );
}

export function booleanInput(options: { label: string; comments: string; default?: boolean }) {
  const fallback = options.default ?? false;
  return declared(options.label, (ref) =>
    input({
      type: "boolean",
      label: options.label,
      comments: options.comments,
      default: String(fallback),
      clean: (value: unknown): boolean => boolean(ref, value, fallback),
    }),
  );
}

export function integerInput(options: InputOptions & { min: number; max: number; fallback: number }) {
  const { min, max, fallback, ...rest } = options;
  return textInput({ default: String(fallback), ...rest }, (ref, value) =>
    integer(ref, value, { min, max, default: fallback }),
  );
}

/** A dropdown of fixed values; empty means "not set" unless a default is given. */
export function choiceInput<T extends string>(
  options: InputOptions & { choices: readonly T[]; labels?: Partial<Record<T, string>> },
) {
  const { choices, labels, ...rest } = options;
  const model = choices.map((value) => ({ label: labels?.[value] ?? value, value }));
  return textInput(
    { ...rest, model: rest.required ? model : [{ label: "(not set)", value: "" }, ...model] },
    (ref, value) => optionalChoice(ref, value, choices),
  );
}

/** A dropdown that must be set: its value is always one of the choices. */
export function requiredChoiceInput<T extends string>(options: InputOptions & { choices: readonly T[] }) {
  const { choices, ...rest } = options;
  return textInput(
    { ...rest, required: true, model: choices.map((value) => ({ label: value, value })) },
    (ref, value): T => {
      const choice = optionalChoice(ref, value, choices);
      if (choice === undefined) throw new InputError(ref, `is required: choose ${choices.join(" or ")}.`);
      return choice;
    },
  );
}

/** A connection input; the platform hands an unset one over as an empty value, cleaned to undefined. */
export function connectionInput(options: { label: string; comments: string }) {
  return declared(options.label, () =>
    input({
      type: "connection",
      required: false,
      ...options,
      clean: (value: unknown): Connection | undefined => (isConnection(value) ? value : undefined),
    }),
  );
}

/** A group of inputs shown together, as the official component's `pagination`; its members are placed as `group.member`. */
export function groupInput<T extends Record<string, LeafInputFieldDefinition>>(
  options: { label: string; comments: string },
  inputs: T,
) {
  const group = declared(options.label, () => structuredObjectInput({ ...options, inputs }));
  groupMembers.set(group, inputs);
  return group;
}
