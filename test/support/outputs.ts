/** Checks an action's data (an example or a real result) against the action's output schema. */
import { actions } from "../../src/actions";
import type { Schema } from "../../src/glue/outputSchema";
import { schemaProblems } from "./jsonSchema";

/** Every field of Schema is optional: any object is one, and schemaProblems checks what it finds. */
const isSchema = (value: unknown): value is Schema => typeof value === "object" && value !== null;

/** Problems of `data`, as the platform would store it (JSON: dates become text), against `actionKey`'s schema. */
export function outputProblems(actionKey: string, data: unknown): string[] {
  const action = Object.entries(actions).find(([key]) => key === actionKey)?.[1];
  const definition = action && "outputSchema" in action ? action.outputSchema : undefined;
  const schema = definition && "schema" in definition ? definition.schema : undefined;
  if (!isSchema(schema)) return [`${actionKey} has no output schema`];
  return schemaProblems(JSON.parse(JSON.stringify(data ?? null)), schema);
}
