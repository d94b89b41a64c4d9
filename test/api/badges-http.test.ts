// SVG badges over real HTTP against the built server: exact words and figures, accessible markup,
// served from the byte cache (ETag, 304, X-Cache) and refreshed by a write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { DAY, HOUR, makeIncident, makeService } from '../support/factories.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const T = Date.parse('2026-11-20T12:00:00Z');
const TOKEN = 'badge-admin-token-0123456789abcdef';
let server: RunningServer;

beforeAll(async () => {
  const path = tempDbPath('badges');
  const db = createDb(path);
  const web = makeService(db, { slug: 'web', name: 'Webhosting', startDate: T - 100 * DAY });
  makeService(db, { slug: 'mail', name: 'Mail', position: 1, startDate: T - 100 * DAY });
  // 2 h of major outage in the 90-day window: 1 − 7,200 / (90 days observed up to noon) → 99.90 %.
  makeIncident(db, { title: 'Web down', startedAt: T - 10 * DAY, resolvedAt: T - 10 * DAY + 2 * HOUR, impacts: [{ serviceId: web, impact: 'major_outage', start: T - 10 * DAY, end: T - 10 * DAY + 2 * HOUR }] });
  db.$client.close();
  server = await startServer({ databasePath: path, env: { BAKEN_NOW: new Date(T).toISOString(), ADMIN_TOKEN: TOKEN } });
});
afterAll(() => server?.stop());

async function badge(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { res, body: await res.text() };
}

/** The accessible name badge-maker gives the SVG (aria-label, mirrored in <title>). */
function label(svg: string): string {
  const aria = /<svg[^>]* role="img" aria-label="([^"]*)"/.exec(svg)?.[1];
  expect(svg).toContain(`<title>${aria}</title>`);
  return aria!;
}

describe('badges', () => {
  it('page and service status, service uptime: words, figures, content type, cross-origin', async () => {
    const page = await badge('/badge/status.svg');
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(page.res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(page.res.headers.get('cache-control')).toBe('public, max-age=10, stale-while-revalidate=60, stale-if-error=86400');
    expect(label(page.body)).toBe('status: operational');
    expect(page.body).toContain('fill="#1a7f37"');

    expect(label((await badge('/badge/web/status.svg')).body)).toBe('Webhosting: operational');
    // 90 days up to noon: 89.5 days observed = 7,732,800 s; 7,200 s down → 99.906… % → "99.90".
    const uptime = await badge('/badge/web/uptime.svg');
    expect(label(uptime.body)).toBe('Webhosting uptime 90d: 99.90%');
    expect(uptime.body).toContain('fill="#1a7f37"');
    expect(label((await badge('/badge/mail/uptime.svg')).body)).toBe('Mail uptime 90d: 100.00%');
  });

  it('unknown service and bad style: 4xx JSON errors', async () => {
    const missing = await badge('/badge/nope/status.svg');
    expect(missing.res.status).toBe(404);
    expect(JSON.parse(missing.body).error.code).toBe('unknown_service');
    const style = await badge('/badge/status.svg?style=huge');
    expect(style.res.status).toBe(400);
    expect(JSON.parse(style.body).error.code).toBe('invalid_request');
    const square = await badge('/badge/status.svg?style=flat-square');
    expect(square.res.status).toBe(200);
    expect(square.body).not.toContain('linearGradient');
  });

  it('comes from the byte cache with an ETag and 304, and a write changes it at once', async () => {
    const first = await badge('/badge/mail/status.svg?cachebuster=1');
    const again = await badge('/badge/mail/status.svg');
    expect(again.res.headers.get('x-cache')).toBe('HIT');
    const etag = again.res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{22}(-gz|-br)?"$/);
    expect(first.body).toBe(again.body);
    const revalidated = await fetch(`${server.url}/badge/mail/status.svg`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);

    const post = await fetch(`${server.url}/api/admin/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Mail slow', severity: 'high', message: 'Looking.', services: [{ service: 'mail', impact: 'partial_outage' }] }),
    });
    expect(post.status).toBe(201);
    const after = await badge('/badge/mail/status.svg', { 'if-none-match': etag });
    expect(after.res.status).toBe(200);
    expect(label(after.body)).toBe('Mail: partial outage');
    expect(after.body).toContain('fill="#bc4c00"');
    expect(label((await badge('/badge/status.svg')).body)).toBe('status: partial outage');
  });
});
