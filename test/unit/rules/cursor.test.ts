import { InputError } from "../../../src/glue/clean";
import { decodeCursor, encodeCursor, jobFingerprint } from "../../../src/rules/cursor";
import { compareKeys } from "../../../src/rules/keyOrder";
import { Seal } from "../../../src/rules/seal";

const ref = { key: "cursor", label: "Cursor" };

describe("prefix job cursors", () => {
  const job = jobFingerprint({ action: "copyPrefix", source: ["a", "in/"] });
  const seal = Seal.of(Buffer.from("source secret"), Buffer.from("destination secret"));

  it("round-trip where to go on from and the totals so far", () => {
    const cursor = encodeCursor(seal, job, { after: "2024/ü 😀.csv", totals: { Copied: 3, Bytes: 10 } });
    expect(decodeCursor(ref, cursor, job, seal)).toEqual({ after: "2024/ü 😀.csv", totals: { Copied: 3, Bytes: 10 } });
  });

  it("keep 'nothing settled yet' apart from a settled empty key", () => {
    expect(decodeCursor(ref, encodeCursor(seal, job, { totals: {} }), job, seal)).toEqual({
      after: undefined,
      totals: {},
    });
    expect(decodeCursor(ref, encodeCursor(seal, job, { after: "", totals: {} }), job, seal)?.after).toBe("");
  });

  it("mean 'from the beginning' when empty", () => {
    expect(decodeCursor(ref, undefined, job, seal)).toBeUndefined();
    expect(decodeCursor(ref, "", job, seal)).toBeUndefined();
  });

  it("are refused, naming the input, when garbled or made for other work", () => {
    expect(() => decodeCursor(ref, "%%%", job, seal)).toThrow(InputError);
    expect(() => decodeCursor(ref, "%%%", job, seal)).toThrow(/Cursor \(cursor\).*not a cursor this step returned/);
    const other = encodeCursor(seal, jobFingerprint({ action: "copyPrefix", source: ["b", "in/"] }), { totals: {} });
    expect(() => decodeCursor(ref, other, job, seal)).toThrow(/belongs to other work/);
  });

  it("are refused when altered: another resume key, invented totals, or no seal", () => {
    const cursor = encodeCursor(seal, job, { after: "a", totals: { Deleted: 1000 } });
    const [body] = cursor.split(".");
    const state = JSON.parse(Buffer.from(body ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    const rewritten = (change: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ ...state, ...change })).toString("base64url");
    const signature = cursor.split(".")[1];
    for (const forged of [
      `${rewritten({ after: "zzzz" })}.${signature}`,
      `${rewritten({ totals: { Deleted: 999_999 } })}.${signature}`,
      rewritten({}),
      `${body}.`,
      `${body}.${signature}.${signature}`,
    ]) {
      expect(() => decodeCursor(ref, forged, job, seal)).toThrow(/Cursor \(cursor\).*was changed, or issued to other/);
    }
  });

  it("are refused when issued to other credentials, even for the same work", () => {
    const elsewhere = Seal.of(Buffer.from("another account's secret"), Buffer.from("destination secret"));
    const cursor = encodeCursor(elsewhere, job, { after: "a", totals: { Copied: 1 } });
    expect(() => decodeCursor(ref, cursor, job, seal)).toThrow(/issued to other credentials/);
    expect(decodeCursor(ref, cursor, job, elsewhere)?.after).toBe("a");
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
