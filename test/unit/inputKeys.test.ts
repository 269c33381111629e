/**
 * Once the component is loaded (src/index.ts places every input), each input of every action,
 * trigger and data source names, in its errors, exactly the key it is placed under: the key a
 * builder sees in the designer. A group's members are named `group.member`.
 */
import component from "../../src";
import { actions } from "../../src/actions";
import { dataSources } from "../../src/dataSources";
import { isRecord } from "../../src/glue/guards";
import { refOf } from "../../src/glue/inputKit";
import { triggers } from "../../src/triggers";
import { match } from "../support/matchers";

interface Placement {
  /** Where the input is placed: its property key, or group.member. */
  key: string;
  /** The key its errors name, or why there is none. */
  named: string;
}

/** Every input (and group member) of an inputs object, with the key refOf gives it. */
function placements(inputs: Record<string, unknown>, group?: string): Placement[] {
  return Object.entries(inputs).flatMap(([name, declared]) => {
    const key = group === undefined ? name : `${group}.${name}`;
    if (!isRecord(declared)) return [{ key, named: `not an input: ${String(declared)}` }];
    let named: string;
    try {
      named = refOf(declared).key;
    } catch (error) {
      named = error instanceof Error ? error.message : String(error);
    }
    const members =
      declared.type === "structuredObject" && isRecord(declared.inputs) ? placements(declared.inputs, key) : [];
    return [{ key, named }, ...members];
  });
}

const definitions = [
  ...Object.entries(actions).map(([key, definition]) => ({ name: `action ${key}`, inputs: definition.inputs })),
  ...Object.entries(triggers).map(([key, definition]) => ({ name: `trigger ${key}`, inputs: definition.inputs })),
  ...Object.entries(dataSources).map(([key, definition]) => ({
    name: `data source ${key}`,
    inputs: definition.inputs,
  })),
].map(({ name, inputs }) => ({ name, placed: placements(inputs ?? {}) }));

it("covers every action, trigger and data source of the component, and their inputs", () => {
  expect(definitions.map(({ name }) => name).sort()).toEqual(
    [
      ...Object.keys(component.actions).map((key) => `action ${key}`),
      ...Object.keys(component.triggers).map((key) => `trigger ${key}`),
      ...Object.keys(component.dataSources).map((key) => `data source ${key}`),
    ].sort(),
  );
  expect(definitions.flatMap(({ placed }) => placed).length).toBeGreaterThan(300);
  // The official pagination group's members are among them.
  expect(definitions.find(({ name }) => name === "action listObjects")?.placed).toEqual(
    match.arrayContaining([{ key: "pagination.maxKeys", named: "pagination.maxKeys" }]),
  );
});

it.each(definitions.map((definition) => [definition.name, definition.placed] as const))(
  "%s: every input's errors name the key it is placed under",
  (_name, placed) => {
    expect(placed.filter(({ key, named }) => key !== named)).toEqual([]);
  },
);
