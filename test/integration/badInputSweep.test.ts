/**
 * The bad-input sweep: for every input of every action and trigger, values a builder could
 * get wrong (missing, wrong type, out of range, unknown choice, invalid bucket name, key over
 * 1,024 bytes, malformed JSON, a date in the past). Each must be refused with an error that
 * names the input and says what is allowed, and nothing may reach S3: every call goes
 * through a counting proxy that must see no request.
 */
import component from "../../src";
import { isRecord } from "../../src/glue/guards";
import { harness, keyConnection, region } from "../support/harness";
import { type CountingProxy, startCountingProxy } from "../support/servers/countingProxy";
import { testTarget } from "../support/target";

interface InputInfo {
  key: string;
  label: string;
  type: string;
  required: boolean;
  default?: string;
  example?: string;
  collection?: string;
  choices: string[];
  comments: string;
  language?: string;
}

function inputsOf(definition: unknown): InputInfo[] {
  const inputs = isRecord(definition) && Array.isArray(definition.inputs) ? definition.inputs : [];
  return inputs.flatMap((input: unknown) => {
    if (!isRecord(input) || typeof input.key !== "string") return [];
    const choices = Array.isArray(input.model)
      ? input.model.flatMap((choice: unknown) =>
          isRecord(choice) && typeof choice.value === "string" && choice.value !== "" ? [choice.value] : [],
        )
      : [];
    return [
      {
        key: input.key,
        label: typeof input.label === "string" ? input.label : input.key,
        type: typeof input.type === "string" ? input.type : "string",
        required: input.required === true,
        default: typeof input.default === "string" && input.default !== "" ? input.default : undefined,
        example: typeof input.example === "string" && input.example !== "" ? input.example : undefined,
        collection: typeof input.collection === "string" ? input.collection : undefined,
        choices,
        comments: typeof input.comments === "string" ? input.comments : "",
        language: typeof input.language === "string" ? input.language : undefined,
      },
    ];
  });
}

/** A valid value for an input, so that a case fails only for the input it breaks. */
const SAMPLES: Record<string, unknown> = {
  bucket: "sweep-bucket",
  sourceBucket: "sweep-bucket",
  destinationBucket: "sweep-bucket",
  objectKey: "sweep/key.txt",
  sourceKey: "sweep/key.txt",
  destinationKey: "sweep/copy.txt",
  fileContents: "x",
  fileChunk: "x",
  uploadId: "upload-id",
  partNumber: "1",
  parts: JSON.stringify([{ PartNumber: 1, ETag: '"abc"' }]),
  objectKeys: ["a.txt"],
  url: "https://example.com/file.txt",
  snsTopicArn: "arn:aws:sns:us-east-1:123456789012:topic",
  subscriptionArn: "arn:aws:sns:us-east-1:123456789012:topic:0c5d8a0e-1234-4b7a-9f3e-000000000000",
  endpoint: "https://hooks.example.com/trigger/abc",
  name: "sweep-topic",
  tags: [{ key: "team", value: "ops" }],
  eventsList: ["s3:ObjectCreated:*"],
  eventNotificationName: "sweep-entry",
  retainUntilDate: new Date(Date.now() + 86_400_000).toISOString(),
  retentionMode: "GOVERNANCE",
  legalHoldStatus: "ON",
  status: "ON",
  versioningStatus: "Enabled",

  urlsToGenerate: "2",
};

function sampleFor(input: InputInfo): unknown {
  if (input.key in SAMPLES) return SAMPLES[input.key];
  if (input.choices.length > 0) return input.choices[0];
  if (input.example !== undefined) return input.collection === "valuelist" ? [input.example] : input.example;
  if (input.default !== undefined) return input.default;
  return undefined;
}

interface Case {
  input: InputInfo;
  what: string;
  value: unknown;
}

/** The bad values worth trying for one input, judged from its definition. */
function badValuesFor(input: InputInfo): Case[] {
  const cases: Case[] = [];
  const add = (what: string, value: unknown) => cases.push({ input, what, value });
  // A required input with a default falls back to it (the platform fills it in too).
  if (input.required && input.type !== "connection" && input.default === undefined) add("missing", "");
  if (input.choices.length > 0) add("an unknown choice", "definitely-not-a-choice");
  if (input.type === "boolean") add("not a boolean", "sometimes");
  if (input.default !== undefined && /^\d+$/.test(input.default)) {
    add("not a number", "lots");
    add("out of range", "99999999999");
    add("negative", "-1");
  }
  if (input.key === "bucket" || input.key.endsWith("Bucket")) {
    add("an invalid bucket name (a slash)", "bad/bucket");
    add("an invalid bucket name (too short)", "ab");
  }
  if (input.key === "objectKey" || input.key === "sourceKey" || input.key === "destinationKey")
    add("a key over 1,024 bytes", "k".repeat(1025));
  if (input.language === "json" || input.key.endsWith("Configurations")) add("malformed JSON", "{not json");
  if (/future/i.test(input.comments) || input.key === "retainUntilDate")
    add("a date in the past", "2001-01-01T00:00:00Z");
  return cases;
}

let proxy: CountingProxy;
beforeAll(async () => {
  proxy = await startCountingProxy(testTarget().endpoint ?? "http://127.0.0.1:9");
});
afterAll(async () => proxy.close());

const actions = [
  ...Object.entries(component.actions).map(([key, definition]) => ({
    key,
    kind: "action" as const,
    inputs: inputsOf(definition),
  })),
  ...Object.entries(component.triggers).map(([key, definition]) => ({
    key,
    kind: "trigger" as const,
    inputs: inputsOf(definition),
  })),
];
const cases = actions.flatMap(({ key, kind, inputs }) =>
  inputs.flatMap((input) => badValuesFor(input).map((badCase) => ({ action: key, kind, inputs, ...badCase }))),
);

it("covers every action and trigger", () => {
  const covered = new Set(cases.map((badCase) => badCase.action));
  expect(
    actions.filter(({ key, inputs }) => inputs.some((input) => badValuesFor(input).length > 0) && !covered.has(key)),
  ).toEqual([]);
  expect(cases.length).toBeGreaterThan(100);
});

it.each(cases.map((badCase) => [`${badCase.action}.${badCase.input.key}: ${badCase.what}`, badCase] as const))(
  "%s is refused before anything is sent",
  async (_name, badCase) => {
    const params: Record<string, unknown> = { awsRegion: region() };
    for (const input of badCase.inputs) {
      if (input.type === "connection")
        params[input.key] = keyConnection({ endpoint: proxy.endpoint, forcePathStyle: "true" });
      if (input.type === "connection" || input.key === "awsRegion") continue;
      const sample = sampleFor(input);
      if (sample !== undefined) params[input.key] = sample;
    }
    params[badCase.input.key] = badCase.value;
    const before = proxy.seen.length;
    const invoked =
      badCase.kind === "action"
        ? harness.action(badCase.action, params)
        : harness.trigger(badCase.action, undefined, params);
    const error = await invoked.then(
      () => new Error("no error"),
      (thrown: unknown) => (thrown instanceof Error ? thrown : new Error(String(thrown))),
    );
    expect(error.message).toContain(`(${badCase.input.key})`);
    expect(error.message.length).toBeGreaterThan(`${badCase.input.label} (${badCase.input.key}): `.length + 10);
    expect(proxy.seen.slice(before)).toEqual([]);
  },
);
