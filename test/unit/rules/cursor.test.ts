import { InputError } from "../../../src/glue/clean";
import { decodeCursor, encodeCursor, jobFingerprint } from "../../../src/rules/cursor";
import { compareKeys } from "../../../src/rules/keyOrder";

const ref = { key: "cursor", label: "Cursor" };

describe("prefix job cursors", () => {
  const job = jobFingerprint({ action: "copyPrefix", source: ["a", "in/"] });

  it("round-trip where to go on from and the totals so far", () => {
    const cursor = encodeCursor(job, { after: "2024/ü 😀.csv", totals: { Copied: 3, Bytes: 10 } });
    expect(decodeCursor(ref, cursor, job)).toEqual({ after: "2024/ü 😀.csv", totals: { Copied: 3, Bytes: 10 } });
  });

  it("keep 'nothing settled yet' apart from a settled empty key", () => {
    expect(decodeCursor(ref, encodeCursor(job, { totals: {} }), job)).toEqual({ after: undefined, totals: {} });
    expect(decodeCursor(ref, encodeCursor(job, { after: "", totals: {} }), job)?.after).toBe("");
  });

  it("mean 'from the beginning' when empty", () => {
    expect(decodeCursor(ref, undefined, job)).toBeUndefined();
    expect(decodeCursor(ref, "", job)).toBeUndefined();
  });

  it("are refused, naming the input, when garbled or made for other work", () => {
    expect(() => decodeCursor(ref, "%%%", job)).toThrow(InputError);
    expect(() => decodeCursor(ref, "%%%", job)).toThrow(/Cursor \(cursor\).*not a cursor this step returned/);
    const forged = Buffer.from(JSON.stringify({ v: 1, job, totals: { Copied: "many" } })).toString("base64url");
    expect(() => decodeCursor(ref, forged, job)).toThrow(/not a cursor this step returned/);
    const other = encodeCursor(jobFingerprint({ action: "copyPrefix", source: ["b", "in/"] }), { totals: {} });
    expect(() => decodeCursor(ref, other, job)).toThrow(/belongs to other work/);
  });
});

describe("key order", () => {
  it("is S3's: UTF-8 bytes, so characters above U+FFFF sort after the last BMP ones", () => {
    const keys = ["b", "😀", "\uffff", "a/b", "a", "ü"];
    // JavaScript's own order puts the surrogate pair of 😀 (0xD83D…) before U+FFFF.
    expect([...keys].sort()).toEqual(["a", "a/b", "b", "ü", "😀", "\uffff"]);
    expect([...keys].sort(compareKeys)).toEqual(["a", "a/b", "b", "ü", "\uffff", "😀"]);
  });
});
