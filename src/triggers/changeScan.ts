/**
 * Finding new and updated objects under a prefix by listing it, since S3 has no "modified
 * since" query. A scan walks the prefix in key order, at most `maxKeys` keys per poll, and
 * resumes after the last key examined on the next poll; when it reaches the end the next
 * poll starts a new scan. An object is delivered when
 *   - its LastModified is past the high-water mark (`floor`), or
 *   - the previous complete scan did not list this key with this ETag (S3 dates a multipart
 *     upload by its start, so a long upload can show up with a LastModified far in the past),
 * and it is not one of the objects already delivered near the mark (`edge`).
 * The mark trails each scan's start by OVERLAP_MS: LastModified has one-second resolution,
 * clocks differ, and some stores list new objects late, so objects modified around a scan's
 * start are looked at again by the next scan, and the edge set, keyed by key, ETag and
 * LastModified, keeps them from being delivered twice. The edge set is capped; when a burst
 * of writes overflows it, the mark moves up to the newest dropped second instead (objects
 * that then appear late with an older LastModified are caught by the key-and-ETag check).
 */
import { createHash } from "node:crypto";
import { SeenFilter } from "./seenFilter";

export const OVERLAP_MS = 5 * 60_000;
export const MAX_EDGE = 1_000;

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
  /** "updated" when the previous complete scan listed this key; "new" otherwise (and on the first scan). */
  Change: "new" | "updated";
}

/** One page of the listing after `startAfter`, in key order. */
export type ListPage = (startAfter: string | undefined, maxKeys: number) => Promise<{ objects: ListedObject[]; truncated: boolean }>;

export interface ScanSettings {
  /** Identifies bucket, prefix, suffix and look-back: state saved for other settings is discarded. */
  scope: string;
  lookBack?: Date;
  suffix?: string;
  maxKeys: number;
  now: number;
}

/** [identity hash, LastModified ms] of an object delivered near the mark. */
type EdgeEntry = [string, number];

export interface ScanState {
  version: 1;
  scope: string;
  /** Objects modified after this (ms) are delivered by the current scan. */
  floor: number;
  /** The mark the next scan will use, fixed when the current one started (or raised by the edge cap). */
  nextFloor: number;
  scanning: boolean;
  resumeAfter?: string;
  edge: EdgeEntry[];
  nextEdge: EdgeEntry[];
  /** Keys and versions the previous complete scan listed; absent until one scan completed. */
  known?: string;
  /** Keys and versions the current scan has listed so far. */
  listing: string;
  listedCount: number;
  previousCount: number;
}

export interface ScanResult {
  changes: ChangedObject[];
  state: ScanState;
  examined: number;
  scanComplete: boolean;
}

const keyMember = (key: string): string => `k\u0000${key}`;
const versionMember = (key: string, etag: string): string => `v\u0000${key}\u0000${etag}`;
const identity = (key: string, etag: string, modified: number): string =>
  createHash("sha256").update(`${key}\u0000${etag}\u0000${modified}`, "utf8").digest("base64url").slice(0, 16);

export async function scanForChanges(saved: unknown, listPage: ListPage, settings: ScanSettings): Promise<ScanResult> {
  let state = readState(saved, settings.scope) ?? initialState(settings);
  if (!state.scanning) state = startScan(state, settings.now);
  const known = state.known === undefined ? undefined : SeenFilter.fromJSON(state.known);
  const listing = SeenFilter.fromJSON(state.listing) ?? SeenFilter.sizedFor(2 * state.previousCount);
  const edge = new Set(state.edge.map(([id]) => id));
  const nextEdge = [...state.nextEdge];
  let nextFloor = state.nextFloor;
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
      const etag = object.ETag ?? "";
      const modified = object.LastModified?.getTime() ?? 0;
      listing.add(keyMember(key));
      listing.add(versionMember(key, etag));
      const unseenVersion = known !== undefined && !known.has(versionMember(key, etag));
      const id = identity(key, etag, modified);
      if ((modified > state.floor || unseenVersion) && !edge.has(id)) {
        changes.push({
          Key: key,
          Size: object.Size,
          ETag: object.ETag,
          LastModified: new Date(modified).toISOString(),
          Change: known?.has(keyMember(key)) ? "updated" : "new",
        });
        if (modified > nextFloor) nextEdge.push([id, modified]);
      }
    }
    if (!page.truncated) {
      complete = true;
      break;
    }
    if (page.objects.length === 0) break;
  }

  // Keep the newest MAX_EDGE entries, dropping whole seconds: the mark moves up past them.
  if (nextEdge.length > MAX_EDGE) {
    nextEdge.sort((a, b) => a[1] - b[1]);
    nextFloor = Math.max(nextFloor, nextEdge[nextEdge.length - MAX_EDGE - 1]?.[1] ?? nextFloor);
  }
  const keptNextEdge = nextEdge.filter(([, modified]) => modified > nextFloor);
  const listedCount = state.listedCount + examined;
  const next: ScanState = complete
    ? {
        ...state,
        floor: nextFloor,
        nextFloor,
        scanning: false,
        resumeAfter: undefined,
        edge: keptNextEdge,
        nextEdge: [],
        known: listing.toJSON(),
        listing: "",
        listedCount: 0,
        previousCount: listedCount,
      }
    : { ...state, nextFloor, resumeAfter, nextEdge: keptNextEdge, listing: listing.toJSON(), listedCount };
  return { changes, state: next, examined, scanComplete: complete };
}

function initialState(settings: ScanSettings): ScanState {
  // LastModified counts whole seconds, so the look-back second itself is included. Without a
  // look-back date, the first scan reports what changed from shortly before it on, rather
  // than risk missing what changed while it ran.
  const floor = settings.lookBack ? Math.floor(settings.lookBack.getTime() / 1000) * 1000 - 1 : settings.now - OVERLAP_MS;
  return {
    version: 1,
    scope: settings.scope,
    floor,
    nextFloor: floor,
    scanning: false,
    edge: [],
    nextEdge: [],
    listing: "",
    listedCount: 0,
    previousCount: 0,
  };
}

function startScan(state: ScanState, now: number): ScanState {
  const nextFloor = Math.max(state.floor, now - OVERLAP_MS);
  return {
    ...state,
    scanning: true,
    resumeAfter: undefined,
    nextFloor,
    nextEdge: state.edge.filter(([, modified]) => modified > nextFloor),
    listing: SeenFilter.sizedFor(2 * state.previousCount).toJSON(),
    listedCount: 0,
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function edgeEntries(value: unknown): EdgeEntry[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const entries: EdgeEntry[] = [];
  for (const entry of value) {
    if (!Array.isArray(entry)) return undefined;
    const [id, modified]: unknown[] = entry;
    if (typeof id !== "string" || typeof modified !== "number") return undefined;
    entries.push([id, modified]);
  }
  return entries;
}

/** Text, or undefined for absent values (state may come back with null where undefined was saved). */
const optionalString = (value: unknown): string | undefined | false =>
  value === undefined || value === null ? undefined : typeof value === "string" ? value : false;

/** The saved state when it is intact and for these settings; undefined starts afresh. */
function readState(saved: unknown, scope: string): ScanState | undefined {
  if (!isRecord(saved) || saved.version !== 1 || saved.scope !== scope) return undefined;
  const { floor, nextFloor, scanning, listing, listedCount, previousCount } = saved;
  const resumeAfter = optionalString(saved.resumeAfter);
  const known = optionalString(saved.known);
  const edge = edgeEntries(saved.edge);
  const nextEdge = edgeEntries(saved.nextEdge);
  if (
    typeof floor !== "number" ||
    typeof nextFloor !== "number" ||
    typeof scanning !== "boolean" ||
    resumeAfter === false ||
    known === false ||
    typeof listing !== "string" ||
    typeof listedCount !== "number" ||
    typeof previousCount !== "number" ||
    edge === undefined ||
    nextEdge === undefined
  ) {
    return undefined;
  }
  return { version: 1, scope, floor, nextFloor, scanning, resumeAfter, edge, nextEdge, known, listing, listedCount, previousCount };
}
