import { type ListedObject, mergedByKey } from "../../../../src/transfer/prefixJobs/prefixListing";
import { SettledWatermark } from "../../../../src/transfer/prefixJobs/settledWatermark";
import { TimeBudget } from "../../../../src/transfer/timeBudget";

/** A listing that answers a page at a time, as S3 does. */
async function* listed(...keys: string[]): AsyncGenerator<ListedObject> {
  for (const key of keys) {
    await Promise.resolve();
    yield { relative: key, Key: `p/${key}`, Size: key.length, ETag: `"${key}"` };
  }
}

describe("merging a source and a destination listing", () => {
  it("pairs equal keys and keeps S3's byte order, with either side running out first", async () => {
    const pairs: [string, boolean, boolean][] = [];
    for await (const pair of mergedByKey(listed("a", "c", "ü", "\uffff", "😀"), listed("b", "c", "😀", "😀z"))) {
      pairs.push([pair.relative, pair.source !== undefined, pair.destination !== undefined]);
    }
    expect(pairs).toEqual([
      ["a", true, false],
      ["b", false, true],
      ["c", true, true],
      ["ü", true, false],
      ["\uffff", true, false],
      ["😀", true, true],
      ["😀z", false, true],
    ]);
  });
});

describe("the settled watermark", () => {
  it("advances only over keys whose work ended, in listing order", () => {
    const watermark = new SettledWatermark("start");
    const [a, b, c] = ["a", "b", "c"].map((key) => watermark.begin(key));
    watermark.end(b);
    expect(watermark.after).toBe("start");
    watermark.end(a);
    expect(watermark.after).toBe("b");
    expect(watermark.complete).toBe(false);
    watermark.end(c);
    expect([watermark.after, watermark.complete]).toEqual(["c", true]);
  });

  it("stays before a key left unfinished", () => {
    const watermark = new SettledWatermark(undefined);
    const [a, b, c] = ["a", "b", "c"].map((key) => watermark.begin(key));
    watermark.end(a);
    watermark.end(b, false);
    watermark.end(c);
    expect(watermark.after).toBe("a");
  });
});

describe("the time budget", () => {
  it("is spent once its seconds have passed", () => {
    let now = 1_000;
    const budget = new TimeBudget(10, () => now);
    now += 9_999;
    expect(budget.spent).toBe(false);
    now += 1;
    expect(budget.spent).toBe(true);
  });
});
