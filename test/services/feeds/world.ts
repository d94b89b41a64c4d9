// The feeds' small world, in-process: a fresh :memory: database, a fixed clock
// (2026-11-24 12:00 UTC, Europe/Amsterdam), PUBLIC_URL https://status.example.com, and the real Hono app.
import { parseFeed } from '@rowanmanning/feed-parser';
import { expect } from 'vitest';
import { createDb, type Db } from '../../../db/client.ts';
import { maintenanceUpdates } from '../../../db/schema.ts';
import { createApi } from '../../../src/api/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createContext } from '../../../src/services/kernel/context.ts';
import { DAY, HOUR, makeIncident, makeMaintenance, makeService } from '../../support/factories.ts';

export const NOW = Date.parse('2026-11-24T12:00:00Z');
export const MIN = 60_000;
export const U = 'https://status.example.com';
export const iso = (t: number) => new Date(t).toISOString();

export function feedWorld() {
  const db = createDb(':memory:');
  const ctx = createContext({ db, config: loadConfig({ PUBLIC_URL: U, BAKEN_DEMO: '0' }), clock: () => NOW });
  const app = createApi(ctx);
  const text = async (path: string, type?: string): Promise<string> => {
    const res = await app.request(path);
    expect(res.status, path).toBe(200);
    if (type) expect(res.headers.get('content-type'), path).toBe(type);
    return res.text();
  };
  return {
    db,
    ctx,
    app,
    text,
    /** RSS or Atom through a real parser. */
    xml: async (path: string) => parseFeed(await text(path)),
    json: async (path: string) => JSON.parse(await text(path, 'application/feed+json; charset=utf-8')),
  };
}

/**
 * Webhosting (1) and Mail (2).
 * Incidents: 1 "Web down" (Webhosting, resolved NOW−1h, report published NOW−30m),
 * 2 "Mail delays" (Mail, open since NOW−20m), 3 "Old mail outage" (Mail, resolved 10 days ago,
 * report still a draft).
 * Windows: 1 "Kernel upgrade" (Webhosting, NOW+2d for 2h, announced NOW−1d),
 * 2 "Mail move" (Mail, was NOW−3d, cancelled NOW−4d).
 */
export function statusWorld(db: Db) {
  const web = makeService(db, { slug: 'web', name: 'Webhosting' });
  const mail = makeService(db, { slug: 'mail', name: 'Mail' });
  const webDown = makeIncident(db, {
    title: 'Web down',
    startedAt: NOW - 3 * HOUR,
    resolvedAt: NOW - HOUR,
    impacts: [{ serviceId: web, impact: 'major_outage', start: NOW - 3 * HOUR, end: NOW - HOUR }],
    updates: [
      { status: 'investigating', body: 'We are **looking** into it.<script>alert("x")</script>', at: NOW - 3 * HOUR },
      { status: 'identified', body: 'A full disk.', at: NOW - 2 * HOUR },
      { status: 'resolved', body: 'Disk replaced.', at: NOW - HOUR },
    ],
    report: { body: 'Root cause: a **full disk**.', publishedAt: NOW - 30 * MIN },
  });
  const mailDelays = makeIncident(db, {
    title: 'Mail delays',
    startedAt: NOW - 20 * MIN,
    impacts: [{ serviceId: mail, impact: 'partial_outage', start: NOW - 20 * MIN, end: null }],
    updates: [{ status: 'investigating', body: 'Mail is slow.', at: NOW - 20 * MIN }],
  });
  const oldMail = makeIncident(db, {
    title: 'Old mail outage',
    startedAt: NOW - 10 * DAY - HOUR,
    resolvedAt: NOW - 10 * DAY,
    impacts: [{ serviceId: mail, impact: 'major_outage', start: NOW - 10 * DAY - HOUR, end: NOW - 10 * DAY }],
    updates: [{ status: 'resolved', body: 'Back.', at: NOW - 10 * DAY }],
    report: { body: 'Draft: not for readers yet.', publishedAt: null },
  });
  const kernel = makeMaintenance(db, { title: 'Kernel upgrade', body: 'Reboots of **every** web server.', serviceIds: [web], scheduledStart: NOW + 2 * DAY, scheduledEnd: NOW + 2 * DAY + 2 * HOUR, announcedAt: NOW - DAY });
  const mailMove = makeMaintenance(db, { title: 'Mail move', serviceIds: [mail], scheduledStart: NOW - 3 * DAY, scheduledEnd: NOW - 3 * DAY + HOUR, announcedAt: NOW - 6 * DAY, status: 'cancelled' });
  db.insert(maintenanceUpdates).values({ maintenanceId: mailMove, status: 'cancelled', body: 'Postponed to next year.', createdAt: NOW - 4 * DAY }).run();
  return { web, mail, webDown, mailDelays, oldMail, kernel, mailMove };
}
