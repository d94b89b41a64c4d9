// A maintenance window's life: staff updates (forward only, actual start/end recorded), the
// scheduler's automatic transitions at the scheduled times (also catching up after downtime), and
// the public status following along.
import { asc } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditLog, maintenanceServices, maintenanceUpdates, maintenances, outboxEvents } from '../../db/schema.ts';
import { dueMaintenanceQueries, runDueTransitions, startMaintenanceScheduler } from '../../src/services/maintenance/scheduler.ts';
import { statusSummary } from '../../src/services/status/status-page.ts';
import { adminWorld, type AdminWorld } from '../support/admin.ts';
import { DAY, HOUR, makeService } from '../support/factories.ts';
import { ON_PG } from '../support/engine.ts';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const MIN = 60_000;
const START = T0 + 72 * HOUR;
const END = START + 2 * HOUR;
const iso = (t: number) => new Date(t).toISOString();

function setup(): AdminWorld {
  const w = adminWorld(T0);
  makeService(w.db, { slug: 'web', name: 'Webhosting', startDate: T0 - 30 * DAY });
  makeService(w.db, { slug: 'mail', name: 'Mail', startDate: T0 - 30 * DAY });
  return w;
}

async function announce(w: AdminWorld, over: Record<string, unknown> = {}): Promise<number> {
  const res = await w.call('POST', '/api/admin/maintenances', { title: 'Upgrade', message: 'Planned.', services: ['web'], scheduledStart: iso(START), scheduledEnd: iso(END), ...over }, 'editor');
  expect(res.status).toBe(201);
  return res.body.id;
}

const post = (w: AdminWorld, id: number, body: Record<string, unknown>, role = 'editor') => w.call('POST', `/api/admin/maintenances/${id}/updates`, body, role);

function counts(w: AdminWorld) {
  return {
    maintenances: w.db.select().from(maintenances).all().length,
    maintenanceServices: w.db.select().from(maintenanceServices).all().length,
    maintenanceUpdates: w.db.select().from(maintenanceUpdates).all().length,
    audit: w.db.select().from(auditLog).all().length,
    outbox: w.db.select().from(outboxEvents).all().length,
  };
}

const row = (w: AdminWorld) => w.db.select({ status: maintenances.status, actualStart: maintenances.actualStart, actualEnd: maintenances.actualEnd }).from(maintenances).get();
const updates = (w: AdminWorld) =>
  w.db.select({ id: maintenanceUpdates.id, status: maintenanceUpdates.status, createdAt: maintenanceUpdates.createdAt }).from(maintenanceUpdates).orderBy(asc(maintenanceUpdates.id)).all();
const events = (w: AdminWorld) =>
  w.db.select({ type: outboxEvents.type, serviceIds: outboxEvents.serviceIds, createdAt: outboxEvents.createdAt, notify: outboxEvents.notify }).from(outboxEvents).orderBy(asc(outboxEvents.id)).all();
const webStatus = (w: AdminWorld) => Object.fromEntries(statusSummary(w.ctx).services.map((s) => [s.slug, s.status]));

async function expectRefused(w: AdminWorld, id: number, body: Record<string, unknown>, status: number, code: string, role = 'editor') {
  const before = counts(w);
  const res = await post(w, id, body, role);
  expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
  expect(counts(w)).toEqual(before);
  return res;
}

describe('POST /maintenances/{id}/updates', () => {
  it('in_progress → verifying → completed: actual start and end at the update times, a timeline row, audit and announcement each', async () => {
    const w = setup();
    const id = await announce(w);
    w.clock.now = START + 10 * MIN;
    const started = await post(w, id, { status: 'in_progress', message: 'We have started.' });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'in_progress', actualStart: iso(START + 10 * MIN), actualEnd: null, updatedAt: iso(START + 10 * MIN) });
    expect(started.body.updates[0]).toEqual({ id: 2, status: 'in_progress', message: 'We have started.', translation: { message: null }, createdAt: iso(START + 10 * MIN), backfilled: false });
    expect(webStatus(w)).toEqual({ web: 'under_maintenance', mail: 'operational' });

    w.clock.now = START + 90 * MIN;
    expect((await post(w, id, { status: 'verifying' })).body).toMatchObject({ status: 'verifying', actualEnd: null });
    expect(webStatus(w).web).toBe('under_maintenance');
    w.clock.now = START + 100 * MIN;
    const done = await post(w, id, { status: 'completed', message: 'All done.' });
    expect(done.body).toMatchObject({ status: 'completed', actualStart: iso(START + 10 * MIN), actualEnd: iso(START + 100 * MIN) });
    expect(done.body.updates.map((u: { status: string }) => u.status)).toEqual(['completed', 'verifying', 'in_progress', 'scheduled']);
    expect(webStatus(w)).toEqual({ web: 'operational', mail: 'operational' });

    expect(row(w)).toEqual({ status: 'completed', actualStart: START + 10 * MIN, actualEnd: START + 100 * MIN });
    expect(events(w)).toEqual([
      { type: 'maintenance.scheduled', serviceIds: [1], createdAt: T0, notify: true },
      { type: 'maintenance.started', serviceIds: [1], createdAt: START + 10 * MIN, notify: true },
      { type: 'maintenance.updated', serviceIds: [1], createdAt: START + 90 * MIN, notify: true },
      { type: 'maintenance.completed', serviceIds: [1], createdAt: START + 100 * MIN, notify: true },
    ]);
    const audit = w.db.select().from(auditLog).orderBy(asc(auditLog.id)).all();
    expect(audit.map((a) => a.action)).toEqual(['maintenance.create', 'maintenance.status', 'maintenance.status', 'maintenance.status']);
    expect(audit[3]).toMatchObject({
      at: START + 100 * MIN,
      actorName: 'editor',
      before: { status: 'verifying', actualEnd: null },
      after: { status: 'completed', actualEnd: START + 100 * MIN, update: { id: 4, status: 'completed', body: 'All done.', createdAt: START + 100 * MIN } },
    });
  });

  it('refuses what is not forward (409 invalid_transition) and writes nothing', async () => {
    const w = setup();
    const id = await announce(w);
    for (const status of ['completed', 'verifying']) {
      const res = await expectRefused(w, id, { status }, 409, 'invalid_transition');
      expect(res.body.error.details).toEqual({ from: 'scheduled', to: status, allowed: ['in_progress', 'cancelled'] });
    }
    await expectRefused(w, id, { status: 'scheduled' }, 400, 'invalid_request');
    expect((await post(w, id, { status: 'in_progress' })).status).toBe(201);
    expect((await post(w, id, { status: 'verifying' })).status).toBe(201);
    await expectRefused(w, id, { status: 'in_progress' }, 409, 'invalid_transition');
    expect((await post(w, id, { status: 'completed' })).status).toBe(201);
    for (const status of ['in_progress', 'verifying', 'completed', 'cancelled']) await expectRefused(w, id, { status, message: 'again' }, 409, 'invalid_transition');
    await expectRefused(w, 99, { status: 'in_progress' }, 404, 'not_found');
    await expectRefused(w, id, { status: 'completed', extra: true }, 400, 'invalid_request');
  });

  it('cancelling a scheduled window leaves no interval; nothing may follow', async () => {
    const w = setup();
    const id = await announce(w);
    const res = await post(w, id, { status: 'cancelled', message: 'Not needed after all.', notify: false });
    expect(res.body).toMatchObject({ status: 'cancelled', actualStart: null, actualEnd: null });
    expect(events(w).at(-1)).toEqual({ type: 'maintenance.cancelled', serviceIds: [1], createdAt: T0, notify: false });
    await expectRefused(w, id, { status: 'in_progress' }, 409, 'invalid_transition');
    w.clock.now = END + HOUR;
    expect(runDueTransitions(w.ctx)).toBe(0);
    expect(row(w)).toEqual({ status: 'cancelled', actualStart: null, actualEnd: null });
  });

  it('cancelling a window in progress aborts it: actualEnd is the cancellation time', async () => {
    const w = setup();
    const id = await announce(w);
    w.clock.now = START;
    await post(w, id, { status: 'in_progress' });
    w.clock.now = START + 20 * MIN;
    expect((await post(w, id, { status: 'cancelled', message: 'Rolled back.' })).body).toMatchObject({ status: 'cancelled', actualStart: iso(START), actualEnd: iso(START + 20 * MIN) });
    expect(webStatus(w).web).toBe('operational');
  });

  it('a same-status update is a progress note (needs a message) and changes no times', async () => {
    const w = setup();
    const id = await announce(w);
    w.clock.now = START;
    await post(w, id, { status: 'in_progress' });
    w.clock.now = START + 30 * MIN;
    await expectRefused(w, id, { status: 'in_progress' }, 422, 'message_required');
    const res = await post(w, id, { status: 'in_progress', message: 'Half way.' });
    expect(res.body).toMatchObject({ status: 'in_progress', actualStart: iso(START) });
    expect(res.body.updates[0]).toMatchObject({ status: 'in_progress', message: 'Half way.', createdAt: iso(START + 30 * MIN) });
    expect(events(w).at(-1)?.type).toBe('maintenance.updated');
  });

  it('backfill: admin `at` sets the actual times and marks the update; out of order 409, editor 403, future 422', async () => {
    const w = setup();
    const id = await announce(w);
    w.clock.now = END + DAY;
    await expectRefused(w, id, { status: 'in_progress', at: iso(START) }, 403, 'forbidden');
    await expectRefused(w, id, { status: 'in_progress', at: iso(T0 - 1) }, 409, 'at_out_of_order', 'admin');
    await expectRefused(w, id, { status: 'in_progress', at: iso(END + DAY + 1) }, 422, 'at_in_future', 'admin');
    const started = await post(w, id, { status: 'in_progress', at: iso(START + 5 * MIN) }, 'admin');
    expect(started.body).toMatchObject({ actualStart: iso(START + 5 * MIN), updatedAt: iso(START + 5 * MIN) });
    expect(started.body.updates[0]).toEqual({ id: 2, status: 'in_progress', message: '', translation: { message: null }, createdAt: iso(START + 5 * MIN), backfilled: true });
    await expectRefused(w, id, { status: 'completed', at: iso(START + 4 * MIN) }, 409, 'at_out_of_order', 'admin');
    const done = await post(w, id, { status: 'completed', at: iso(END - MIN) }, 'admin');
    expect(done.body).toMatchObject({ status: 'completed', actualStart: iso(START + 5 * MIN), actualEnd: iso(END - MIN), backfilled: false });
    const audit = w.db.select().from(auditLog).orderBy(asc(auditLog.id)).all().slice(1);
    expect(audit.map((a) => [a.at, a.effectiveAt, a.backfilled])).toEqual([
      [END + DAY, START + 5 * MIN, true],
      [END + DAY, END - MIN, true],
    ]);
  });
});

describe('runDueTransitions', () => {
  it('starts a window at its scheduled start and completes it at its scheduled end, as the scheduler', async () => {
    const w = setup();
    await announce(w);
    w.clock.now = START - 1;
    expect(runDueTransitions(w.ctx)).toBe(0);
    expect(webStatus(w).web).toBe('operational');

    w.clock.now = START;
    expect(runDueTransitions(w.ctx)).toBe(1);
    expect(row(w)).toEqual({ status: 'in_progress', actualStart: START, actualEnd: null });
    expect(webStatus(w)).toEqual({ web: 'under_maintenance', mail: 'operational' });
    expect(runDueTransitions(w.ctx)).toBe(0);

    w.clock.now = END + 30_000;
    expect(runDueTransitions(w.ctx)).toBe(1);
    expect(row(w)).toEqual({ status: 'completed', actualStart: START, actualEnd: END });
    expect(webStatus(w).web).toBe('operational');
    expect(runDueTransitions(w.ctx)).toBe(0);

    expect(updates(w)).toEqual([
      { id: 1, status: 'scheduled', createdAt: T0 },
      { id: 2, status: 'in_progress', createdAt: START },
      { id: 3, status: 'completed', createdAt: END },
    ]);
    const audit = w.db.select().from(auditLog).orderBy(asc(auditLog.id)).all();
    expect(audit.slice(1).map((a) => ({ at: a.at, effectiveAt: a.effectiveAt, actorKeyId: a.actorKeyId, actorName: a.actorName, action: a.action, backfilled: a.backfilled }))).toEqual([
      { at: START, effectiveAt: START, actorKeyId: null, actorName: 'scheduler', action: 'maintenance.status', backfilled: false },
      { at: END + 30_000, effectiveAt: END, actorKeyId: null, actorName: 'scheduler', action: 'maintenance.status', backfilled: false },
    ]);
    expect(events(w)).toEqual([
      { type: 'maintenance.scheduled', serviceIds: [1], createdAt: T0, notify: true },
      { type: 'maintenance.started', serviceIds: [1], createdAt: START, notify: true },
      { type: 'maintenance.completed', serviceIds: [1], createdAt: END, notify: true },
    ]);
  });

  it('catches up a window whose start and end both passed (server down): two updates at the scheduled times, in one run', async () => {
    const w = setup();
    await announce(w, { services: ['web', 'mail'] });
    w.clock.now = END + 3 * HOUR;
    expect(runDueTransitions(w.ctx)).toBe(2);
    expect(row(w)).toEqual({ status: 'completed', actualStart: START, actualEnd: END });
    expect(updates(w)).toEqual([
      { id: 1, status: 'scheduled', createdAt: T0 },
      { id: 2, status: 'in_progress', createdAt: START },
      { id: 3, status: 'completed', createdAt: END },
    ]);
    expect(events(w).map((e) => [e.type, e.serviceIds, e.createdAt])).toEqual([
      ['maintenance.scheduled', [1, 2], T0],
      ['maintenance.started', [1, 2], START],
      ['maintenance.completed', [1, 2], END],
    ]);
    expect(runDueTransitions(w.ctx)).toBe(0);
    expect(counts(w)).toEqual({ maintenances: 1, maintenanceServices: 2, maintenanceUpdates: 3, audit: 3, outbox: 3 });
    // The public uptime sees the window from START to END as maintenance (weight 0): no downtime.
    expect(statusSummary(w.ctx).services.every((s) => s.status === 'operational' && s.uptime.downtimeSeconds === 0)).toBe(true);
  });

  it('leaves windows alone that staff moved first, and windows without autoTransition', async () => {
    const w = setup();
    const cancelled = await announce(w);
    const manual = await announce(w, { autoTransition: false });
    const early = await announce(w);
    await post(w, cancelled, { status: 'cancelled' });
    w.clock.now = START - 30 * MIN;
    await post(w, early, { status: 'in_progress' });
    w.clock.now = START;
    // Only the early one is open; nothing is due at its start (it already started).
    expect(runDueTransitions(w.ctx)).toBe(0);
    w.clock.now = END + DAY;
    expect(runDueTransitions(w.ctx)).toBe(1);
    const rows = w.db.select({ id: maintenances.id, status: maintenances.status, actualStart: maintenances.actualStart, actualEnd: maintenances.actualEnd }).from(maintenances).orderBy(asc(maintenances.id)).all();
    expect(rows).toEqual([
      { id: cancelled, status: 'cancelled', actualStart: null, actualEnd: null },
      { id: manual, status: 'scheduled', actualStart: null, actualEnd: null },
      { id: early, status: 'completed', actualStart: START - 30 * MIN, actualEnd: END },
    ]);
  });

  it('completes a verifying window at its end, and counts transitions over several windows', async () => {
    const w = setup();
    const verifying = await announce(w);
    await announce(w, { scheduledStart: iso(START + HOUR), scheduledEnd: iso(END + DAY) });
    w.clock.now = START;
    expect(runDueTransitions(w.ctx)).toBe(1);
    w.clock.now = START + HOUR;
    expect(runDueTransitions(w.ctx)).toBe(1);
    await post(w, verifying, { status: 'verifying' });
    w.clock.now = END;
    expect(runDueTransitions(w.ctx)).toBe(1);
    expect(w.db.select({ status: maintenances.status, actualEnd: maintenances.actualEnd }).from(maintenances).orderBy(asc(maintenances.id)).all()).toEqual([
      { status: 'completed', actualEnd: END },
      { status: 'in_progress', actualEnd: null },
    ]);
  });

  // SQLite's plan; PostgreSQL's planner chooses by its statistics, which a test's few rows do not have.
  it.skipIf(ON_PG)('reads only what is due, through the status index', () => {
    const w = setup();
    for (const q of dueMaintenanceQueries(w.db, T0)) {
      const { sql, params } = q.toSQL();
      const plan = w.db.$client.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[];
      expect(plan.map((p) => p.detail)).toEqual(['SEARCH maintenances USING INDEX maintenances_status (status=?)']);
    }
  });
});

describe('startMaintenanceScheduler', () => {
  afterEach(() => vi.restoreAllMocks());

  it('catches up immediately on start, then stops', async () => {
    const w = setup();
    await announce(w);
    w.clock.now = END + HOUR;
    const stop = startMaintenanceScheduler(w.ctx, { intervalMs: 60_000 });
    try {
      expect(row(w)).toEqual({ status: 'completed', actualStart: START, actualEnd: END });
    } finally {
      stop();
    }
  });

  it('logs a failing run instead of throwing', () => {
    const w = setup();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = {
      ...w.ctx,
      clock: () => {
        throw new Error('clock broke');
      },
    };
    const stop = startMaintenanceScheduler(broken, { intervalMs: 60_000 });
    stop();
    expect(logged).toHaveBeenCalledTimes(1);
  });
});
