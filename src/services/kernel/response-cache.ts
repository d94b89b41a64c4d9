// The public response cache: ready-to-send answers (every encoding, headers precomputed) for
// public GETs, held by the server entry in front of Astro (src/server/front.ts) and bounded in bytes,
// least recently used out first.
//
// Freshness is a generation counter, not a deletion: write() calls invalidate() after its
// transaction commits, and commits by other connections (the CLI, a second server) are seen through
// db.dataVersion(): SQLite's `PRAGMA data_version`, or on PostgreSQL a count of the change
// notifications other connections' commits send (LISTEN/NOTIFY). An entry of
// an older generation is never served as current, but it is kept: it is the last good answer, served
// (marked stale) when a new render fails because the database cannot be read.
import { LRUCache } from 'lru-cache';
import type { Db } from '../../../db/client.ts';
import type { Config } from '../../config.ts';

/** How long a stale page may be served while it is re-rendered in the background, and during an outage. */
export const STALE_WHILE_REVALIDATE_SECONDS = 60;
export const STALE_IF_ERROR_SECONDS = 86_400;

/**
 * How often other connections' commits are looked for. Reading data_version takes a WAL read lock
 * (≈15 µs, the costliest step of a cache hit); once per 50 ms is free and still prompt for a CLI.
 */
const DATA_VERSION_INTERVAL_MS = 50;

/** What browsers and CDNs are told about every public page, feed and JSON answer. */
export function publicCacheControl(config: Pick<Config, 'cacheMaxAge'>): string {
  return `public, max-age=${config.cacheMaxAge}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_SECONDS}, stale-if-error=${STALE_IF_ERROR_SECONDS}`;
}

export const ENCODINGS = ['br', 'gzip', 'identity'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Ages (s) whose fresh-hit header lists are kept with the variant; beyond, they are made per request. */
export const HIT_HEADS = 16;

/** One encoding of an answer: the body and the raw header list for writeHead(). */
export interface Variant {
  body: Buffer;
  etag: string;
  /** Flat [name, value, …] list: everything but Age and X-Cache, which change per response. */
  head: string[];
  /** Headers of a 304 for this variant. */
  notModified: string[];
  /** `head` with Age and X-Cache: HIT, by whole seconds of age, filled as they are first sent. */
  hitHeads: string[][];
}

export interface CachedAnswer {
  status: number;
  generation: number;
  /** Clock time of the render. */
  renderedAt: number;
  /** Bytes this entry holds (all bodies and header lists); what the bound counts. */
  size: number;
  variants: { identity: Variant } & Partial<Record<Exclude<Encoding, 'identity'>, Variant>>;
  /** Every variant's ETag, for If-None-Match. */
  etags: ReadonlySet<string>;
  /** After a failed re-render: no new try before this time (the last good answer is served meanwhile). */
  retryAt?: number;
}

/** Counters the front updates and /api/admin/cache shows (hit = answered without waiting for a render). */
export interface CacheCounters {
  hits: number;
  misses: number;
  /** Stale answers served while a background render refreshes them. */
  stale: number;
  /** Last good answers served because a render failed. */
  servedOnError: number;
  notModified: number;
  renders: number;
  backgroundRenders: number;
  failedRenders: number;
  byEncoding: Record<Encoding, { hits: number; misses: number }>;
}

const newCounters = (): CacheCounters => ({
  hits: 0,
  misses: 0,
  stale: 0,
  servedOnError: 0,
  notModified: 0,
  renders: 0,
  backgroundRenders: 0,
  failedRenders: 0,
  byEncoding: { br: { hits: 0, misses: 0 }, gzip: { hits: 0, misses: 0 }, identity: { hits: 0, misses: 0 } },
});

export class ResponseCache {
  readonly counters = newCounters();
  readonly maxBytes: number;
  private readonly entries: LRUCache<string, CachedAnswer>;
  private current = 0;
  private evicted = 0;
  private dataVersion: number | undefined;
  private checkedAt = -Infinity;
  private readonly readDataVersion: () => number;

  constructor(db: Db, { maxBytes = 64 * 1024 * 1024 }: { maxBytes?: number } = {}) {
    this.maxBytes = maxBytes;
    this.entries = new LRUCache<string, CachedAnswer>({
      maxSize: maxBytes,
      sizeCalculation: (entry) => entry.size,
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') this.evicted++;
      },
    });
    this.readDataVersion = () => db.dataVersion();
  }

  /** A write committed in this process: every cached answer is now out of date. */
  invalidate(): void {
    this.current++;
  }

  /** The generation a render started now belongs to; bumped first if another connection committed. */
  generation(): number {
    const t = performance.now();
    if (t - this.checkedAt < DATA_VERSION_INTERVAL_MS) return this.current;
    this.checkedAt = t;
    let version: number | undefined;
    try {
      version = this.readDataVersion();
    } catch {
      // An unreadable (or closed) database changes nothing we could show; the last answers stay.
      return this.current;
    }
    if (this.dataVersion !== undefined && version !== this.dataVersion) this.current++;
    this.dataVersion = version;
    return this.current;
  }

  /** The entry for `key`, of any generation (marked most recently used). */
  get(key: string): CachedAnswer | undefined {
    return this.entries.get(key);
  }

  /** The entry for `key` without marking it used. */
  peek(key: string): CachedAnswer | undefined {
    return this.entries.peek(key);
  }

  /**
   * Stores a 200 answer unless a newer one is already there (a slow render of an old generation
   * finishing last must not replace a newer answer). An answer larger than the whole bound is not kept.
   */
  set(key: string, entry: CachedAnswer): void {
    const existing = this.entries.peek(key);
    if (existing && (existing.generation > entry.generation || (existing.generation === entry.generation && existing.renderedAt > entry.renderedAt))) return;
    if (entry.size > this.maxBytes) return;
    this.entries.set(key, entry);
  }

  stats() {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize, maxBytes: this.maxBytes, evicted: this.evicted, generation: this.current, ...this.counters };
  }
}
