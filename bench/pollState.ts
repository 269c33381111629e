/**
 * How much state the "New and Updated Files" trigger keeps: scans a simulated prefix of
 * 100,000 and 1,000,000 keys twice (in polls of 100,000 keys, the state saved as JSON between
 * them as the platform does) and prints the largest state and the CPU time.
 *
 *   npx tsx bench/pollState.ts
 */
import { type ListPage, scanForChanges } from "../src/polling/changeScan";

async function measure(count: number): Promise<void> {
  const key = (index: number) => `exports/2024/customer-${String(index).padStart(7, "0")}/invoice.pdf`;
  const page: ListPage = (startAfter, maxKeys) => {
    const start = startAfter === undefined ? 0 : Number(/customer-(\d+)/.exec(startAfter)?.[1]) + 1;
    const end = Math.min(count, start + maxKeys);
    const objects = Array.from({ length: end - start }, (_, offset) => {
      const index = start + offset;
      return {
        Key: key(index),
        ETag: `"${index.toString(16).padStart(32, "0")}"`,
        Size: 1000 + index,
        LastModified: new Date(1.7e12 + index * 1000),
      };
    });
    return Promise.resolve({ objects, truncated: end < count });
  };
  let saved: unknown;
  let largest = 0;
  let complete = 0;
  const began = process.cpuUsage();
  while (complete < 2) {
    const result = await scanForChanges(saved, page, { scope: "bench", maxKeys: 100_000, now: 1.8e12 });
    const text = JSON.stringify(result.state);
    largest = Math.max(largest, text.length);
    saved = JSON.parse(text);
    if (result.scanComplete) complete += 1;
  }
  const cpu = process.cpuUsage(began);
  const seconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(
    `${count.toLocaleString("en-US")} keys: state at most ${largest.toLocaleString("en-US")} bytes as JSON (${(largest / count).toFixed(1)} per key); ${((seconds / (2 * count)) * 1e6).toFixed(1)} µs of CPU per key listed\n`,
  );
}

void (async () => {
  for (const count of [100_000, 1_000_000]) await measure(count);
})();
