// An incident's life through the admin API: updates that change impacts (the interval history),
// forward-only status, resolve, reopen, and corrections with PATCH — each with exact rows, and
// every refusal writing nothing.
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, incidentImpacts, incidentReports, incidentUpdates, incidents, outboxEvents, services } from '../../db/schema.ts';
import { adminWorld, type AdminWorld, auditRows, outboxRows, refusalChecker } from '../support/admin.ts';
import { HOUR, makeService } from '../support/factories.ts';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();

/** web (id 1, "Webhosting"), mail (id 2, "Mail"), dns (id 3, "DNS"). */
function setup(): AdminWorld {
  const w = adminWorld(T0);
  makeService(w.db, { slug: 'web', name: 'Webhosting' });
  makeService(w.db, { slug: 'mail', name: 'Mail' });
  makeService(w.db, { slug: 'dns', name: 'DNS' });
  return w;
}

function counts(w: AdminWorld) {
  return {
    incidents: JSON.stringify(w.db.select().from(incidents).all()),
    updates: w.db.select().from(incidentUpdates).all().length,
    impacts: JSON.stringify(w.db.select().from(incidentImpacts).all()),
    reports: w.db.select().from(incidentReports).all().length,
    audit: w.db.select().from(auditLog).all().length,
    outbox: w.db.select().from(outboxEvents).all().length,
  };
}

const audits = auditRows;
const outbox = outboxRows;
const impactRows = (w: AdminWorld) => w.db.select({ serviceId: incidentImpacts.serviceId, impact: incidentImpacts.impact, startAt: incidentImpacts.startAt, endAt: incidentImpacts.endAt }).from(incidentImpacts).orderBy(asc(incidentImpacts.id)).all();
const incidentRow = (w: AdminWorld) => w.db.select().from(incidents).get()!;

const expectRefused = refusalChecker(counts);

/** Posts the standard incident at T0 (web major, mail partial, started 10 min before). */
async function open(w: AdminWorld, over: Record<string, unknown> = {}) {
  const res = await w.call('POST', '/api/admin/incidents', {
    title: 'Hosting down',
    severity: 'critical',
    message: 'Investigating.',
    services: [{ service: 'web', impact: 'major_outage' }, { service: 'mail', impact: 'partial_outage' }],
    startedAt: iso(T0 - 10 * MIN),
    ...over,
  });
  expect(res.status).toBe(201);
  return res.body;
}

const update = (w: AdminWorld, body: Record<string, unknown>, role = 'editor') => w.call('POST', '/api/admin/incidents/1/updates', { message: 'Update.', ...body }, role);

describe('POST /incidents/:id/updates — impacts', () => {
  it('closes a changed impact at T and opens the new one at T; unchanged rows stay open; a dropped service is closed; a new one opened', async () => {
    const w = setup();
    await open(w);
    const T1 = T0 + 20 * MIN;
    w.clock.now = T1;
    const res = await update(w, { status: 'identified', services: [{ service: 'web', impact: 'partial_outage' }, { service: 'mail', impact: 'partial_outage' }] });
    expect(res.status).toBe(201);
    expect(impactRows(w)).toEqual([
      { serviceId: 1, impact: 'major_outage', startAt: T0 - 10 * MIN, endAt: T1 },
      { serviceId: 2, impact: 'partial_outage', startAt: T0 - 10 * MIN, endAt: null },
      { serviceId: 1, impact: 'partial_outage', startAt: T1, endAt: null },
    ]);
    expect(res.body.services).toEqual([
      { id: 2, slug: 'mail', name: 'Mail', impact: 'partial_outage' },
      { id: 1, slug: 'web', name: 'Webhosting', impact: 'partial_outage' },
    ]);
    expect(res.body.impacts).toEqual([
      { serviceId: 1, slug: 'web', impact: 'major_outage', startAt: iso(T0 - 10 * MIN), endAt: iso(T1) },
      { serviceId: 2, slug: 'mail', impact: 'partial_outage', startAt: iso(T0 - 10 * MIN), endAt: null },
      { serviceId: 1, slug: 'web', impact: 'partial_outage', startAt: iso(T1), endAt: null },
    ]);

    const T2 = T0 + 40 * MIN;
    w.clock.now = T2;
    expect((await update(w, { status: 'identified', services: [{ service: 'web', impact: 'partial_outage' }, { service: 3, impact: 'degraded_performance' }] })).status).toBe(201);
    expect(impactRows(w)).toEqual([
      { serviceId: 1, impact: 'major_outage', startAt: T0 - 10 * MIN, endAt: T1 },
      { serviceId: 2, impact: 'partial_outage', startAt: T0 - 10 * MIN, endAt: T2 },
      { serviceId: 1, impact: 'partial_outage', startAt: T1, endAt: null },
      { serviceId: 3, impact: 'degraded_performance', startAt: T2, endAt: null },
    ]);
    // Subscribers of the service taken off hear about it too.
    expect(outbox(w).map((e) => [e.type, e.serviceIds, e.createdAt])).toEqual([
      ['incident.created', [1, 2], T0],
      ['incident.updated', [1, 2], T1],
      ['incident.updated', [1, 2, 3], T2],
    ]);

    // A plain update (no services) changes no impact row; `services: []` ends them all while the incident stays open.
    const T3 = T0 + 50 * MIN;
    w.clock.now = T3;
    expect((await update(w, { status: 'monitoring' })).status).toBe(201);
    expect(impactRows(w)).toHaveLength(4);
    expect((await update(w, { status: 'monitoring', services: [] })).status).toBe(201);
    expect(impactRows(w).filter((r) => r.endAt === null)).toEqual([]);
    expect(incidentRow(w)).toMatchObject({ status: 'monitoring', resolvedAt: null });
  });

  it('resolves: every open row closed at T, resolvedAt = T, monitoringAt set once, incident.resolved announced', async () => {
    const w = setup();
    await open(w);
    const T1 = T0 + 15 * MIN;
    w.clock.now = T1;
    expect((await update(w, { status: 'monitoring', services: [{ service: 'web', impact: 'degraded_performance' }, { service: 'mail', impact: 'partial_outage' }] })).status).toBe(201);
    expect(incidentRow(w).monitoringAt).toBe(T1);
    w.clock.now = T0 + 25 * MIN;
    expect((await update(w, { status: 'monitoring' })).status).toBe(201);
    expect(incidentRow(w).monitoringAt).toBe(T1);

    const T2 = T0 + HOUR;
    w.clock.now = T2;
    const res = await update(w, { status: 'resolved', message: 'All fixed.' });
    expect(res.status).toBe(201);
    expect(impactRows(w)).toEqual([
      { serviceId: 1, impact: 'major_outage', startAt: T0 - 10 * MIN, endAt: T1 },
      { serviceId: 2, impact: 'partial_outage', startAt: T0 - 10 * MIN, endAt: T2 },
      { serviceId: 1, impact: 'degraded_performance', startAt: T1, endAt: T2 },
    ]);
    expect(incidentRow(w)).toMatchObject({ status: 'resolved', monitoringAt: T1, resolvedAt: T2, updatedAt: T2 });
    expect(res.body).toMatchObject({
      status: 'resolved',
      monitoringAt: iso(T1),
      resolvedAt: iso(T2),
      reportDueAt: iso(T2 + 48 * HOUR),
      reportState: 'pending',
      // A resolved incident names the impacts that were in force at resolution.
      services: [
        { id: 2, slug: 'mail', name: 'Mail', impact: 'partial_outage' },
        { id: 1, slug: 'web', name: 'Webhosting', impact: 'degraded_performance' },
      ],
    });
    expect(res.body.updates.map((u: any) => u.status)).toEqual(['resolved', 'monitoring', 'monitoring', 'investigating']);
    expect(outbox(w).at(-1)).toMatchObject({ type: 'incident.resolved', serviceIds: [1, 2], createdAt: T2, payload: { incidentId: 1, updateId: 4, status: 'resolved', message: 'All fixed.' } });
    expect(audits(w).at(-1)).toMatchObject({
      action: 'incident.update',
      entityId: 1,
      before: { status: 'monitoring', resolvedAt: null, impacts: [{ serviceId: 2, impact: 'partial_outage' }, { serviceId: 1, impact: 'degraded_performance' }] },
      after: { status: 'resolved', resolvedAt: T2, impacts: [], update: { id: 4, status: 'resolved', body: 'All fixed.', reopen: false } },
    });
  });

  it('skips steps forward, allows the same status again, and refuses going back with 409 invalid_transition writing nothing', async () => {
    const w = setup();
    await open(w);
    w.clock.now = T0 + MIN;
    expect((await update(w, { status: 'monitoring' })).status).toBe(201);
    w.clock.now = T0 + 2 * MIN;
    const res = await expectRefused(w, 'POST', '/api/admin/incidents/1/updates', { status: 'identified', message: 'Hmm.', services: [{ service: 'dns', impact: 'major_outage' }] }, 'editor', 409, 'invalid_transition');
    expect(res.body.error.details).toEqual({ from: 'monitoring', to: 'identified', allowed: ['monitoring', 'resolved'] });
    await expectRefused(w, 'POST', '/api/admin/incidents/1/updates', { status: 'investigating', message: 'Hmm.' }, 'editor', 409, 'invalid_transition');
    expect((await update(w, { status: 'monitoring', message: 'Still watching.' })).status).toBe(201);
  });

  it('refuses bad update bodies, unknown services and a services list on resolve, writing nothing', async () => {
    const w = setup();
    await open(w);
    const path = '/api/admin/incidents/1/updates';
    await expectRefused(w, 'POST', path, { status: 'identified', message: 'x', extra: true }, 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', path, { status: 'identified' }, 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', path, { status: 'fixed', message: 'x' }, 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', path, { status: 'identified', message: 'x', services: [{ service: 'web', impact: 'down' }] }, 'editor', 400, 'invalid_request');
    const res = await expectRefused(w, 'POST', path, { status: 'identified', message: 'x', services: [{ service: 'ghost', impact: 'major_outage' }] }, 'editor', 404, 'unknown_service');
    expect(res.body.error.details.services).toEqual(['ghost']);
    await expectRefused(w, 'POST', path, { status: 'resolved', message: 'x', services: [{ service: 'web', impact: 'major_outage' }] }, 'editor', 422, 'services_on_resolve');
    await expectRefused(w, 'POST', path, { status: 'identified', message: 'x', reopen: true }, 'editor', 409, 'not_resolved');
  });
  it('keeps an archived service that is already on the incident, but refuses adding one', async () => {
    const w = setup();
    await open(w);
    w.db.update(services).set({ archivedAt: T0 }).where(eq(services.slug, 'mail')).run();
    w.clock.now = T0 + MIN;
    expect((await update(w, { status: 'identified', services: [{ service: 'web', impact: 'major_outage' }, { service: 'mail', impact: 'degraded_performance' }] })).status).toBe(201);
    expect(impactRows(w).filter((r) => r.endAt === null)).toEqual([
      { serviceId: 1, impact: 'major_outage', startAt: T0 - 10 * MIN, endAt: null },
      { serviceId: 2, impact: 'degraded_performance', startAt: T0 + MIN, endAt: null },
    ]);
    w.db.update(services).set({ archivedAt: T0 }).where(eq(services.slug, 'dns')).run();
    await expectRefused(w, 'POST', '/api/admin/incidents/1/updates', { status: 'identified', message: 'x', services: [{ service: 'dns', impact: 'major_outage' }] }, 'editor', 404, 'unknown_service');
  });
});

describe('reopening', () => {
  it('refuses an update after resolved without reopen (409 incident_resolved); reopen restores the impacts in force at resolution', async () => {
    const w = setup();
    await open(w);
    const T1 = T0 + HOUR;
    w.clock.now = T1;
    expect((await update(w, { status: 'resolved' })).status).toBe(201);
    w.clock.now = T0 + 2 * HOUR;
    await expectRefused(w, 'POST', '/api/admin/incidents/1/updates', { status: 'identified', message: 'Back.' }, 'editor', 409, 'incident_resolved');
    await expectRefused(w, 'POST', '/api/admin/incidents/1/updates', { status: 'resolved', message: 'Back.' }, 'editor', 409, 'incident_resolved');
    await expectRefused(w, 'POST', '/api/admin/incidents/1/updates', { status: 'resolved', message: 'Back.', reopen: true }, 'editor', 409, 'invalid_transition');

    const T2 = T0 + 2 * HOUR;
    const res = await update(w, { status: 'investigating', message: 'It is back.', reopen: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'investigating', resolvedAt: null, reportDueAt: null, reportState: 'not_due' });
    expect(impactRows(w)).toEqual([
      { serviceId: 1, impact: 'major_outage', startAt: T0 - 10 * MIN, endAt: T1 },
      { serviceId: 2, impact: 'partial_outage', startAt: T0 - 10 * MIN, endAt: T1 },
      { serviceId: 1, impact: 'major_outage', startAt: T2, endAt: null },
      { serviceId: 2, impact: 'partial_outage', startAt: T2, endAt: null },
    ]);
    expect(outbox(w).at(-1)).toMatchObject({ type: 'incident.reopened', serviceIds: [1, 2], payload: { status: 'investigating' } });
    expect(audits(w).at(-1)).toMatchObject({ action: 'incident.update', after: { update: { reopen: true } } });

    // Resolving again moves resolvedAt (and so the report's due time).
    const T3 = T0 + 3 * HOUR;
    w.clock.now = T3;
    const again = await update(w, { status: 'resolved' });
    expect(again.body).toMatchObject({ resolvedAt: iso(T3), reportDueAt: iso(T3 + 48 * HOUR) });
    expect(impactRows(w).slice(2)).toEqual([
      { serviceId: 1, impact: 'major_outage', startAt: T2, endAt: T3 },
      { serviceId: 2, impact: 'partial_outage', startAt: T2, endAt: T3 },
    ]);
  });

  it('reopens with the impacts given in `services`', async () => {
    const w = setup();
    await open(w);
    w.clock.now = T0 + HOUR;
    await update(w, { status: 'resolved' });
    const T2 = T0 + 2 * HOUR;
    w.clock.now = T2;
    const res = await update(w, { status: 'identified', reopen: true, services: [{ service: 'dns', impact: 'degraded_performance' }] });
    expect(res.status).toBe(201);
    expect(impactRows(w).slice(2)).toEqual([{ serviceId: 3, impact: 'degraded_performance', startAt: T2, endAt: null }]);
    expect(outbox(w).at(-1)).toMatchObject({ type: 'incident.reopened', serviceIds: [1, 2, 3] });
  });
});

describe('PATCH /incidents/:id', () => {
  it('corrects title, severity and the SLA exclusion, audited with before/after and not announced', async () => {
    const w = setup();
    await open(w);
    w.clock.now = T0 + 5 * MIN;
    const res = await w.call('PATCH', '/api/admin/incidents/1', { title: 'Hosting partly down', severity: 'high', slaExclusion: { cause: 'ddos', reason: 'Attack on the load balancers.' } }, 'editor');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Hosting partly down', severity: 'high', slaExclusion: { cause: 'ddos', reason: 'Attack on the load balancers.' }, updatedAt: iso(T0 + 5 * MIN) });
    expect(incidentRow(w)).toMatchObject({ title: 'Hosting partly down', severity: 'high', slaExclusionCause: 'ddos', slaExclusionReason: 'Attack on the load balancers.' });
    expect(audits(w).at(-1)).toMatchObject({
      action: 'incident.edit',
      before: { title: 'Hosting down', severity: 'critical', slaExclusionCause: null },
      after: { title: 'Hosting partly down', severity: 'high', slaExclusionCause: 'ddos' },
    });
    expect(outbox(w)).toHaveLength(1);

    const cleared = await w.call('PATCH', '/api/admin/incidents/1', { slaExclusion: null }, 'editor');
    expect(cleared.body.slaExclusion).toBeNull();
    expect(incidentRow(w)).toMatchObject({ slaExclusionCause: null, slaExclusionReason: null });
  });

  it('moves startedAt with the impact rows that began there, within creation time and before those rows end', async () => {
    const w = setup();
    await open(w);
    const T1 = T0 + 20 * MIN;
    w.clock.now = T1;
    await update(w, { status: 'identified', services: [{ service: 'web', impact: 'partial_outage' }, { service: 'mail', impact: 'partial_outage' }] });
    w.clock.now = T0 + HOUR;

    const earlier = await w.call('PATCH', '/api/admin/incidents/1', { startedAt: iso(T0 - HOUR) }, 'editor');
    expect(earlier.status).toBe(200);
    expect(earlier.body.startedAt).toBe(iso(T0 - HOUR));
    expect(impactRows(w)).toEqual([
      { serviceId: 1, impact: 'major_outage', startAt: T0 - HOUR, endAt: T1 },
      { serviceId: 2, impact: 'partial_outage', startAt: T0 - HOUR, endAt: null },
      { serviceId: 1, impact: 'partial_outage', startAt: T1, endAt: null },
    ]);
    expect(audits(w).at(-1)).toMatchObject({ action: 'incident.edit', before: { startedAt: T0 - 10 * MIN }, after: { startedAt: T0 - HOUR } });

    // Later, up to the creation time: fine.
    expect((await w.call('PATCH', '/api/admin/incidents/1', { startedAt: iso(T0) }, 'editor')).status).toBe(200);
    expect(impactRows(w).slice(0, 2).map((r) => r.startAt)).toEqual([T0, T0]);

    // After the creation time, in the future, or at/after the end of a moved row: 422, nothing written.
    await expectRefused(w, 'PATCH', '/api/admin/incidents/1', { startedAt: iso(T0 + MIN) }, 'editor', 422, 'started_after_creation');
    await expectRefused(w, 'PATCH', '/api/admin/incidents/1', { startedAt: iso(T0 + 2 * HOUR) }, 'editor', 422, 'started_at_in_future');
  });

  it('refuses a start at or after the end of a row that began there', async () => {
    const w = setup();
    // Backfilled: created at T0 - 2 h, started T0 - 3 h, web's major impact ended at T0 - 2 h + 1 min... by an update.
    await open(w, { at: iso(T0 - 2 * HOUR), startedAt: iso(T0 - 3 * HOUR) });
    expect((await w.call('POST', '/api/admin/incidents/1/updates', { status: 'identified', message: 'x', services: [{ service: 'mail', impact: 'partial_outage' }], at: iso(T0 - 2 * HOUR) })).status).toBe(201);
    const res = await expectRefused(w, 'PATCH', '/api/admin/incidents/1', { startedAt: iso(T0 - 2 * HOUR) }, 'editor', 422, 'started_after_impact_end');
    expect(res.body.error.details.earliestEnd).toBe(iso(T0 - 2 * HOUR));
    expect((await w.call('PATCH', '/api/admin/incidents/1', { startedAt: iso(T0 - 2 * HOUR - 1) }, 'editor')).status).toBe(200);
  });

  it('refuses empty, unknown-field and badly typed bodies', async () => {
    const w = setup();
    await open(w);
    const path = '/api/admin/incidents/1';
    await expectRefused(w, 'PATCH', path, {}, 'editor', 400, 'invalid_request');
    await expectRefused(w, 'PATCH', path, { status: 'resolved' }, 'editor', 400, 'invalid_request');
    await expectRefused(w, 'PATCH', path, { title: '' }, 'editor', 400, 'invalid_request');
    await expectRefused(w, 'PATCH', path, { startedAt: 12 }, 'editor', 400, 'invalid_request');
    await expectRefused(w, 'PATCH', path, { title: 'x', at: iso(T0 - HOUR) }, 'editor', 403, 'forbidden');
  });
});
