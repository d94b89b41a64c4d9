// The one world the site suites render: built on a fresh database before the server starts, on a
// fixed clock (the server runs with BAKEN_NOW, so its clock stands still at NOW and every figure
// the pages show can be asserted exactly).
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { createDb } from '../../db/client.ts';
import { incidents } from '../../db/schema.ts';
import { calendarDay, dateInZone } from '../../src/domain/calendar.ts';
import { DAY, HOUR, makeGroup, makeIncident, makeMaintenance, makeService } from '../support/factories.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

export const ZONE = 'Europe/Amsterdam';
export const OUTAGE_SECONDS = 45 * 60;
/** A Wednesday in November, 12:00 in Amsterdam: 17.5 days into the month. */
export const NOW = Date.parse('2026-11-18T11:00:00Z');

export interface World {
  server: RunningServer;
  now: number;
  hostingId: number;
  mailId: number;
  legacyId: number;
  futureId: number;
  /** YYYY-MM-DD of the whole past day with the 45-minute major outage on Web hosting. */
  outageDay: string;
  /** Length of that day in seconds (23 h / 25 h on DST days). */
  outageDaySeconds: number;
  storageIncidentId: number;
  storageStartedAt: number;
  mailIncidentId: number;
  maintenanceId: number;
  maintenanceStart: number;
  maintenanceEnd: number;
  oldIncidentIds: number[];
}

export async function buildWorld(): Promise<World> {
  const now = NOW;
  const path = tempDbPath('site');
  const db = createDb(path);

  const hosting = makeGroup(db, 'Hosting', 0);
  const hostingId = makeService(db, { slug: 'webhosting', name: 'Web hosting', groupId: hosting, position: 0, startDate: now - 30 * DAY, description: 'Shared hosting in Amsterdam' });
  const mailId = makeService(db, { slug: 'mail', name: 'Mail', groupId: hosting, position: 1, startDate: now - 30 * DAY });
  const legacyId = makeService(db, { slug: 'legacy', name: 'Legacy portal', position: 2, startDate: now - 400 * DAY });
  const futureId = makeService(db, { slug: 'new-dc', name: 'New data centre', position: 3, startDate: now + 2 * DAY });

  // A 45-minute major outage at 10:00 local time, three calendar days ago: a whole past day.
  const outageDay = dateInZone(now - 3 * DAY, ZONE);
  const day = calendarDay(outageDay, ZONE);
  const storageStartedAt = day.start + 10 * HOUR;
  const storageEnd = storageStartedAt + OUTAGE_SECONDS * 1000;
  const storageIncidentId = makeIncident(db, {
    title: 'Storage array failure',
    severity: 'critical',
    startedAt: storageStartedAt,
    resolvedAt: storageEnd,
    impacts: [{ serviceId: hostingId, impact: 'major_outage', start: storageStartedAt, end: storageEnd }],
    updates: [
      { status: 'investigating', body: 'Sites are **down**. <script>alert("x")</script>', at: storageStartedAt + 60_000 },
      { status: 'identified', body: 'A controller failed.', at: storageStartedAt + 20 * 60_000 },
      { status: 'resolved', body: 'Controller replaced; all sites are back.', at: storageEnd },
    ],
    report: { body: '## What happened\nA disk controller failed.', publishedAt: storageEnd + HOUR },
  });

  // Open now: Mail in major outage since an hour ago → page indicator "major".
  const mailIncidentId = makeIncident(db, {
    title: 'Mail delivery stopped',
    severity: 'high',
    status: 'identified',
    startedAt: now - HOUR,
    impacts: [{ serviceId: mailId, impact: 'major_outage', start: now - HOUR, end: null }],
    updates: [{ status: 'identified', body: 'The queue is **stuck**; we are restarting it.', at: now - 30 * 60_000 }],
  });

  // 22 old incidents on the legacy portal, all before the 90-day window, one backfilled.
  const oldIncidentIds: number[] = [];
  for (let k = 0; k < 22; k++) {
    const start = now - (120 + k * 5) * DAY;
    oldIncidentIds.push(makeIncident(db, { title: `Legacy hiccup ${k + 1}`, severity: 'low', startedAt: start, resolvedAt: start + HOUR, impacts: [{ serviceId: legacyId, impact: 'degraded_performance', start, end: start + HOUR }] }));
  }
  db.update(incidents).set({ backfilled: true }).where(eq(incidents.id, oldIncidentIds[0]!)).run();

  const maintenanceStart = now + 3 * DAY;
  const maintenanceEnd = maintenanceStart + 2 * HOUR;
  const maintenanceId = makeMaintenance(db, {
    title: 'Storage firmware upgrade',
    body: 'Expect **short** interruptions.',
    serviceIds: [hostingId],
    scheduledStart: maintenanceStart,
    scheduledEnd: maintenanceEnd,
    announcedAt: now - DAY,
  });
  db.$client.close();

  const server = await startServer({ databasePath: path, env: { BAKEN_NOW: new Date(now).toISOString() } });
  return {
    server, now, hostingId, mailId, legacyId, futureId, outageDay,
    outageDaySeconds: (day.end - day.start) / 1000,
    storageIncidentId, storageStartedAt, mailIncidentId, maintenanceId, maintenanceStart, maintenanceEnd, oldIncidentIds,
  };
}

export async function get(world: World, path: string): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await fetch(`${world.server.url}${path}`, { redirect: 'manual' });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** Text content of an HTML fragment: tags dropped, entities that Astro escapes decoded. */
export function textOf(html: string): string {
  return decode(html.replace(/<[^>]+>/g, ''));
}

/** Like textOf, but every tag separates words: for definition lists, headings with badges, cards. */
export function wordsOf(html: string): string {
  return decode(html.replace(/<[^>]+>/g, ' '));
}

function decode(text: string): string {
  return text
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The <ol class="bar"> of one service, by its aria-label. */
export function barOf(html: string, label: string): string {
  const start = html.indexOf(`<ol class="bar" aria-label="${label}">`);
  if (start < 0) throw new Error(`no bar labelled ${label}`);
  return html.slice(start, html.indexOf('</ol>', start));
}

/** The accessible name of one day cell: the text of the element its aria-labelledby points at. */
export function dayText(html: string, serviceId: number, date: string): string {
  const id = `day-${serviceId}-${date}`;
  expect(html).toContain(`aria-labelledby="${id}"`);
  const match = html.match(new RegExp(`<span class="tip" id="${id}">(.*?)</span></li>`));
  if (!match) throw new Error(`no tooltip ${id}`);
  return textOf(match[1]!);
}

/** Expected day uptime text: 2 decimals, truncated. */
export function truncated(percent: number): string {
  return (Math.floor(percent * 100 + 1e-7) / 100).toFixed(2);
}

export const longDate = (locale: string, date: string) =>
  new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(Date.parse(`${date}T12:00:00Z`));
