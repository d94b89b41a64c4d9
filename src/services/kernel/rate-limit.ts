// Cheap-abuse limits for the public subscription endpoints: a sliding-window log per key, kept in
// memory. Good enough for one server process (Baken runs one, next to its SQLite file); a restart
// forgets the windows, which only ever lets a few more requests through. The clock is passed in, so
// tests move time instead of sleeping. (hono-rate-limiter was considered: it is middleware keyed per
// request, but the per-address limit needs the parsed, normalised email and the same limiter has to
// serve Astro page POSTs too, so a small class fits better.)

import { clientAddress, socketAddress } from '../../lib/client-address.ts';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

const SWEEP_EVERY = 1_000;

export class RateLimiter {
  readonly #hits = new Map<string, number[]>();
  #takes = 0;

  constructor(readonly rule: RateLimit) {}

  /** Counts one attempt for `key` unless the window is full; a refused attempt is not counted. */
  take(key: string, now: number): RateDecision {
    if (++this.#takes % SWEEP_EVERY === 0) this.sweep(now);
    const since = now - this.rule.windowMs;
    const hits = (this.#hits.get(key) ?? []).filter((t) => t > since);
    if (hits.length >= this.rule.limit) {
      this.#hits.set(key, hits);
      // The oldest hit in the window leaves it first; at least one second, as Retry-After counts whole seconds.
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((hits[0]! + this.rule.windowMs - now) / 1000)) };
    }
    hits.push(now);
    this.#hits.set(key, hits);
    return { ok: true };
  }

  /** What take() would answer, without counting: for limits that count only failures. */
  peek(key: string, now: number): RateDecision {
    const since = now - this.rule.windowMs;
    const hits = (this.#hits.get(key) ?? []).filter((t) => t > since);
    if (hits.length < this.rule.limit) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((hits[0]! + this.rule.windowMs - now) / 1000)) };
  }

  /** Drops keys whose every hit has left the window, so memory follows recent traffic only. */
  sweep(now: number): void {
    const since = now - this.rule.windowMs;
    for (const [key, hits] of this.#hits) if (hits.every((t) => t <= since)) this.#hits.delete(key);
  }

  get size(): number {
    return this.#hits.size;
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
