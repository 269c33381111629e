/**
 * The polling trigger's change scan over an in-memory listing (in S3's key order), for what a
 * real server does too rarely or too slowly to provoke on demand: objects that reappear with
 * an old LastModified, scans spread over many polls, keys S3 orders differently from
 * JavaScript, state that comes back from storage with nulls, and prefixes too large to track.
 */
import {
  type ListedObject,
  type ListPage,
  OVERLAP_MS,
  SEGMENT_SIZE,
  scanForChanges,
} from "../../../src/polling/changeScan";

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

class FakeListing {
  readonly objects = new Map<string, ListedObject>();
  put(key: string, etag: string, modified: number): void {
    this.objects.set(key, { Key: key, ETag: etag, Size: 1, LastModified: new Date(modified) });
  }
  readonly page: ListPage = (startAfter, maxKeys) => {
    const keys = [...this.objects.keys()]
      .sort(utf8Order)
      .filter((key) => startAfter === undefined || utf8Order(key, startAfter) > 0);
    const objects = keys.slice(0, maxKeys).map((key) => this.objects.get(key) ?? {});
    return Promise.resolve({ objects, truncated: keys.length > maxKeys });
  };
}

function flow(listing: FakeListing, maxKeys: number, lookBack?: Date) {
  let saved: unknown;
  const delivered: string[] = [];
  return {
    delivered,
    async poll(now: number, maxTracked?: number) {
      const result = await scanForChanges(saved, listing.page, { scope: "s", lookBack, maxKeys, now, maxTracked });
      saved = JSON.parse(JSON.stringify(result.state));
      delivered.push(...result.changes.map((change) => `${change.Key}@${change.ETag}:${change.Change}`));
      return result;
    },
    /** Polls until two complete scans have passed since the call. */
    async settle(now: number) {
      for (let complete = 0; complete < 2; ) if ((await this.poll(now)).scanComplete) complete += 1;
    },
  };
}

const T0 = Date.parse("2024-03-01T12:00:00Z");
const key = (i: number) => `data/${String(i).padStart(5, "0")}.csv`;

it("reports every change exactly once, whatever its date, labelled by what the previous scan listed, over scans of many polls", async () => {
  const listing = new FakeListing();
  for (let i = 0; i < 3_000; i += 1) listing.put(key(i), `v1-${i}`, T0 - 86_400_000);
  const polls = flow(listing, 700);
  await polls.settle(T0);
  expect(polls.delivered).toEqual([]);

  const expected: string[] = [];
  // Undeleted (gone at the last scan, back with an old date), rolled back (an older version,
  // older date), late (a multipart upload dated by its start), overwritten, and new.
  for (let i = 0; i < 300; i += 7) listing.objects.delete(key(i));
  await polls.settle(T0);
  for (let i = 0; i < 300; i += 7) {
    listing.put(key(i), `v1-${i}`, T0 - 86_400_000);
    expected.push(`${key(i)}@v1-${i}:new`);
  }
  for (let i = 1_000; i < 1_200; i += 3) {
    listing.put(key(i), `v0-${i}`, T0 - 2 * 86_400_000);
    expected.push(`${key(i)}@v0-${i}:updated`);
  }
  for (let i = 2_000; i < 2_100; i += 1) {
    listing.put(key(i), `v2-${i}`, T0 - 3_600_000);
    expected.push(`${key(i)}@v2-${i}:updated`);
  }
  for (let i = 3_000; i < 3_500; i += 1) {
    listing.put(key(i), `v1-${i}`, T0 - 3_600_000);
    expected.push(`${key(i)}@v1-${i}:new`);
  }
  const before = polls.delivered.length;
  await polls.settle(T0);
  expect(polls.delivered.slice(before).sort()).toEqual(expected.sort());
  // Deletions are not reported; the deleted keys came back as new.
  expect(polls.delivered.slice(0, before)).toEqual([]);
});

it("reports, in the first scan, the files changed since the look-back date (or shortly before the first poll)", async () => {
  const listing = new FakeListing();
  listing.put("old", "1", T0 - 86_400_000);
  listing.put("recent", "1", T0 - 60_000);
  listing.put("looked-back", "1", T0 - 3_600_000);
  const fresh = flow(listing, 100);
  await fresh.settle(T0);
  expect(fresh.delivered).toEqual(["recent@1:new"]);
  const lookingBack = flow(listing, 100, new Date(T0 - 2 * 3_600_000));
  await lookingBack.settle(T0);
  expect(lookingBack.delivered.sort()).toEqual(["looked-back@1:new", "recent@1:new"]);
  expect(OVERLAP_MS).toBe(5 * 60_000);
});

it("follows S3's UTF-8 key order across segment and poll boundaries", async () => {
  const listing = new FakeListing();
  // Keys beyond the BMP sort after U+FFFD in UTF-8, before it in JavaScript's string order.
  const names = Array.from(
    { length: SEGMENT_SIZE * 3 },
    (_, i) => `k/${["😀", "\uFFFD", "a"][i % 3]}${String(i).padStart(4, "0")}`,
  );
  for (const name of names) listing.put(name, "1", T0 - 86_400_000);
  const polls = flow(listing, 97);
  await polls.settle(T0);
  for (const name of names.filter((_, i) => i % 5 === 0)) listing.put(name, "2", T0 - 86_400_000);
  await polls.settle(T0);
  expect(polls.delivered.sort()).toEqual(
    names
      .filter((_, i) => i % 5 === 0)
      .map((name) => `${name}@2:updated`)
      .sort(),
  );
});

it("resumes from state that storage gave back with nulls, and starts afresh for other settings", async () => {
  const listing = new FakeListing();
  listing.put("a", "1", T0 + 1000);
  const first = await scanForChanges(undefined, listing.page, { scope: "s", maxKeys: 10, now: T0 + 2000 });
  expect(first.changes.map((change) => change.Key)).toEqual(["a"]);
  const saved = { ...first.state, resumeAfter: null };
  expect((await scanForChanges(saved, listing.page, { scope: "s", maxKeys: 10, now: T0 + 3000 })).changes).toEqual([]);
  expect(
    (await scanForChanges(saved, listing.page, { scope: "other", maxKeys: 10, now: T0 + 3000 })).changes.map(
      (change) => change.Key,
    ),
  ).toEqual(["a"]);
});

it("fails a poll, saying so, rather than track a prefix larger than it can", async () => {
  const listing = new FakeListing();
  for (let i = 0; i < 50; i += 1) listing.put(key(i), "1", T0);
  await expect(flow(listing, 100).poll(T0, 40)).rejects.toThrow("more than 40 files match");
});
