// Repeated bad API keys from one address: 401 up to the limit, then 429 with retry-after for every
// key from that address (a right one included) until the window passes; other addresses unaffected;
// the log names the address, never the key.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BAD_KEY_LIMIT } from '../../src/api/admin/auth.ts';
import { adminWorld, type AdminWorld } from '../support/admin.ts';

let w: AdminWorld;
let warnings: string[];

beforeEach(() => {
  w = adminWorld();
  warnings = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

function from(address: string, authorization?: string) {
  const req = new Request('http://localhost/api/admin/services', { headers: authorization ? { authorization } : {} });
  Reflect.set(req, Symbol.for('astro.clientAddress'), address);
  return w.app.request(req);
}

describe('bad admin keys from one address', () => {
  it('are refused with 429 and retry-after after the limit, until the window passes', async () => {
    const bad = 'bkn_guess-0123456789abcdefghijklmnopqrstuv';
    for (let i = 0; i < BAD_KEY_LIMIT.limit; i++) {
      w.clock.now += 1000;
      expect((await from('203.0.113.50', `Bearer ${bad}${i}`)).status).toBe(401);
    }
    const refused = await from('203.0.113.50', `Bearer ${bad}x`);
    expect(refused.status).toBe(429);
    // The first bad key was 9 s ago; the window is 5 minutes.
    expect(refused.headers.get('retry-after')).toBe('291');
    expect((await refused.json()).error).toEqual({ code: 'rate_limited', message: 'Too many requests with a bad API key from this address. Try again later.', details: { retryAfterSeconds: 291 } });
    // A right key from the same address is refused too, so the answer gives nothing away…
    expect((await from('203.0.113.50', `Bearer ${w.keys.admin}`)).status).toBe(429);
    // …while another address works, and an address with no key at all is simply unauthorised.
    expect((await from('203.0.113.51', `Bearer ${w.keys.admin}`)).status).toBe(200);
    expect((await from('203.0.113.52')).status).toBe(401);
    // Once the oldest bad key leaves the window, one more attempt is allowed.
    w.clock.now += 291_000;
    expect((await from('203.0.113.50', `Bearer ${w.keys.admin}`)).status).toBe(200);
  });

  it('counts malformed headers, and ignores X-Forwarded-For from an untrusted peer', async () => {
    for (let i = 0; i < BAD_KEY_LIMIT.limit; i++) {
      const req = new Request('http://localhost/api/admin/services', { headers: { authorization: i % 2 ? 'Basic YWRtaW46YWRtaW4=' : 'Bearer wrong', 'x-forwarded-for': `198.51.100.${i}` } });
      Reflect.set(req, Symbol.for('astro.clientAddress'), '203.0.113.60');
      expect((await w.app.request(req)).status).toBe(401);
    }
    expect((await from('203.0.113.60', 'Bearer wrong')).status).toBe(429);
  });

  it('logs each bad key with the address and never the key', async () => {
    const secret = 'bkn_secret-guess-ZZZZ0123456789abcdefghijkl';
    for (let i = 0; i < BAD_KEY_LIMIT.limit + 3; i++) await from('192.0.2.77', `Bearer ${secret}`);
    // One line per counted bad key, the last one saying the address is now refused; 429s add nothing.
    expect(warnings).toHaveLength(BAD_KEY_LIMIT.limit);
    expect(warnings[0]).toBe('Admin API: unknown or revoked API key from 192.0.2.77 on GET /api/admin/services');
    expect(warnings.at(-1)).toBe('Admin API: unknown or revoked API key from 192.0.2.77 on GET /api/admin/services; refusing keys from 192.0.2.77 for 300 s');
    for (const line of warnings) {
      expect(line).not.toContain(secret);
      expect(line).not.toContain(secret.slice(0, 12));
    }
  });
});
