/**
 * Input cleaning (src/glue/clean.ts): the raw values the platform hands a step become typed
 * values, or an error that names the input as the designer shows it, "Label (key): …", and
 * says what is allowed and what was given.
 */
import {
  boolean,
  choice,
  dataPayload,
  describe as describeValue,
  headerText,
  InputError,
  integer,
  keyValueRecord,
  list,
  optionalChoice,
  optionalDate,
  optionalInteger,
  optionalJson,
  optionalText,
  requiredText,
  textList,
} from "../../../src/glue/clean";

const objectKey = { key: "objectKey", label: "Object Key" };
const maxKeys = { key: "maxKeys", label: "Max Keys" };
const fetchAll = { key: "fetchAll", label: "Fetch All" };
const mode = { key: "retentionMode", label: "Retention Mode" };
const config = { key: "topicConfigurations", label: "Topic Configurations" };
const metadata = { key: "metadata", label: "Metadata" };
const objectKeys = { key: "objectKeys", label: "Object Keys" };
const retainUntil = { key: "retainUntilDate", label: "Retain Until Date" };
const fileContents = { key: "fileContents", label: "File Contents" };
const cacheControl = { key: "cacheControl", label: "Cache-Control" };
const PAGE = { min: 1, max: 1_000 };

describe("InputError", () => {
  it("names the input by label and key, and keeps which input it was", () => {
    const error = new InputError(objectKey, "is required.");
    expect(error.message).toBe("Object Key (objectKey): is required.");
    expect(error.name).toBe("InputError");
    expect(error.input).toBe(objectKey);
  });
});

describe("optionalText and requiredText", () => {
  it("keep text as given, turn numbers and yes/no into text, and read empty as not set", () => {
    expect(optionalText(objectKey, " folder/a b.txt ")).toBe(" folder/a b.txt ");
    expect(optionalText(objectKey, 42)).toBe("42");
    expect(optionalText(objectKey, false)).toBe("false");
    expect(optionalText(objectKey, "")).toBeUndefined();
    expect(optionalText(objectKey, null)).toBeUndefined();
    expect(optionalText(objectKey, undefined)).toBeUndefined();
  });

  it("refuse what is not text, saying what it was", () => {
    expect(() => optionalText(objectKey, { Key: "a" })).toThrow(
      new InputError(objectKey, "expected text, got an object."),
    );
    expect(() => optionalText(objectKey, ["a", "b"])).toThrow(
      "Object Key (objectKey): expected text, got a list of 2.",
    );
  });

  it("requiredText refuses empty and blank values", () => {
    expect(requiredText(objectKey, "a.txt")).toBe("a.txt");
    expect(() => requiredText(objectKey, "")).toThrow("Object Key (objectKey): is required.");
    expect(() => requiredText(objectKey, "   ")).toThrow("Object Key (objectKey): is required.");
    expect(() => requiredText(objectKey, undefined)).toThrow("Object Key (objectKey): is required.");
  });
});

describe("optionalInteger and integer", () => {
  it("read whole numbers from text or numbers, trimmed", () => {
    expect(optionalInteger(maxKeys, " 250 ", PAGE)).toBe(250);
    expect(optionalInteger(maxKeys, 1000, PAGE)).toBe(1000);
    expect(optionalInteger(maxKeys, "", PAGE)).toBeUndefined();
    expect(optionalInteger(maxKeys, "  ", PAGE)).toBeUndefined();
    expect(integer(maxKeys, undefined, { ...PAGE, default: 100 })).toBe(100);
    expect(integer(maxKeys, "7", { ...PAGE, default: 100 })).toBe(7);
  });

  it.each([
    ["lots", 'Max Keys (maxKeys): must be a whole number from 1 to 1,000; got "lots".'],
    ["1.5", 'Max Keys (maxKeys): must be a whole number from 1 to 1,000; got "1.5".'],
    [2.5, 'Max Keys (maxKeys): must be a whole number from 1 to 1,000; got "2.5".'],
    ["0", "Max Keys (maxKeys): must be a whole number from 1 to 1,000; got 0."],
    ["-3", "Max Keys (maxKeys): must be a whole number from 1 to 1,000; got -3."],
    [5000, "Max Keys (maxKeys): must be a whole number from 1 to 1,000; got 5,000."],
    [{ value: 3 }, "Max Keys (maxKeys): expected text, got an object."],
  ])("refuses %p with the range in words", (value, message) => {
    expect(() => optionalInteger(maxKeys, value, PAGE)).toThrow(message);
  });
});

describe("boolean", () => {
  it("reads true and false and their usual spellings, and falls back when not set", () => {
    expect(boolean(fetchAll, true)).toBe(true);
    expect(boolean(fetchAll, "yes")).toBe(true);
    expect(boolean(fetchAll, " ON ")).toBe(true);
    expect(boolean(fetchAll, "false")).toBe(false);
    expect(boolean(fetchAll, "0")).toBe(false);
    expect(boolean(fetchAll, "")).toBe(false);
    expect(boolean(fetchAll, undefined, true)).toBe(true);
    expect(boolean(fetchAll, null, true)).toBe(true);
  });

  it("refuses anything else", () => {
    expect(() => boolean(fetchAll, "sometimes")).toThrow(
      'Fetch All (fetchAll): must be true or false; got "sometimes".',
    );
    expect(() => boolean(fetchAll, 1)).toThrow("Fetch All (fetchAll): must be true or false; got number 1.");
  });
});

describe("optionalChoice and choice", () => {
  const MODES = ["GOVERNANCE", "COMPLIANCE"] as const;

  it("take one of the choices exactly, and read empty as not set", () => {
    expect(optionalChoice(mode, "COMPLIANCE", MODES)).toBe("COMPLIANCE");
    expect(optionalChoice(mode, "", MODES)).toBeUndefined();
    expect(choice(mode, undefined, MODES, "GOVERNANCE")).toBe("GOVERNANCE");
  });

  it("lists the choices when given another value, also one that differs only in case", () => {
    expect(() => optionalChoice(mode, "governance", MODES)).toThrow(
      'Retention Mode (retentionMode): must be one of GOVERNANCE, COMPLIANCE; got "governance".',
    );
    expect(() => choice(mode, "LEGAL", MODES, "GOVERNANCE")).toThrow(
      'Retention Mode (retentionMode): must be one of GOVERNANCE, COMPLIANCE; got "LEGAL".',
    );
  });
});

describe("optionalJson", () => {
  it("parses JSON text, passes parsed values through and reads blank text as not set", () => {
    expect(optionalJson(config, '[{"Id": "a"}]')).toEqual([{ Id: "a" }]);
    const parsed = [{ Id: "b" }];
    expect(optionalJson(config, parsed)).toBe(parsed);
    expect(optionalJson(config, "   ")).toBeUndefined();
    expect(optionalJson(config, "")).toBeUndefined();
  });

  it("points at the syntax error", () => {
    expect(() => optionalJson(config, '[{"Id": "a"}')).toThrow(
      /^Topic Configurations \(topicConfigurations\): is not valid JSON \(.+\)\.$/,
    );
  });
});

describe("keyValueRecord", () => {
  it("takes the designer's key-value list, an object or JSON text of one, values as text", () => {
    expect(
      keyValueRecord(metadata, [
        { key: "team", value: "ops" },
        { key: "rows", value: 3 },
        { key: "note", value: null },
      ]),
    ).toEqual({ team: "ops", rows: "3", note: "" });
    expect(keyValueRecord(metadata, { team: "ops", urgent: true })).toEqual({ team: "ops", urgent: "true" });
    expect(keyValueRecord(metadata, '{"team": "ops"}')).toEqual({ team: "ops" });
    expect(keyValueRecord(metadata, [])).toBeUndefined();
    expect(keyValueRecord(metadata, "")).toBeUndefined();
  });

  it.each([
    [[{ value: "ops" }], 'Metadata (metadata): each entry needs a "key" and a "value"; got an object.'],
    [["team=ops"], 'Metadata (metadata): each entry needs a "key" and a "value"; got "team=ops".'],
    [42, "Metadata (metadata): must be a list of key-value pairs or a JSON object; got number 42."],
    [[{ key: " ", value: "v" }], "Metadata (metadata): has an entry with an empty key."],
    [
      [
        { key: "team", value: "ops" },
        { key: "team", value: "dev" },
      ],
      'Metadata (metadata): has the key "team" twice.',
    ],
    [{ team: { name: "ops" } }, 'Metadata (metadata): the value of "team" must be text; got an object.'],
    ['{"team": ', /^Metadata \(metadata\): is not valid JSON \(/],
  ])("refuses %p", (value, message) => {
    expect(() => keyValueRecord(metadata, value)).toThrow(message);
  });
});

describe("list and textList", () => {
  it("take a value list, a JSON array or a single value, dropping empty entries", () => {
    expect(list(objectKeys, ["a.txt", "", null, "b.txt"])).toEqual(["a.txt", "b.txt"]);
    expect(list(objectKeys, '["a.txt", "", "b.txt"]')).toEqual(["a.txt", "b.txt"]);
    expect(list(objectKeys, "a.txt")).toEqual(["a.txt"]);
    expect(list(objectKeys, "   ")).toEqual([]);
    expect(list(objectKeys, undefined)).toEqual([]);
    // Records from an earlier step stay as they are, for the caller to read.
    expect(list(objectKeys, [{ Key: "a.txt", VersionId: "v1" }])).toEqual([{ Key: "a.txt", VersionId: "v1" }]);
    expect(list(objectKeys, 7)).toEqual([7]);
  });

  it("refuse a JSON array that does not parse, and textList entries that are not text", () => {
    expect(() => list(objectKeys, '["a.txt", ')).toThrow(/^Object Keys \(objectKeys\): is not valid JSON \(/);
    expect(textList(objectKeys, ["a.txt", "b.txt"])).toEqual(["a.txt", "b.txt"]);
    expect(() => textList(objectKeys, ["a.txt", 42])).toThrow(
      "Object Keys (objectKeys): entries must be text; got number 42.",
    );
    expect(() => textList(objectKeys, [{ Key: "a.txt" }])).toThrow(
      "Object Keys (objectKeys): entries must be text; got an object.",
    );
  });
});

describe("optionalDate", () => {
  it("reads ISO 8601 dates (as UTC midnight) and date-times", () => {
    expect(optionalDate(retainUntil, "2030-01-31")?.toISOString()).toBe("2030-01-31T00:00:00.000Z");
    expect(optionalDate(retainUntil, "2030-01-31T12:30:00Z")?.toISOString()).toBe("2030-01-31T12:30:00.000Z");
    expect(optionalDate(retainUntil, "2030-01-31T12:30:00+02:00")?.toISOString()).toBe("2030-01-31T10:30:00.000Z");
    expect(optionalDate(retainUntil, "2028-02-29")?.toISOString()).toBe("2028-02-29T00:00:00.000Z");
    const given = new Date("2030-06-01T00:00:00Z");
    expect(optionalDate(retainUntil, given)).toBe(given);
    expect(optionalDate(retainUntil, "")).toBeUndefined();
  });

  it.each(["2031-02-30", "2031-02-29", "2030-13-01", "2030-04-31T10:00:00Z"])(
    "refuses %s, which Date would roll over into another day",
    (value) => {
      expect(() => optionalDate(retainUntil, value)).toThrow(
        "Retain Until Date (retainUntilDate): is not a real calendar date.",
      );
    },
  );

  it("refuses what is not an ISO date, an invalid Date, and a past date where a future one is needed", () => {
    expect(() => optionalDate(retainUntil, "next tuesday")).toThrow(
      'Retain Until Date (retainUntilDate): must be an ISO 8601 date such as 2030-01-31 or 2030-01-31T12:00:00Z; got "next tuesday".',
    );
    expect(() => optionalDate(retainUntil, "31/01/2030")).toThrow(/must be an ISO 8601 date/);
    expect(() => optionalDate(retainUntil, new Date("not a date"))).toThrow(
      "Retain Until Date (retainUntilDate): is not a real calendar date.",
    );
    expect(() => optionalDate(retainUntil, "2001-01-01", { future: true })).toThrow(
      "Retain Until Date (retainUntilDate): must be in the future; got 2001-01-01T00:00:00.000Z.",
    );
    expect(optionalDate(retainUntil, "2001-01-01")?.toISOString()).toBe("2001-01-01T00:00:00.000Z");
  });
});

describe("dataPayload", () => {
  it("turns text, bytes and JSON values into bytes with their content type", () => {
    expect(dataPayload(fileContents, "Hello")).toEqual({ data: Buffer.from("Hello"), contentType: "text/plain" });
    expect(dataPayload(fileContents, { id: 7 })).toEqual({
      data: Buffer.from('{"id":7}'),
      contentType: "application/json",
    });
    expect(dataPayload(fileContents, Buffer.from([1, 2]))).toEqual({
      data: Buffer.from([1, 2]),
      contentType: "application/octet-stream",
    });
  });

  it("refuses nothing and what cannot be bytes", () => {
    expect(() => dataPayload(fileContents, "")).toThrow("File Contents (fileContents): is required.");
    expect(() => dataPayload(fileContents, null)).toThrow("File Contents (fileContents): is required.");
    expect(() => dataPayload(fileContents, 42)).toThrow(
      "File Contents (fileContents): cannot be turned into bytes; got number 42.",
    );
  });
});

describe("headerText", () => {
  it("passes printable ASCII and tabs, and names the first character an HTTP header cannot carry", () => {
    expect(headerText(cacheControl, "max-age=60,\tpublic")).toBe("max-age=60,\tpublic");
    expect(() => headerText(cacheControl, "max-age=60\u007f")).toThrow(
      "Cache-Control (cacheControl): the value has a control character (\\u007f) at position 11, which an HTTP header cannot carry; use plain ASCII text on one line.",
    );
    expect(() => headerText(metadata, "café", 'the value of "note"')).toThrow(
      'Metadata (metadata): the value of "note" has the non-ASCII character "é" at position 4, which an HTTP header cannot carry; use plain ASCII text on one line.',
    );
  });
});

describe("describe", () => {
  it.each([
    [null, "null"],
    [[1, 2, 3], "a list of 3"],
    [Buffer.alloc(5), "5 bytes of binary data"],
    ["short", '"short"'],
    ["line\nbreak", '"line\\u000abreak"'],
    ["x".repeat(61), "text of 61 characters"],
    [{ a: 1 }, "an object"],
    [42, "number 42"],
    [true, "boolean true"],
    [10n, "bigint 10"],
    [() => 1, "a function"],
  ])("describes %p as %s, without echoing long or sensitive content", (value, described) => {
    expect(describeValue(value)).toBe(described);
  });
});
