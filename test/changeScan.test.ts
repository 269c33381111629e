/**
 * The polling trigger's scan logic over an in-memory listing, for what a real server does
 * too rarely or too slowly to provoke on demand: objects that appear with a LastModified long
 * past (S3 dates a multipart upload by its start), bursts of writes larger than the remembered
 * edge, and state that comes back from storage with nulls.
 */
import { MAX_EDGE, OVERLAP_MS, type ListPage, type ListedObject, scanForChanges } from "../src/triggers/changeScan";

class FakeListing {
  readonly objects = new Map<string, ListedObject>();
  put(key: string, etag: string, modified: number): void {
    this.objects.set(key, { Key: key, ETag: etag, Size: 1, LastModified: new Date(modified) });
  }
  readonly page: ListPage = async (startAfter, maxKeys) => {
    const keys = [...this.objects.keys()].sort().filter((key) => startAfter === undefined || key > startAfter);
    const objects = keys.slice(0, maxKeys).map((key) => this.objects.get(key) ?? {});
    return { objects, truncated: keys.length > maxKeys };
  };
}

function flow(listing: FakeListing, maxKeys: number, lookBack?: Date) {
  let saved: unknown;
  const delivered: string[] = [];
  return {
    delivered,
    get state(): unknown {
      return saved;
    },
    async poll(now: number) {
      const result = await scanForChanges(saved, listing.page, { scope: "s", lookBack, maxKeys, now });
      saved = JSON.parse(JSON.stringify(result.state));
      delivered.push(...result.changes.map((change) => `${change.Key}@${change.ETag}:${change.Change}`));
      return result;
    },
  };
}

const T0 = Date.parse("2024-03-01T12:00:00Z");

it("delivers an object that appears late with a LastModified older than the mark, once, new or updated", async () => {
  const listing = new FakeListing();
  listing.put("a", "1", T0 - 3_600_000);
  const polls = flow(listing, 1000, new Date(T0 - 60_000));
  await polls.poll(T0);
  await polls.poll(T0 + 60_000);
  // A multipart upload started an hour ago completes now: a new key, and a new version of "a".
  listing.put("big", "2", T0 - 3_600_000);
  listing.put("a", "3", T0 - 3_500_000);
  await polls.poll(T0 + 2 * OVERLAP_MS);
  await polls.poll(T0 + 3 * OVERLAP_MS);
  expect(polls.delivered).toEqual(["a@3:updated", "big@2:new"]);
});

it("never delivers twice when a burst of writes overflows the remembered edge", async () => {
  const listing = new FakeListing();
  const polls = flow(listing, 500, new Date(T0 - 1000));
  const burst = MAX_EDGE + 700;
  for (let i = 0; i < burst; i += 1) listing.put(`k${String(i).padStart(5, "0")}`, "e", T0 + Math.floor(i / 100) * 1000);
  for (let i = 0; i < 12; i += 1) {
    const result = await polls.poll(T0 + 20_000 + i * 1000);
    const state = result.state;
    expect(state.edge.length).toBeLessThanOrEqual(MAX_EDGE);
    expect(state.nextEdge.length).toBeLessThanOrEqual(MAX_EDGE);
  }
  expect(polls.delivered).toHaveLength(burst);
  expect(new Set(polls.delivered).size).toBe(burst);
});

it("resumes from state that storage gave back with nulls for absent fields", async () => {
  const listing = new FakeListing();
  listing.put("a", "1", T0 + 1000);
  const saved = { ...(await scanForChanges(undefined, listing.page, { scope: "s", maxKeys: 10, now: T0 + 2000 })).state, resumeAfter: null };
  const again = await scanForChanges(saved, listing.page, { scope: "s", maxKeys: 10, now: T0 + 3000 });
  expect(again.changes).toEqual([]);
  // Other settings (another bucket, prefix or suffix) start afresh.
  const other = await scanForChanges(saved, listing.page, { scope: "other", maxKeys: 10, now: T0 + 3000 });
  expect(other.changes.map((change) => change.Key)).toEqual(["a"]);
});
