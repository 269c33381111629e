/** The polling trigger's Bloom filter: no member is ever forgotten, and few strangers pass. */
import { MAX_BITS, SeenFilter } from "../src/triggers/seenFilter";

it("remembers every member, across a save and load, and lets at most about 1% of others through", () => {
  const members = 2 * 10_000;
  const filter = SeenFilter.sizedFor(members);
  for (let i = 0; i < members; i += 1) filter.add(`member ${i}`);
  const loaded = SeenFilter.fromJSON(JSON.parse(JSON.stringify(filter)));
  if (!loaded) throw new Error("the saved filter did not load");
  let forgotten = 0;
  for (let i = 0; i < members; i += 1) if (!loaded.has(`member ${i}`)) forgotten += 1;
  expect(forgotten).toBe(0);
  let passed = 0;
  for (let i = 0; i < 20_000; i += 1) if (loaded.has(`stranger ${i}`)) passed += 1;
  expect(passed / 20_000).toBeLessThan(0.02);
});

it("stays within its maximum size however many members it is sized for", () => {
  expect(Buffer.from(SeenFilter.sizedFor(10_000_000).toJSON(), "base64").length).toBe(MAX_BITS / 8);
  expect(SeenFilter.fromJSON("not a filter")).toBeUndefined();
});
