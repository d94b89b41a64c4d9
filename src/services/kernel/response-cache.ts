// Public pages and JSON are served from memory until the data changes. Writes in this process call
// invalidate(); writes from another process (the CLI, a second server) are caught by SQLite's
// `PRAGMA data_version`, which changes whenever another connection commits. Entries also expire
// at `expiresAt`, because time alone changes what we show (today's uptime, a maintenance start).
import type { Db } from '../../../db/client.ts';

export interface CachedResponse {
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
  expiresAt: number;
}

export class ResponseCache {
  private entries = new Map<string, CachedResponse>();
  private generation = 0;
  private dataVersion: number | undefined;
  hits = 0;
  misses = 0;

  constructor(
    private readonly db: Db,
    private readonly maxEntries = 500,
  ) {}

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  get(key: string, now: number): CachedResponse | undefined {
    this.checkExternalWrites();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) {
      this.hits++;
      return entry;
    }
    if (entry) this.entries.delete(key);
    this.misses++;
    return undefined;
  }

  /** Stores only if no write happened since `generationAtStart` (a render that raced a write is stale). */
  set(key: string, value: CachedResponse, generationAtStart: number): void {
    if (generationAtStart !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }

  get currentGeneration(): number {
    return this.generation;
  }

  private checkExternalWrites(): void {
    const version = this.db.$client.pragma('data_version', { simple: true }) as number;
    if (this.dataVersion !== undefined && version !== this.dataVersion) this.invalidate();
    this.dataVersion = version;
  }
}
