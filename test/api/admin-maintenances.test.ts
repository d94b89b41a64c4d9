// Maintenance windows through the admin API: announcing (the 48-hour notice rule, exact to the
// minute), validation that writes nothing, backfill, reading, and changing a window.
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, maintenanceServices, maintenanceUpdates, maintenances, outboxEvents } from '../../db/schema.ts';
import { adminWorld, type AdminWorld, auditRows, outboxRows, refusalChecker } from '../support/admin.ts';
import { DAY, HOUR, makeService } from '../support/factories.ts';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();
// adminWorld creates the viewer, editor and admin keys in that order.
const EDITOR_KEY_ID = 2;
const ADMIN_KEY_ID = 3;

/** A fresh world with two services: web (id 1, "Webhosting") and mail (id 2, "Mail"). */
function setup(): AdminWorld {
  const w = adminWorld(T0);
  makeService(w.db, { slug: 'web', name: 'Webhosting' });
  makeService(w.db, { slug: 'mail', name: 'Mail' });
  return w;
}

function counts(w: AdminWorld) {
  return {
    maintenances: w.db.select().from(maintenances).all().length,
    maintenanceServices: w.db.select().from(maintenanceServices).all().length,
    maintenanceUpdates: w.db.select().from(maintenanceUpdates).all().length,
    audit: w.db.select().from(auditLog).all().length,
    outbox: w.db.select().from(outboxEvents).all().length,
  };
}

const audits = auditRows;
const outbox = outboxRows;

function createBody(over: Record<string, unknown> = {}) {
  return { title: 'Database upgrade', message: 'We **upgrade** the database.', services: ['web'], scheduledStart: iso(T0 + 72 * HOUR), scheduledEnd: iso(T0 + 74 * HOUR), ...over };
}

const expectRefused = refusalChecker(counts);

describe('POST /maintenances', () => {
  it('announces a window with exactly 48 h 00 min notice: rule met, no warning; exact rows, audit and outbox', async () => {
    const w = setup();
    const res = await w.call('POST', '/api/admin/maintenances', createBody({ services: ['web', 2], scheduledStart: iso(T0 + 48 * HOUR), scheduledEnd: iso(T0 + 50 * HOUR) }), 'editor');
    expect(res.status).toBe(201);
    expect(res.body).toStrictEqual({
      id: 1,
      title: 'Database upgrade',
      message: 'We **upgrade** the database.',
      status: 'scheduled',
      scheduledStart: '2026-11-04T10:00:00.000Z',
      scheduledEnd: '2026-11-04T12:00:00.000Z',
      announcedAt: '2026-11-02T10:00:00.000Z',
      actualStart: null,
      actualEnd: null,
      autoTransition: true,
      backfilled: false,
      services: [
        { id: 2, slug: 'mail', name: 'Mail' },
        { id: 1, slug: 'web', name: 'Webhosting' },
      ],
      updates: [{ id: 1, status: 'scheduled', message: 'We **upgrade** the database.', createdAt: '2026-11-02T10:00:00.000Z', backfilled: false }],
      noticeHours: 48,
      noticeRuleMet: true,
      createdAt: '2026-11-02T10:00:00.000Z',
      updatedAt: '2026-11-02T10:00:00.000Z',
    });

    const row = {
      id: 1,
      title: 'Database upgrade',
      body: 'We **upgrade** the database.',
      scheduledStart: T0 + 48 * HOUR,
      scheduledEnd: T0 + 50 * HOUR,
      announcedAt: T0,
      status: 'scheduled',
      actualStart: null,
      actualEnd: null,
      autoTransition: true,
      createdAt: T0,
      updatedAt: T0,
      backfilled: false,
      externalId: null,
    };
    expect(w.db.select().from(maintenances).all()).toEqual([row]);
    expect(w.db.select().from(maintenanceServices).orderBy(asc(maintenanceServices.serviceId)).all()).toEqual([
      { maintenanceId: 1, serviceId: 1 },
      { maintenanceId: 1, serviceId: 2 },
    ]);
    expect(w.db.select().from(maintenanceUpdates).all()).toEqual([{ id: 1, maintenanceId: 1, status: 'scheduled', body: 'We **upgrade** the database.', createdAt: T0, backfilled: false, externalId: null }]);
    expect(audits(w)).toEqual([
      {
        id: 1,
        at: T0,
        effectiveAt: T0,
        actorKeyId: EDITOR_KEY_ID,
        actorName: 'editor',
        action: 'maintenance.create',
        entityType: 'maintenance',
        entityId: 1,
        before: null,
        after: { ...row, serviceIds: [1, 2] },
        backfilled: false,
      },
    ]);
    expect(outbox(w)).toEqual([
      {
        id: 1,
        type: 'maintenance.scheduled',
        entityType: 'maintenance',
        entityId: 1,
        serviceIds: [1, 2],
        payload: {
          maintenanceId: 1,
          title: 'Database upgrade',
          status: 'scheduled',
          message: 'We **upgrade** the database.',
          scheduledStart: '2026-11-04T10:00:00.000Z',
          scheduledEnd: '2026-11-04T12:00:00.000Z',
          actualStart: null,
          actualEnd: null,
          services: [
            { id: 2, slug: 'mail', name: 'Mail' },
            { id: 1, slug: 'web', name: 'Webhosting' },
          ],
          backfilled: false,
        },
        notify: true,
        createdAt: T0,
        processedAt: null,
      },
    ]);
  });

  it('47 h 59 min of notice misses the rule and warns, on create and on every later read', async () => {
    const w = setup();
    const res = await w.call('POST', '/api/admin/maintenances', createBody({ scheduledStart: iso(T0 + 47 * HOUR + 59 * MIN), scheduledEnd: iso(T0 + 50 * HOUR) }), 'editor');
    expect(res.status).toBe(201);
    expect(res.body.noticeHours).toBe(2879 / 60);
    expect(res.body.noticeRuleMet).toBe(false);
    expect(res.body.warning).toEqual({
      code: 'short_notice',
      message: 'Announced 47.98 h before its start, less than the 48 h notice the SLA requires: the window counts as downtime for SLA uptime while in progress.',
    });
    const read = await w.call('GET', '/api/admin/maintenances/1', undefined, 'viewer');
    expect(read).toEqual({ status: 200, body: res.body });
    expect((await w.call('GET', '/api/admin/maintenances', undefined, 'viewer')).body.maintenances[0].warning.code).toBe('short_notice');
  });

  it('takes notify: false and autoTransition: false as given', async () => {
    const w = setup();
    const res = await w.call('POST', '/api/admin/maintenances', createBody({ notify: false, autoTransition: false }), 'editor');
    expect(res.status).toBe(201);
    expect(res.body.autoTransition).toBe(false);
    expect(outbox(w).map((e) => ({ type: e.type, notify: e.notify }))).toEqual([{ type: 'maintenance.scheduled', notify: false }]);
  });

  it('refuses an end at or before the start (422) and writes nothing', async () => {
    const w = setup();
    const before = await expectRefused(w, 'POST', '/api/admin/maintenances', createBody({ scheduledEnd: iso(T0 + 71 * HOUR) }), 'editor', 422, 'end_before_start');
    expect(before.body.error.details).toEqual({ field: 'scheduledEnd', scheduledStart: iso(T0 + 72 * HOUR), scheduledEnd: iso(T0 + 71 * HOUR) });
    await expectRefused(w, 'POST', '/api/admin/maintenances', createBody({ scheduledEnd: iso(T0 + 72 * HOUR) }), 'editor', 422, 'end_before_start');
    expect(counts(w)).toEqual({ maintenances: 0, maintenanceServices: 0, maintenanceUpdates: 0, audit: 0, outbox: 0 });
  });

  it('refuses a start more than 5 minutes before the announcement (422); exactly 5 minutes is allowed, with a warning', async () => {
    const w = setup();
    await expectRefused(w, 'POST', '/api/admin/maintenances', createBody({ scheduledStart: iso(T0 - 5 * MIN - 1) }), 'editor', 422, 'start_in_past');
    const res = await w.call('POST', '/api/admin/maintenances', createBody({ scheduledStart: iso(T0 - 5 * MIN) }), 'editor');
    expect(res.status).toBe(201);
    expect([res.body.noticeHours, res.body.noticeRuleMet, res.body.warning.code]).toEqual([-5 / 60, false, 'short_notice']);
  });

  it('refuses unknown and archived services (404 unknown_service, all named) and writes nothing', async () => {
    const w = setup();
    makeService(w.db, { slug: 'old', archivedAt: T0 - DAY });
    const res = await expectRefused(w, 'POST', '/api/admin/maintenances', createBody({ services: ['web', 'nope', 99, 'old'] }), 'editor', 404, 'unknown_service');
    expect(res.body.error.details).toEqual({ field: 'services', services: ['nope', 99, 'old'] });
  });

  it('refuses bad bodies with 400 and writes nothing', async () => {
    const w = setup();
    const bad: Record<string, unknown>[] = [
      { ...createBody(), announcedAt: iso(T0 - 10 * DAY) }, // clients never set announcedAt
      { ...createBody(), extra: 1 },
      createBody({ services: [] }),
      createBody({ services: [0] }),
      createBody({ title: '' }),
      createBody({ title: 'x'.repeat(201) }),
      createBody({ message: 'x'.repeat(50_001) }),
      createBody({ scheduledStart: 'tomorrow' }),
      createBody({ scheduledStart: 1_800_000_000_000 }),
      createBody({ autoTransition: 'yes' }),
      { title: 'No message', services: ['web'], scheduledStart: iso(T0 + 72 * HOUR), scheduledEnd: iso(T0 + 74 * HOUR) },
    ];
    for (const body of bad) await expectRefused(w, 'POST', '/api/admin/maintenances', body, 'editor', 400, 'invalid_request');
    // A service named twice, by the same ref or by slug and id: one fault, one code.
    for (const services of [['web', 'web'], ['web', 1]]) await expectRefused(w, 'POST', '/api/admin/maintenances', createBody({ services }), 'editor', 400, 'duplicate_service');
  });

  it('needs the editor role', async () => {
    const w = setup();
    await expectRefused(w, 'POST', '/api/admin/maintenances', createBody(), 'viewer', 403, 'forbidden');
  });
});

describe('backfill with `at`', () => {
  const AT = T0 - 10 * DAY;

  it('admin: announcedAt = at, marked backfilled in the rows, the response, the audit log and the outbox time', async () => {
    const w = setup();
    const res = await w.call('POST', '/api/admin/maintenances', createBody({ at: iso(AT), scheduledStart: iso(AT + 72 * HOUR), scheduledEnd: iso(AT + 74 * HOUR), autoTransition: false }), 'admin');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      announcedAt: iso(AT),
      createdAt: iso(AT),
      updatedAt: iso(AT),
      backfilled: true,
      noticeHours: 72,
      noticeRuleMet: true,
      updates: [{ id: 1, status: 'scheduled', message: 'We **upgrade** the database.', createdAt: iso(AT), backfilled: true }],
    });
    expect(w.db.select({ announcedAt: maintenances.announcedAt, backfilled: maintenances.backfilled }).from(maintenances).all()).toEqual([{ announcedAt: AT, backfilled: true }]);
    expect(audits(w).map(({ at, effectiveAt, actorKeyId, backfilled, action }) => ({ at, effectiveAt, actorKeyId, backfilled, action }))).toEqual([
      { at: T0, effectiveAt: AT, actorKeyId: ADMIN_KEY_ID, backfilled: true, action: 'maintenance.create' },
    ]);
    expect(outbox(w).map((e) => [e.type, e.createdAt, (e.payload as { backfilled: boolean }).backfilled])).toEqual([['maintenance.scheduled', AT, true]]);
  });

  it('editor: 403; a future `at`: 422 — nothing written', async () => {
    const w = setup();
    await expectRefused(w, 'POST', '/api/admin/maintenances', createBody({ at: iso(AT) }), 'editor', 403, 'forbidden');
    await expectRefused(w, 'POST', '/api/admin/maintenances', createBody({ at: iso(T0 + 1) }), 'admin', 422, 'at_in_future');
  });
});

describe('GET /maintenances', () => {
  it('lists latest scheduled start first, filters by status, and reads one window', async () => {
    const w = setup();
    for (const h of [72, 96, 80]) expect((await w.call('POST', '/api/admin/maintenances', createBody({ title: `In ${h} h`, scheduledStart: iso(T0 + h * HOUR), scheduledEnd: iso(T0 + (h + 1) * HOUR) }), 'editor')).status).toBe(201);
    expect((await w.call('POST', '/api/admin/maintenances/2/updates', { status: 'cancelled' }, 'editor')).status).toBe(201);

    const all = await w.call('GET', '/api/admin/maintenances', undefined, 'viewer');
    expect(all.status).toBe(200);
    expect(all.body.maintenances.map((m: { id: number; status: string }) => [m.id, m.status])).toEqual([
      [2, 'cancelled'],
      [3, 'scheduled'],
      [1, 'scheduled'],
    ]);
    const scheduled = await w.call('GET', '/api/admin/maintenances?status=scheduled', undefined, 'viewer');
    expect(scheduled.body.maintenances.map((m: { id: number }) => m.id)).toEqual([3, 1]);
    expect((await w.call('GET', '/api/admin/maintenances?limit=1', undefined, 'viewer')).body.maintenances.map((m: { id: number }) => m.id)).toEqual([2]);
    expect((await w.call('GET', '/api/admin/maintenances?status=bogus', undefined, 'viewer')).status).toBe(400);

    const one = await w.call('GET', '/api/admin/maintenances/3', undefined, 'viewer');
    expect(one.body).toMatchObject({ id: 3, title: 'In 80 h', noticeHours: 80 });
    expect(await w.call('GET', '/api/admin/maintenances/99', undefined, 'viewer')).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'No maintenance 99.' } } });
  });
});

describe('PATCH /maintenances/{id}', () => {
  async function created(w: AdminWorld, over: Record<string, unknown> = {}) {
    const res = await w.call('POST', '/api/admin/maintenances', createBody(over), 'editor');
    expect(res.status).toBe(201);
    return res.body;
  }

  it('moves the schedule: announcedAt stays, the notice is recomputed, audited before/after, announced as changed', async () => {
    const w = setup();
    await created(w);
    w.clock.now = T0 + HOUR;
    const res = await w.call('PATCH', '/api/admin/maintenances/1', { scheduledStart: iso(T0 + 47 * HOUR), scheduledEnd: iso(T0 + 49 * HOUR) }, 'editor');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      announcedAt: iso(T0),
      scheduledStart: iso(T0 + 47 * HOUR),
      scheduledEnd: iso(T0 + 49 * HOUR),
      noticeHours: 47,
      noticeRuleMet: false,
      warning: { code: 'short_notice' },
      createdAt: iso(T0),
      updatedAt: iso(T0 + HOUR),
    });
    const [, audit] = audits(w);
    expect(audit).toMatchObject({
      at: T0 + HOUR,
      effectiveAt: T0 + HOUR,
      actorKeyId: EDITOR_KEY_ID,
      action: 'maintenance.update',
      entityType: 'maintenance',
      entityId: 1,
      before: { scheduledStart: T0 + 72 * HOUR, scheduledEnd: T0 + 74 * HOUR, announcedAt: T0, updatedAt: T0, serviceIds: [1] },
      after: { scheduledStart: T0 + 47 * HOUR, scheduledEnd: T0 + 49 * HOUR, announcedAt: T0, updatedAt: T0 + HOUR, serviceIds: [1] },
    });
    const [, changed] = outbox(w);
    expect(changed).toMatchObject({
      type: 'maintenance.changed',
      entityId: 1,
      serviceIds: [1],
      notify: true,
      createdAt: T0 + HOUR,
      payload: { scheduledStart: iso(T0 + 47 * HOUR), previous: { scheduledStart: iso(T0 + 72 * HOUR), scheduledEnd: iso(T0 + 74 * HOUR), serviceIds: [1] } },
    });
    // A moved window gets no extra timeline update: the timeline records status changes.
    expect(counts(w)).toEqual({ maintenances: 1, maintenanceServices: 1, maintenanceUpdates: 1, audit: 2, outbox: 2 });
  });

  it('replaces the services; the subscribers of both the old and the new services are concerned', async () => {
    const w = setup();
    await created(w);
    const res = await w.call('PATCH', '/api/admin/maintenances/1', { services: ['mail'] }, 'editor');
    expect(res.body.services).toEqual([{ id: 2, slug: 'mail', name: 'Mail' }]);
    expect(w.db.select().from(maintenanceServices).all()).toEqual([{ maintenanceId: 1, serviceId: 2 }]);
    expect(outbox(w).map((e) => [e.type, e.serviceIds])).toEqual([
      ['maintenance.scheduled', [1]],
      ['maintenance.changed', [1, 2]],
    ]);
  });

  it('changes the title and message without an announcement', async () => {
    const w = setup();
    await created(w);
    const res = await w.call('PATCH', '/api/admin/maintenances/1', { title: 'Database upgrade (v17)', message: 'New text', autoTransition: false }, 'editor');
    expect(res.body).toMatchObject({ title: 'Database upgrade (v17)', message: 'New text', autoTransition: false, announcedAt: iso(T0) });
    expect(outbox(w).map((e) => e.type)).toEqual(['maintenance.scheduled']);
    expect(audits(w).map((a) => a.action)).toEqual(['maintenance.create', 'maintenance.update']);
  });

  it('refuses schedule and service changes once the window started (409), but not a title change', async () => {
    const w = setup();
    await created(w, { scheduledStart: iso(T0), scheduledEnd: iso(T0 + 2 * HOUR) });
    expect((await w.call('POST', '/api/admin/maintenances/1/updates', { status: 'in_progress' }, 'editor')).status).toBe(201);
    await expectRefused(w, 'PATCH', '/api/admin/maintenances/1', { scheduledEnd: iso(T0 + 3 * HOUR) }, 'editor', 409, 'not_scheduled');
    await expectRefused(w, 'PATCH', '/api/admin/maintenances/1', { services: ['web', 'mail'] }, 'editor', 409, 'not_scheduled');
    // Sending the current values back is no change.
    expect((await w.call('PATCH', '/api/admin/maintenances/1', { title: 'Still going', scheduledEnd: iso(T0 + 2 * HOUR), services: ['web'] }, 'editor')).status).toBe(200);
  });

  it('refuses impossible schedules (422), unknown services (404), bad bodies (400), unknown windows (404) — writing nothing', async () => {
    const w = setup();
    await created(w);
    await expectRefused(w, 'PATCH', '/api/admin/maintenances/1', { scheduledEnd: iso(T0 + 71 * HOUR) }, 'editor', 422, 'end_before_start');
    await expectRefused(w, 'PATCH', '/api/admin/maintenances/1', { scheduledStart: iso(T0 - HOUR) }, 'editor', 422, 'start_in_past');
    await expectRefused(w, 'PATCH', '/api/admin/maintenances/1', { services: ['nope'] }, 'editor', 404, 'unknown_service');
    for (const body of [{}, { at: iso(T0) }, { notify: false }, { announcedAt: iso(T0 - DAY) }, { title: 'x', extra: 1 }, { services: [] }]) {
      await expectRefused(w, 'PATCH', '/api/admin/maintenances/1', body, 'editor', 400, 'invalid_request');
    }
    await expectRefused(w, 'PATCH', '/api/admin/maintenances/9', { title: 'x' }, 'editor', 404, 'not_found');
    await expectRefused(w, 'PATCH', '/api/admin/maintenances/1', { title: 'x' }, 'viewer', 403, 'forbidden');
  });
});
