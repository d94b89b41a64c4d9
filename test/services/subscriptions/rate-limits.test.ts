// Cheap-abuse limits: per client address (10 requests / 10 min) and per email address (3
// confirmations / hour), answered with 429, Retry-After and the error shape — the same for known
// and unknown addresses.
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { tempDbPath } from '../../support/server.ts';
import { subscribers } from '../../../db/schema.ts';
import { clientKey, RateLimiter } from '../../../src/services/kernel/rate-limit.ts';
import { HOUR, MINUTE, world } from './world.ts';

describe('per client address', () => {
  it('allows 10 requests per 10 minutes, then answers 429 with retry-after until the window slides', async () => {
    const w = world();
    for (let i = 0; i < 10; i++) {
      if (i > 0) w.advance(MINUTE);
      expect((await w.postJson({ email: `u${i}@example.com` }, { client: '203.0.113.7' })).status).toBe(202);
    }
    const refused = await w.postJson({ email: 'u10@example.com' }, { client: '203.0.113.7' });
    expect(refused.status).toBe(429);
    // It is 9 min; the first request (at 0) leaves the 10-minute window in 60 s.
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.body).toEqual({ error: { code: 'rate_limited', message: 'Too many subscription requests. Try again later.', details: { retryAfterSeconds: 60 } } });
    expect(w.subscriber('u10@example.com')).toBeUndefined();

    // Another address is not affected; and once the oldest request leaves the window, one more fits.
    expect((await w.postJson({ email: 'other@example.com' }, { client: '198.51.100.1' })).status).toBe(202);
    w.advance(MINUTE);
    expect((await w.postJson({ email: 'u10@example.com' }, { client: '203.0.113.7' })).status).toBe(202);
    expect((await w.postJson({ email: 'u11@example.com' }, { client: '203.0.113.7' })).status).toBe(429);
  });

  it('counts invalid requests too', async () => {
    const w = world();
    for (let i = 0; i < 10; i++) expect((await w.postJson({ email: 'nope' }, { client: '203.0.113.8' })).status).toBe(400);
    expect((await w.postJson({ email: 'ok@example.com' }, { client: '203.0.113.8' })).status).toBe(429);
  });

  it('puts requests without a known address in one shared bucket', async () => {
    const w = world();
    for (let i = 0; i < 10; i++) await w.postJson({ email: `n${i}@example.com` });
    expect((await w.postJson({ email: 'n10@example.com' })).status).toBe(429);
  });
});

describe('per email address', () => {
  it('allows 3 confirmations per hour for an unknown and a confirmed address alike', async () => {
    const w = world();
    w.db.insert(subscribers).values({ email: 'known@example.com', locale: 'en', createdAt: 0, updatedAt: 0, confirmedAt: 0 }).run();
    const runs: Record<string, { status: number; text: string; retry: string | null }[]> = {};
    for (const email of ['known@example.com', 'unknown@example.com']) {
      runs[email] = [];
      for (let i = 0; i < 4; i++) {
        const res = await w.postJson({ email }, { client: `192.0.2.${i + (email.startsWith('k') ? 10 : 20)}` });
        runs[email]!.push({ status: res.status, text: res.text, retry: res.headers.get('retry-after') });
      }
    }
    expect(runs['known@example.com']).toEqual(runs['unknown@example.com']);
    expect(runs['unknown@example.com']!.map((r) => r.status)).toEqual([202, 202, 202, 429]);
    expect(runs['unknown@example.com']![3]!.retry).toBe('3600');
    // Only the unknown address got confirmations: three of them.
    expect(w.events()).toHaveLength(3);
    w.advance(HOUR + 1);
    expect((await w.postJson({ email: 'unknown@example.com' }, { client: '192.0.2.99' })).status).toBe(202);
  });

  it('treats case and surrounding spaces as the same address', async () => {
    const w = world();
    for (const email of ['a@example.com', 'A@EXAMPLE.com', ' a@example.com ']) expect((await w.postJson({ email }, { client: `192.0.2.${email.length}` })).status).toBe(202);
    expect((await w.postJson({ email: 'a@Example.com' }, { client: '192.0.2.200' })).status).toBe(429);
  });
});

describe('RateLimiter and clientKey', () => {
  it('forgets keys whose window has passed', () => {
    const limiter = new RateLimiter(createDb(':memory:'), 'test', { limit: 2, windowMs: 1000 });
    expect(limiter.take('a', 0)).toEqual({ ok: true });
    expect(limiter.take('a', 500)).toEqual({ ok: true });
    expect(limiter.take('a', 999)).toEqual({ ok: false, retryAfterSeconds: 1 });
    limiter.take('b', 100);
    limiter.sweep(1400);
    expect(limiter.size).toBe(1);
    expect(limiter.take('a', 1501)).toEqual({ ok: true });
  });

  it('counts in the database: two instances on one database share every window', () => {
    const path = tempDbPath('limits');
    const [one, two] = [createDb(path), createDb(path)];
    try {
      const rule = { limit: 3, windowMs: 60_000 };
      const [a, b] = [new RateLimiter(one, 'shared', rule), new RateLimiter(two, 'shared', rule)];
      expect([a.take('k', 0), b.take('k', 1000), a.take('k', 2000)].every((d) => d.ok)).toBe(true);
      expect(b.take('k', 3000)).toEqual({ ok: false, retryAfterSeconds: 57 });
      // Another bucket, another window.
      expect(new RateLimiter(two, 'other', rule).take('k', 3000)).toEqual({ ok: true });
      expect(a.take('k', 60_001)).toEqual({ ok: true });
    } finally {
      one.$client.close();
      two.$client.close();
    }
  });

  it('keys IPv4 as is, IPv4-mapped IPv6 as IPv4 and IPv6 by its /64', () => {
    const req = (address?: string) => {
      const r = new Request('http://localhost/');
      if (address) Reflect.set(r, Symbol.for('astro.clientAddress'), address);
      return r;
    };
    expect(clientKey(req('203.0.113.9'), [])).toBe('203.0.113.9');
    expect(clientKey(req('::ffff:203.0.113.9'), [])).toBe('203.0.113.9');
    expect(clientKey(req('2001:db8:1:2:3:4:5:6'), [])).toBe('2001:db8:1:2::/64');
    expect(clientKey(req('2001:db8::1'), [])).toBe('2001:db8:0:0::/64');
    expect(clientKey(req('2001:0db8:0001:0002::9%eth0'), [])).toBe('2001:db8:1:2::/64');
    expect(clientKey(req('::1'), [])).toBe('0:0:0:0::/64');
    expect(clientKey(req(), [])).toBe('unknown');
  });
});
