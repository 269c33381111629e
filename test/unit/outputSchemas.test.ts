/**
 * Every action declares an output schema, and its example payload (what the designer shows
 * before a run) fits that schema: no field missing, none extra, every type right.
 */
import component from "../../src";
import type { Schema } from "../../src/glue/outputSchema";
import { schemaProblems } from "../support/jsonSchema";

/** The example as the platform serializes it: dates as ISO text, bytes as binary text. */
function serialized(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(serialized);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, entry]) => (entry === undefined ? [] : [[key, serialized(entry)]])),
    );
  return value;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const actions = Object.entries(component.actions);

it.each(actions)("%s has an output schema that its example payload fits", (_key, action) => {
  const declared: unknown = "outputSchema" in action ? action.outputSchema : undefined;
  expect(declared).toBeDefined();
  const wire = typeof declared === "object" && declared !== null && "schema" in declared ? declared.schema : undefined;
  const schema: unknown = typeof wire === "string" ? JSON.parse(wire) : wire;
  if (!isSchema(schema)) throw new Error("the output schema is not a JSON schema object");
  const example: unknown = action.examplePayload;
  const data = typeof example === "object" && example !== null && "data" in example ? example.data : undefined;
  expect(data).toBeDefined();
  expect(schemaProblems(serialized(data), schema)).toEqual([]);
});

it("catches an example that does not fit (the check can fail)", () => {
  const schema: Schema = {
    type: "object",
    properties: { ETag: { type: "string" } },
    required: ["ETag"],
    additionalProperties: false,
  };
  expect(schemaProblems({ Etag: "x" }, schema)).toEqual([
    "data.ETag: required but missing",
    "data.Etag: not in the schema",
  ]);
  expect(schemaProblems({ ETag: 5 }, schema)).toEqual(["data.ETag: expected string, got integer"]);
});
