// Secure headers on pages and API responses, and the two kinds of 404, from the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

let server: RunningServer;

beforeAll(async () => {
  const path = tempDbPath('security');
  createDb(path).$client.close();
  server = await startServer({ databasePath: path });
});
afterAll(() => server?.stop());

describe('responses', () => {
  it.each(['/en/', '/nl/incidents', '/api/v2/status.json', '/api/admin/keys'])('%s carries the secure headers', async (path) => {
    const res = await fetch(`${server.url}${path}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('lets other sites load the public JSON, and nothing else', async () => {
    const json = await fetch(`${server.url}/api/v2/summary.json`);
    expect(json.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(json.headers.get('access-control-allow-origin')).toBe('*');
    for (const path of ['/en/', '/api/admin/keys']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('answers unknown API paths with a JSON 404 and unknown pages with an HTML 404', async () => {
    const api = await fetch(`${server.url}/api/v9/nothing.json`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
    expect((await api.json()).error.code).toBe('not_found');
    const page = await fetch(`${server.url}/en/no-such-page`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<html lang="en"');
  });

  it('sends unprefixed paths to the default locale', async () => {
    for (const [from, to] of [['/', '/nl/'], ['/incidents', '/nl/incidents'], ['/incidents/3?x=1', '/nl/incidents/3?x=1']]) {
      const res = await fetch(`${server.url}${from}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(to);
    }
  });

  it('serves public pages from the cache, whatever unused query they carry', async () => {
    const first = await fetch(`${server.url}/en/sla?cache-probe`);
    await first.text();
    const second = await fetch(`${server.url}/en/sla?other-probe`);
    await second.text();
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
  });
});
