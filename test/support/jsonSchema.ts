/** A small JSON Schema checker for the subset src/outputSchema.ts produces. */
import type { Schema } from "../../src/glue/outputSchema";

const typeOf = (value: unknown): string => {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
};

/** Problems with `value` against `schema`, each with the path to the field. */
export function schemaProblems(value: unknown, schema: Schema, path = "data"): string[] {
  if (value === undefined) return [];
  const actual = typeOf(value);
  const allowed = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (allowed.length > 0 && !allowed.includes(actual) && !(actual === "integer" && allowed.includes("number"))) {
    return [`${path}: expected ${allowed.join(" or ")}, got ${actual}`];
  }
  const problems: string[] = [];
  if (schema.enum && typeof value === "string" && !schema.enum.includes(value))
    problems.push(`${path}: "${value}" is not one of ${schema.enum.join(", ")}`);
  if (schema.format === "date-time" && typeof value === "string" && Number.isNaN(Date.parse(value)))
    problems.push(`${path}: not a date-time`);
  if (Array.isArray(value) && schema.items)
    value.forEach((item, index) => problems.push(...schemaProblems(item, schema.items ?? {}, `${path}[${index}]`)));
  if (actual === "object" && typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    for (const key of schema.required ?? [])
      if (!entries.some(([name, entry]) => name === key && entry !== undefined))
        problems.push(`${path}.${key}: required but missing`);
    for (const [key, entry] of entries) {
      const property = schema.properties?.[key];
      if (property) problems.push(...schemaProblems(entry, property, `${path}.${key}`));
      else if (schema.additionalProperties === false) problems.push(`${path}.${key}: not in the schema`);
      else if (typeof schema.additionalProperties === "object")
        problems.push(...schemaProblems(entry, schema.additionalProperties, `${path}.${key}`));
    }
  }
  return problems;
}
