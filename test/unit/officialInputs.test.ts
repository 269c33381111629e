/**
 * A flow built on Prismatic's own Amazon S3 component keeps working on ours: every action,
 * trigger and data source of it exists here under its key, takes every one of its input keys
 * with the same type, collection and default, and needs nothing more (every input we add is
 * optional or has a default). The official declarations are in test/support/officialComponent.ts.
 */
import component from "../../src";
import { isRecord } from "../../src/glue/guards";
import {
  OFFICIAL_ACTIONS,
  OFFICIAL_DATA_SOURCES,
  OFFICIAL_TRIGGERS,
  type OfficialInput,
} from "../support/officialComponent";

interface Declared {
  key: string;
  type: string;
  collection?: string;
  default?: string;
  required: boolean;
}

function declaredInputs(definition: unknown): Declared[] | undefined {
  if (!isRecord(definition) || !Array.isArray(definition.inputs)) return undefined;
  return definition.inputs.filter(isRecord).map((input) => ({
    key: String(input.key),
    type: String(input.type),
    collection: typeof input.collection === "string" ? input.collection : undefined,
    default: typeof input.default === "string" ? input.default : undefined,
    required: input.required === true,
  }));
}

const kinds = [
  { kind: "action", official: OFFICIAL_ACTIONS, ours: component.actions },
  { kind: "trigger", official: OFFICIAL_TRIGGERS, ours: component.triggers },
  { kind: "data source", official: OFFICIAL_DATA_SOURCES, ours: component.dataSources },
] as const;

const cases = kinds.flatMap(({ kind, official, ours }) =>
  Object.entries(official).map(([key, inputs]) => ({
    name: `${kind} ${key}`,
    inputs,
    declared: declaredInputs(Reflect.get(ours, key)),
  })),
);

/** What differs between the official input and ours, or nothing. */
function mismatch(official: OfficialInput, declared: Declared | undefined): string | undefined {
  if (!declared) return `${official.key}: missing`;
  if (declared.type !== official.type) return `${official.key}: type ${declared.type}, official ${official.type}`;
  if (declared.collection !== official.collection)
    return `${official.key}: collection ${declared.collection}, official ${official.collection}`;
  if (official.default !== undefined && (declared.default ?? "") !== official.default)
    return `${official.key}: default "${declared.default}", official "${official.default}"`;
  return undefined;
}

it.each(cases.map((entry) => [entry.name, entry] as const))(
  "%s takes every official input key, with its type, collection and default",
  (_name, { inputs, declared }) => {
    expect(declared).toBeDefined();
    const problems = inputs.flatMap(
      (official) =>
        mismatch(
          official,
          declared?.find((input) => input.key === official.key),
        ) ?? [],
    );
    expect(problems).toEqual([]);
  },
);

it.each(cases.map((entry) => [entry.name, entry] as const))(
  "%s adds only optional inputs",
  (_name, { inputs, declared }) => {
    const officialKeys = new Set(inputs.map((input) => input.key));
    const extraRequired = (declared ?? []).filter((input) => input.required && !officialKeys.has(input.key));
    expect(extraRequired.map((input) => input.key)).toEqual([]);
  },
);

it("catches a missing key, another type and another default (the checks can fail)", () => {
  expect(mismatch({ key: "bucket", type: "string" }, undefined)).toBe("bucket: missing");
  expect(
    mismatch({ key: "parts", type: "data" }, { key: "parts", type: "string", collection: "valuelist", required: true }),
  ).toBe("parts: type string, official data");
  expect(
    mismatch(
      { key: "actionType", type: "string", default: "download" },
      { key: "actionType", type: "string", default: "upload", required: true },
    ),
  ).toBe('actionType: default "upload", official "download"');
});
