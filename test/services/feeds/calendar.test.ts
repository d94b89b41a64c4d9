// /maintenance.ics parsed with node-ical: which windows, their UIDs, times, status, SEQUENCE and
// text, on a factory world and through the real admin API (where SEQUENCE must follow each change).
import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { maintenanceUpdates } from '../../../db/schema.ts';
import { adminWorld } from '../../support/admin.ts';
import { DAY, HOUR, makeMaintenance, makeService } from '../../support/factories.ts';
import { NOW, U, feedWorld, iso, statusWorld } from './world.ts';

function events(text: string): Map<string, VEvent> {
  const parsed = ical.sync.parseICS(text);
  const list = Object.values(parsed).filter((c): c is VEvent => c?.type === 'VEVENT');
  return new Map(list.map((e) => [e.uid, e]));
}

const text = (v: unknown) => (typeof v === 'object' && v !== null && 'val' in v ? String((v as { val: unknown }).val) : String(v));

describe('/maintenance.ics', () => {
  it('upcoming and recent windows (90 days) as VEVENTs with exact times, status, text and links', async () => {
    const w = feedWorld();
    const { web, kernel, mailMove } = statusWorld(w.db);
    const recent = makeMaintenance(w.db, { title: 'Disk swap', serviceIds: [web], scheduledStart: NOW - 30 * DAY, scheduledEnd: NOW - 30 * DAY + HOUR, announcedAt: NOW - 33 * DAY, status: 'completed', actualStart: NOW - 30 * DAY, actualEnd: NOW - 30 * DAY + HOUR });
    makeMaintenance(w.db, { title: 'Ancient', serviceIds: [web], scheduledStart: NOW - 100 * DAY, scheduledEnd: NOW - 100 * DAY + HOUR, announcedAt: NOW - 103 * DAY, status: 'completed' });

    const body = await w.text('/maintenance.ics', 'text/calendar; charset=utf-8');
    const cal = events(body);
    expect([...cal.keys()]).toEqual([`maintenance-${recent}@status.example.com`, `maintenance-${mailMove}@status.example.com`, `maintenance-${kernel}@status.example.com`]);

    const k = cal.get(`maintenance-${kernel}@status.example.com`)!;
    expect(k.start.toISOString()).toBe(iso(NOW + 2 * DAY));
    expect(k.end?.toISOString()).toBe(iso(NOW + 2 * DAY + 2 * HOUR));
    expect(body).toContain('DTSTART:20261126T120000Z');
    expect(body).toContain('DTEND:20261126T140000Z');
    expect(k.status).toBe('CONFIRMED');
    expect(text(k.summary)).toBe('Kernel upgrade');
    expect(text(k.url)).toBe(`${U}/nl/maintenance/${kernel}`);
    expect(Number(k.sequence)).toBe(0);
    expect(k.lastmodified?.toISOString()).toBe(iso(NOW - DAY));
    // Plain text: the markdown of the body ("**every**") is read as text.
    expect(text(k.description)).toBe(`Status: Gepland\nGetroffen diensten: Webhosting\n\nReboots of every web server.\n\n${U}/nl/maintenance/${kernel}`);

    const m = cal.get(`maintenance-${mailMove}@status.example.com`)!;
    expect(m.status).toBe('CANCELLED');
    expect(text(m.summary)).toBe('Geannuleerd: Mail move');
    // The announcement and one cancellation update: one change after the announcement.
    expect(Number(m.sequence)).toBe(1);
    expect(text(m.description)).toContain('Geannuleerd · 20 november 2026 om 13:00 CET\nPostponed to next year.');

    expect(cal.get(`maintenance-${recent}@status.example.com`)!.status).toBe('CONFIRMED');
  });

  it('/en/maintenance.ics: English text, the same UIDs; the body is stable across requests', async () => {
    const w = feedWorld();
    const { kernel } = statusWorld(w.db);
    const en = events(await w.text('/en/maintenance.ics', 'text/calendar; charset=utf-8'));
    const nl = events(await w.text('/nl/maintenance.ics'));
    expect([...en.keys()]).toEqual([...nl.keys()]);
    const k = en.get(`maintenance-${kernel}@status.example.com`)!;
    expect(text(k.url)).toBe(`${U}/en/maintenance/${kernel}`);
    expect(text(k.description)).toContain('Status: Scheduled\nAffected services: Webhosting');
    expect(await w.text('/maintenance.ics')).toBe(await w.text('/maintenance.ics'));
  });

  it('SEQUENCE grows with each change: a timeline row, then a reschedule and a cancellation through the admin API', async () => {
    const T0 = Date.parse('2026-11-02T10:00:00Z');
    const w = adminWorld(T0);
    makeService(w.db, { slug: 'web', name: 'Webhosting', startDate: T0 - 30 * DAY });
    const start = T0 + 72 * HOUR;
    const created = await w.call('POST', '/api/admin/maintenances', { title: 'Upgrade', message: 'Planned.', services: ['web'], scheduledStart: iso(start), scheduledEnd: iso(start + 2 * HOUR) }, 'editor');
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const uid = `maintenance-${id}@localhost`;
    const read = async () => events(await (await w.app.request('/maintenance.ics')).text()).get(uid)!;

    const first = await read();
    expect(Number(first.sequence)).toBe(0);
    expect(first.start.toISOString()).toBe(iso(start));

    // A timeline row written straight into the table (what any status update adds).
    w.db.insert(maintenanceUpdates).values({ maintenanceId: id, status: 'scheduled', body: 'Still on.', createdAt: T0 + HOUR }).run();
    expect(Number((await read()).sequence)).toBe(1);

    w.clock.now = T0 + 2 * HOUR;
    const moved = await w.call('PATCH', `/api/admin/maintenances/${id}`, { scheduledStart: iso(start + DAY), scheduledEnd: iso(start + DAY + 3 * HOUR) }, 'editor');
    expect(moved.status).toBe(200);
    const rescheduled = await read();
    expect(rescheduled.uid).toBe(uid);
    expect(Number(rescheduled.sequence)).toBe(2);
    expect(rescheduled.start.toISOString()).toBe(iso(start + DAY));
    expect(rescheduled.end?.toISOString()).toBe(iso(start + DAY + 3 * HOUR));
    expect(rescheduled.lastmodified?.toISOString()).toBe(iso(T0 + 2 * HOUR));

    w.clock.now = T0 + 3 * HOUR;
    expect((await w.call('POST', `/api/admin/maintenances/${id}/updates`, { status: 'cancelled', message: 'Not needed.' }, 'editor')).status).toBe(201);
    const cancelled = await read();
    expect(Number(cancelled.sequence)).toBe(3);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.start.toISOString()).toBe(iso(start + DAY));
  });
});
