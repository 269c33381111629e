/**
 * Finding new and changed objects under a prefix by listing it, since S3 has no "modified
 * since" query, exactly: whatever an object's LastModified says. S3 dates a multipart upload
 * by its start, and in a versioned bucket removing a delete marker brings a key back, and
 * deleting the newest version rolls a key back to an older one, each with its old date; only
 * comparing with what the previous scan listed finds those.
 *
 * A scan walks the prefix in key order, at most `maxKeys` keys per poll, resuming after the
 * last key examined. Every object it lists leaves a fingerprint: 4 bytes of its key's hash and
 * 4 bytes of the hash of its key, ETag, LastModified and size, kept in key order in segments of
 * SEGMENT_SIZE that start at a known key. An object is reported when the previous complete scan
 * has no fingerprint equal to its own in the segment its key falls in: "updated" when that
 * segment holds its key's hash, "new" otherwise. So a changed object goes unreported only when
 * 32 bits of hash collide (about 1 in 4.3 billion), an unchanged one is never reported, and a
 * new key is labelled "updated" only when 32 bits of key hash collide within its segment (about
 * 1 in 17 million). The first scan has nothing to compare with: it reports objects modified
 * since the look-back date (or since OVERLAP_MS before it started).
 *
 * State: 8 bytes per key (10.7 as base64) plus a key per segment; segments of the previous
 * scan are dropped as the current one passes them, so about one scan's worth is kept. A prefix
 * with more than MAX_TRACKED_KEYS keys fails the poll with an error saying so, never silently.
 */
import { createHash } from "node:crypto";
import { isRecord } from "../glue/guards";

export const OVERLAP_MS = 5 * 60_000;
export const SEGMENT_SIZE = 256;
export const MAX_TRACKED_KEYS = 1_000_000;
const ENTRY_BYTES = 8;

export interface ListedObject {
  Key?: string;
  Size?: number;
  ETag?: string;
  LastModified?: Date;
}

export interface ChangedObject {
  Key: string;
  Size?: number;
  ETag?: string;
  LastModified: string;
  /** "updated" when the previous complete scan listed this key; "new" otherwise. */
  Change: "new" | "updated";
}

/** One page of the listing after `startAfter`, in key order. */
export type ListPage = (
  startAfter: string | undefined,
  maxKeys: number,
) => Promise<{ objects: ListedObject[]; truncated: boolean }>;

export interface ScanSettings {
  /** Identifies bucket, prefix, suffix and look-back: state saved for other settings is discarded. */
  scope: string;
  lookBack?: Date;
  suffix?: string;
  maxKeys: number;
  now: number;
  /** At most this many keys are tracked (MAX_TRACKED_KEYS unless a test lowers it). */
  maxTracked?: number;
}

/** Fingerprints of the objects listed from `first` on, until the next segment's first key. */
interface Segment {
  first: string;
  /** base64 of 8-byte entries: key hash, then object hash. */
  entries: string;
}

export interface ScanState {
  version: 2;
  scope: string;
  /** The previous complete scan, from the first segment the current one has not passed; absent until a scan completed. */
  previous?: Segment[];
  /** The current scan so far. */
  current: Segment[];
  /** Keys the current scan has fingerprinted. */
  tracked: number;
  resumeAfter?: string;
  /** First scan only: objects modified from this time on (ms) are reported. */
  since: number;
}

export interface ScanResult {
  changes: ChangedObject[];
  state: ScanState;
  examined: number;
  scanComplete: boolean;
}

export class TooManyKeys extends Error {}

const sha256 = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

function fingerprint(key: string, object: ListedObject): Buffer {
  const entry = Buffer.alloc(ENTRY_BYTES);
  sha256(key).copy(entry, 0, 0, 4);
  sha256(`${key}\u0000${object.ETag ?? ""}\u0000${object.LastModified?.getTime() ?? 0}\u0000${object.Size ?? -1}`).copy(
    entry,
    4,
    0,
    4,
  );
  return entry;
}

/** S3 lists keys in the order of their UTF-8 bytes, which JavaScript's string order is not. */
const utf8 = (key: string): Buffer => Buffer.from(key, "utf8");

/** The previous scan's segments, read one at a time as the listing passes them. */
class PreviousScan {
  private index = 0;
  private objects = new Set<string>();
  private keys = new Set<string>();
  private loaded = -1;
  /** The first keys of the segment the listing is in and of the next one, as UTF-8. */
  private firstKey?: Buffer;
  private nextFirstKey?: Buffer;

  constructor(private readonly segments: Segment[]) {
    this.firstKey = segments[0] && utf8(segments[0].first);
    this.nextFirstKey = segments[1] && utf8(segments[1].first);
  }

  /** How `entry` (of `key`) compares with the previous scan: unchanged, updated or new. */
  judge(key: string, entry: Buffer): "unchanged" | "updated" | "new" {
    const bytes = utf8(key);
    while (this.nextFirstKey && Buffer.compare(this.nextFirstKey, bytes) <= 0) {
      this.index += 1;
      this.firstKey = this.nextFirstKey;
      const following = this.segments[this.index + 1];
      this.nextFirstKey = following && utf8(following.first);
    }
    const segment = this.segments[this.index];
    if (!segment || !this.firstKey || Buffer.compare(this.firstKey, bytes) > 0) return "new";
    if (this.loaded !== this.index) this.load(segment);
    if (this.objects.has(entry.toString("hex"))) return "unchanged";
    return this.keys.has(entry.toString("hex", 0, 4)) ? "updated" : "new";
  }

  /** The segments the listing has not passed yet (the one it is in included). */
  remaining(): Segment[] {
    return this.segments.slice(this.index);
  }

  private load(segment: Segment): void {
    const bytes = Buffer.from(segment.entries, "base64");
    this.objects = new Set();
    this.keys = new Set();
    for (let offset = 0; offset + ENTRY_BYTES <= bytes.length; offset += ENTRY_BYTES) {
      this.objects.add(bytes.toString("hex", offset, offset + ENTRY_BYTES));
      this.keys.add(bytes.toString("hex", offset, offset + 4));
    }
    this.loaded = this.index;
  }
}

/** The current scan's segments, appended to in key order. */
class CurrentScan {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private pendingFirst?: string;

  constructor(
    private readonly done: Segment[],
    public tracked: number,
    private readonly limit: number,
  ) {
    const last = done[done.length - 1];
    if (last && Buffer.from(last.entries, "base64").length < SEGMENT_SIZE * ENTRY_BYTES) {
      // The last segment is still filling: carry on with it.
      done.pop();
      this.pendingFirst = last.first;
      this.pending = [Buffer.from(last.entries, "base64")];
      this.pendingBytes = this.pending[0]?.length ?? 0;
    }
  }

  add(key: string, entry: Buffer): void {
    if (this.tracked >= this.limit)
      throw new TooManyKeys(`more than ${this.limit.toLocaleString("en-US")} files match`);
    this.pendingFirst ??= key;
    this.pending.push(entry);
    this.pendingBytes += entry.length;
    this.tracked += 1;
    if (this.pendingBytes >= SEGMENT_SIZE * ENTRY_BYTES) this.close();
  }

  segments(): Segment[] {
    this.close();
    return this.done;
  }

  private close(): void {
    if (this.pendingFirst === undefined) return;
    this.done.push({ first: this.pendingFirst, entries: Buffer.concat(this.pending).toString("base64") });
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingFirst = undefined;
  }
}

export async function scanForChanges(saved: unknown, listPage: ListPage, settings: ScanSettings): Promise<ScanResult> {
  const state = readState(saved, settings.scope) ?? initialState(settings);
  const previous = state.previous ? new PreviousScan(state.previous) : undefined;
  const current = new CurrentScan([...state.current], state.tracked, settings.maxTracked ?? MAX_TRACKED_KEYS);
  const changes: ChangedObject[] = [];
  let examined = 0;
  let resumeAfter = state.resumeAfter;
  let complete = false;

  while (examined < settings.maxKeys) {
    const page = await listPage(resumeAfter, Math.min(1000, settings.maxKeys - examined));
    for (const object of page.objects) {
      const key = object.Key;
      if (key === undefined) continue;
      examined += 1;
      resumeAfter = key;
      if (settings.suffix && !key.endsWith(settings.suffix)) continue;
      const entry = fingerprint(key, object);
      current.add(key, entry);
      const change = previous
        ? previous.judge(key, entry)
        : (object.LastModified?.getTime() ?? 0) >= state.since
          ? "new"
          : "unchanged";
      if (change === "unchanged") continue;
      changes.push({
        Key: key,
        Size: object.Size,
        ETag: object.ETag,
        LastModified: new Date(object.LastModified?.getTime() ?? 0).toISOString(),
        Change: change,
      });
    }
    if (!page.truncated) {
      complete = true;
      break;
    }
    if (page.objects.length === 0) break;
  }

  const next: ScanState = complete
    ? { version: 2, scope: settings.scope, previous: current.segments(), current: [], tracked: 0, since: state.since }
    : {
        version: 2,
        scope: settings.scope,
        previous: previous?.remaining(),
        current: current.segments(),
        tracked: current.tracked,
        resumeAfter,
        since: state.since,
      };
  return { changes, state: next, examined, scanComplete: complete };
}

function initialState(settings: ScanSettings): ScanState {
  // LastModified counts whole seconds, so the look-back second itself is included. Without a
  // look-back date, the first scan reports what changed from shortly before it on, rather
  // than risk missing what changed while it ran.
  const since = settings.lookBack ? Math.floor(settings.lookBack.getTime() / 1000) * 1000 : settings.now - OVERLAP_MS;
  return { version: 2, scope: settings.scope, current: [], tracked: 0, since };
}

function segments(value: unknown): Segment[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list: Segment[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.first !== "string" || typeof item.entries !== "string") return undefined;
    list.push({ first: item.first, entries: item.entries });
  }
  return list;
}

/** The saved state when it is intact and for these settings; undefined starts afresh. */
function readState(saved: unknown, scope: string): ScanState | undefined {
  if (!isRecord(saved) || saved.version !== 2 || saved.scope !== scope) return undefined;
  const current = segments(saved.current);
  // Storage may give absent fields back as null.
  const previous = saved.previous === undefined || saved.previous === null ? undefined : segments(saved.previous);
  const resumeAfter = typeof saved.resumeAfter === "string" ? saved.resumeAfter : undefined;
  if (!current || (previous === undefined && saved.previous !== undefined && saved.previous !== null)) return undefined;
  if (typeof saved.tracked !== "number" || typeof saved.since !== "number") return undefined;
  return { version: 2, scope, previous, current, tracked: saved.tracked, resumeAfter, since: saved.since };
}
