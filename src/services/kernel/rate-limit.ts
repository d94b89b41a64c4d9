// Cheap-abuse limits (subscription requests, sign-in, bad API keys): a sliding-window log per key,
// kept in the database (rate_limit_hits), so every instance that shares the database counts the
// same attempts and a restart forgets nothing. A take is one short write transaction — on
// PostgreSQL under the writer lock, so two instances cannot both let the last attempt through.
// The clock is passed in, so tests move time instead of sleeping. (hono-rate-limiter was
// considered: it is middleware keyed per request, but the per-address limit needs the parsed,
// normalised email and the same limiter has to serve Astro page POSTs too, so a small class fits.)
import type { Db } from '../../../db/client.ts';
import { clientAddress, socketAddress } from '../../lib/client-address.ts';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Takes between sweeps of every key's expired hits (each take also drops its own key's). */
const SWEEP_EVERY = 1_000;

export class RateLimiter {
  #takes = 0;
  readonly #db: Db;
  readonly #bucket: string;

  constructor(db: Db, bucket: string, readonly rule: RateLimit) {
    this.#db = db;
    this.#bucket = bucket;
  }

  /** Counts one attempt for `key` unless the window is full; a refused attempt is not counted. */
  take(key: string, now: number): RateDecision {
    if (++this.#takes % SWEEP_EVERY === 0) this.sweep(now);
    const db = this.#db.$client;
    return db.transaction((): RateDecision => {
      db.prepare('DELETE FROM rate_limit_hits WHERE bucket = ? AND key = ? AND at <= ?').run(this.#bucket, key, now - this.rule.windowMs);
      const decision = this.peek(key, now);
      if (decision.ok) db.prepare('INSERT INTO rate_limit_hits (bucket, key, at) VALUES (?, ?, ?)').run(this.#bucket, key, now);
      return decision;
    }).immediate();
  }

  /** What take() would answer, without counting: for limits that count only failures. */
  peek(key: string, now: number): RateDecision {
    const { n, oldest } = this.#db.$client.prepare('SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_limit_hits WHERE bucket = ? AND key = ? AND at > ?').get(this.#bucket, key, now - this.rule.windowMs) as { n: number; oldest: number | null };
    if (n < this.rule.limit) return { ok: true };
    // The oldest hit in the window leaves it first; at least one second, as Retry-After counts whole seconds.
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest! + this.rule.windowMs - now) / 1000)) };
  }

  /** Drops hits that have left the window, so the table follows recent traffic only. */
  sweep(now: number): void {
    this.#db.$client.prepare('DELETE FROM rate_limit_hits WHERE bucket = ? AND at <= ?').run(this.#bucket, now - this.rule.windowMs);
  }

  /** Keys with a hit in the table. */
  get size(): number {
    return (this.#db.$client.prepare('SELECT COUNT(DISTINCT key) AS n FROM rate_limit_hits WHERE bucket = ?').get(this.#bucket) as { n: number }).n;
  }
}

/**
 * The rate-limit key of the client that sent `request` (see client-address.ts for which address
 * that is). IPv4-mapped IPv6 is folded to IPv4, and an IPv6 address to its /64 (one subscriber line
 * usually owns a whole /64). Without an address (the in-process tests, another runtime) every client
 * shares the bucket 'unknown'.
 */
export function clientKey(request: Request, trustProxy: readonly string[]): string {
  const address = clientAddress(socketAddress(request), request.headers, trustProxy);
  if (address === undefined) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  return `${ipv6Prefix64(address)}::/64`;
}

function ipv6Prefix64(address: string): string {
  const bare = address.split('%')[0]!.toLowerCase();
  const [head = '', tail] = bare.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':');
}
