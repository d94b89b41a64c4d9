// Abuse limits over real HTTP on the real server: X-Forwarded-For buys a client nothing unless the
// peer is a proxy named in TRUST_PROXY, for the subscription limit and the bad-admin-key limit alike;
// the bad key never reaches the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const TOKEN = 'abuse-admin-token-0123456789abcdef';
let direct: RunningServer;
let proxied: RunningServer;

async function start(env: Record<string, string>): Promise<RunningServer> {
  const path = tempDbPath('abuse');
  createDb(path).$client.close();
  return startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN, BAKEN_SECRET: 'abuse-test-secret-0123456789abcdefghij', ...env } });
}

beforeAll(async () => {
  [direct, proxied] = await Promise.all([start({}), start({ TRUST_PROXY: 'loopback' })]);
});
afterAll(async () => {
  await Promise.all([direct?.stop(), proxied?.stop()]);
});

const subscribe = (server: RunningServer, n: number, forwardedFor: string) =>
  fetch(`${server.url}/api/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ email: `abuse${n}@example.test` }) });

describe('subscription rate limit', () => {
  it('cannot be bypassed with X-Forwarded-For when no proxy is trusted', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await subscribe(direct, i, `198.51.100.${i}`)).status);
    expect(statuses).toEqual([...Array(10).fill(202), 429]);
  });

  it('follows X-Forwarded-For from a trusted proxy, hop by hop', async () => {
    const statuses: number[] = [];
    // Twelve clients behind the proxy: none limited…
    for (let i = 0; i < 12; i++) statuses.push((await subscribe(proxied, i, `198.51.100.${i}`)).status);
    expect(statuses).toEqual(Array(12).fill(202));
    // …but one client is, even when it forges entries to the left of the hop the proxy appended.
    const one: number[] = [];
    for (let i = 0; i < 11; i++) one.push((await subscribe(proxied, 100 + i, `10.9.9.${i}, 203.0.113.77`)).status);
    expect(one).toEqual([...Array(10).fill(202), 429]);
  });
});

describe('bad admin keys', () => {
  it('are answered 429 with retry-after after ten from one address, X-Forwarded-For or not, and logged without the key', async () => {
    const guess = 'bkn_guessed-key-QQQQ0123456789abcdefghijklmn';
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${direct.url}/api/admin/services`, { headers: { authorization: `Bearer ${guess}`, 'x-forwarded-for': `198.51.100.${i}` } });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.body?.cancel();
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(290);
    expect(Number(retryAfter)).toBeLessThanOrEqual(300);
    // While refused, the right key is refused too.
    expect((await fetch(`${direct.url}/api/admin/services`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(429);
    const log = direct.output();
    expect(log.match(/Admin API: unknown or revoked API key from 127\.0\.0\.1 on GET \/api\/admin\/services/g)).toHaveLength(10);
    expect(log).toContain('refusing keys from 127.0.0.1 for 300 s');
    expect(log).not.toContain(guess.slice(0, 12));
  });
});
