// Posting and reading incidents through the admin API: exact rows, audit and outbox; validation and
// roles that write nothing; backfill; and the public side seeing the change on the next read.
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, incidentImpacts, incidentReports, incidentUpdates, incidents, outboxEvents } from '../../db/schema.ts';
import { statusSummary } from '../../src/services/status/status-page.ts';
import { adminWorld, type AdminWorld, auditRows, outboxRows, refusalChecker } from '../support/admin.ts';
import { HOUR, makeService } from '../support/factories.ts';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();
// adminWorld creates the viewer, editor and admin keys in that order.
const EDITOR_KEY_ID = 2;
const ADMIN_KEY_ID = 3;

/** A fresh world with web (id 1, "Webhosting"), mail (id 2, "Mail") and an archived old (id 3). */
function setup(): AdminWorld {
  const w = adminWorld(T0);
  makeService(w.db, { slug: 'web', name: 'Webhosting' });
  makeService(w.db, { slug: 'mail', name: 'Mail' });
  makeService(w.db, { slug: 'old', name: 'Old', archivedAt: T0 - HOUR });
  return w;
}

function counts(w: AdminWorld) {
  return {
    incidents: w.db.select().from(incidents).all().length,
    updates: w.db.select().from(incidentUpdates).all().length,
    impacts: w.db.select().from(incidentImpacts).all().length,
    reports: w.db.select().from(incidentReports).all().length,
    audit: w.db.select().from(auditLog).all().length,
    outbox: w.db.select().from(outboxEvents).all().length,
  };
}

const audits = auditRows;
const outbox = outboxRows;
const impactRows = (w: AdminWorld) => w.db.select().from(incidentImpacts).orderBy(asc(incidentImpacts.id)).all();

function createBody(over: Record<string, unknown> = {}) {
  return { title: 'Webmail unreachable', severity: 'critical', message: 'We are **investigating**.', services: [{ service: 'web', impact: 'major_outage' }], ...over };
}

const expectRefused = refusalChecker(counts);

describe('POST /incidents', () => {
  it('posts an incident: exact JSON, rows, audit and outbox', async () => {
    const w = setup();
    const res = await w.call(
      'POST',
      '/api/admin/incidents',
      createBody({ services: [{ service: 'web', impact: 'major_outage' }, { service: 2, impact: 'degraded_performance' }], slaExclusion: { cause: 'third_party', reason: 'Upstream DNS provider down.' } }),
      'editor',
    );
    expect(res.status).toBe(201);
    expect(res.body).toStrictEqual({
      id: 1,
      title: 'Webmail unreachable',
      severity: 'critical',
      status: 'investigating',
      startedAt: iso(T0),
      createdAt: iso(T0),
      updatedAt: iso(T0),
      monitoringAt: null,
      resolvedAt: null,
      slaExclusion: { cause: 'third_party', reason: 'Upstream DNS provider down.' },
      backfilled: false,
      services: [
        { id: 2, slug: 'mail', name: 'Mail', impact: 'degraded_performance' },
        { id: 1, slug: 'web', name: 'Webhosting', impact: 'major_outage' },
      ],
      impacts: [
        { serviceId: 1, slug: 'web', impact: 'major_outage', startAt: iso(T0), endAt: null },
        { serviceId: 2, slug: 'mail', impact: 'degraded_performance', startAt: iso(T0), endAt: null },
      ],
      updates: [{ id: 1, status: 'investigating', message: 'We are **investigating**.', createdAt: iso(T0), backfilled: false }],
      report: null,
      reportDueAt: null,
      reportState: 'not_due',
      targets: {
        response: { state: 'met', targetSeconds: 900, businessHours: false, actualSeconds: 0, reachedAt: iso(T0), deadline: '2026-11-02T10:15:00.000Z', remainingSeconds: null },
        resolution: { state: 'pending', targetSeconds: 14400, businessHours: false, actualSeconds: null, reachedAt: null, deadline: '2026-11-02T14:00:00.000Z', remainingSeconds: 14400 },
      },
    });

    const row = {
      id: 1,
      title: 'Webmail unreachable',
      severity: 'critical',
      status: 'investigating',
      startedAt: T0,
      createdAt: T0,
      updatedAt: T0,
      monitoringAt: null,
      resolvedAt: null,
      slaExclusionCause: 'third_party',
      slaExclusionReason: 'Upstream DNS provider down.',
      backfilled: false,
      externalId: null,
    };
    expect(w.db.select().from(incidents).all()).toEqual([row]);
    expect(w.db.select().from(incidentUpdates).all()).toEqual([{ id: 1, incidentId: 1, status: 'investigating', body: 'We are **investigating**.', createdAt: T0, backfilled: false, externalId: null }]);
    expect(impactRows(w)).toEqual([
      { id: 1, incidentId: 1, serviceId: 1, impact: 'major_outage', startAt: T0, endAt: null },
      { id: 2, incidentId: 1, serviceId: 2, impact: 'degraded_performance', startAt: T0, endAt: null },
    ]);
    const openImpacts = [
      { serviceId: 1, impact: 'major_outage', startAt: T0 },
      { serviceId: 2, impact: 'degraded_performance', startAt: T0 },
    ];
    expect(audits(w)).toEqual([
      {
        id: 1,
        at: T0,
        effectiveAt: T0,
        actorKeyId: EDITOR_KEY_ID,
        actorName: 'editor',
        action: 'incident.create',
        entityType: 'incident',
        entityId: 1,
        before: null,
        after: { ...row, impacts: openImpacts, update: { id: 1, status: 'investigating', body: 'We are **investigating**.' } },
        backfilled: false,
      },
    ]);
    expect(outbox(w)).toEqual([
      {
        id: 1,
        type: 'incident.created',
        entityType: 'incident',
        entityId: 1,
        serviceIds: [1, 2],
        payload: {
          incidentId: 1,
          updateId: 1,
          status: 'investigating',
          title: 'Webmail unreachable',
          severity: 'critical',
          message: 'We are **investigating**.',
          services: [
            { id: 2, slug: 'mail', name: 'Mail', impact: 'degraded_performance' },
            { id: 1, slug: 'web', name: 'Webhosting', impact: 'major_outage' },
          ],
          at: iso(T0),
          backfilled: false,
        },
        notify: true,
        createdAt: T0,
        processedAt: null,
      },
    ]);
  });

  it('starts the impact rows at a backdated startedAt; notify false reaches the outbox; status may start later than investigating', async () => {
    const w = setup();
    const started = T0 - 25 * MIN;
    const res = await w.call('POST', '/api/admin/incidents', createBody({ startedAt: iso(started), status: 'identified', notify: false }), 'editor');
    expect(res.status).toBe(201);
    expect(res.body.startedAt).toBe(iso(started));
    expect(res.body.createdAt).toBe(iso(T0));
    expect(res.body.status).toBe('identified');
    expect(impactRows(w)).toEqual([{ id: 1, incidentId: 1, serviceId: 1, impact: 'major_outage', startAt: started, endAt: null }]);
    expect(w.db.select().from(incidents).get()).toMatchObject({ startedAt: started, createdAt: T0, status: 'identified', monitoringAt: null });
    expect(outbox(w)).toMatchObject([{ type: 'incident.created', serviceIds: [1], notify: false, payload: { status: 'identified' } }]);
  });

  it('sets monitoringAt when created in monitoring', async () => {
    const w = setup();
    const res = await w.call('POST', '/api/admin/incidents', createBody({ status: 'monitoring' }), 'editor');
    expect(res.status).toBe(201);
    expect(w.db.select().from(incidents).get()!.monitoringAt).toBe(T0);
  });

  it('refuses unknown and archived services with 404 unknown_service listing them, writing nothing', async () => {
    const w = setup();
    const res = await expectRefused(
      w,
      'POST',
      '/api/admin/incidents',
      createBody({ services: [{ service: 'web', impact: 'major_outage' }, { service: 'nope', impact: 'partial_outage' }, { service: 99, impact: 'partial_outage' }, { service: 'old', impact: 'major_outage' }] }),
      'editor',
      404,
      'unknown_service',
    );
    expect(res.body.error.details).toEqual({ field: 'services', services: ['nope', 99, 'old'] });
  });

  it('refuses bad bodies with nothing written', async () => {
    const w = setup();
    const path = '/api/admin/incidents';
    await expectRefused(w, 'POST', path, createBody({ colour: 'red' }), 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', path, createBody({ severity: 'huge' }), 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', path, createBody({ services: [] }), 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', path, createBody({ services: [{ service: 'web', impact: 'major_outage', extra: 1 }] }), 'editor', 400, 'invalid_request');
    // A service named twice is one fault with one code, whether by the same ref or by slug and id.
    await expectRefused(w, 'POST', path, createBody({ services: [{ service: 'web', impact: 'major_outage' }, { service: 'web', impact: 'partial_outage' }] }), 'editor', 400, 'duplicate_service');
    await expectRefused(w, 'POST', path, createBody({ services: [{ service: 'web', impact: 'major_outage' }, { service: 1, impact: 'partial_outage' }] }), 'editor', 400, 'duplicate_service');
    await expectRefused(w, 'POST', path, createBody({ message: '' }), 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', path, createBody({ message: '   ' }), 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', path, createBody({ message: 'x'.repeat(50_001) }), 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', path, createBody({ startedAt: 'yesterday' }), 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', path, createBody({ slaExclusion: { cause: 'act_of_god', reason: 'x' } }), 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', path, createBody({ slaExclusion: { cause: 'ddos', reason: '' } }), 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', path, createBody({ status: 'resolved' }), 'editor', 422, 'invalid_status');
    await expectRefused(w, 'POST', path, createBody({ startedAt: iso(T0 + MIN) }), 'editor', 422, 'started_at_in_future');
    // The message may be exactly 50 000 characters.
    expect((await w.call('POST', path, createBody({ message: 'x'.repeat(50_000) }), 'editor')).status).toBe(201);
  });
});

describe('roles', () => {
  it('lets editors write and viewers only read', async () => {
    const w = setup();
    await expectRefused(w, 'POST', '/api/admin/incidents', createBody(), 'viewer', 403, 'forbidden');
    const created = await w.call('POST', '/api/admin/incidents', createBody(), 'editor');
    expect(created.status).toBe(201);
    await expectRefused(w, 'POST', '/api/admin/incidents/1/updates', { status: 'identified', message: 'Found it.' }, 'viewer', 403, 'forbidden');
    await expectRefused(w, 'PATCH', '/api/admin/incidents/1', { title: 'Other' }, 'viewer', 403, 'forbidden');
    await expectRefused(w, 'PUT', '/api/admin/incidents/1/report', { body: 'Report' }, 'viewer', 403, 'forbidden');
    await expectRefused(w, 'POST', '/api/admin/incidents/1/report/publish', {}, 'viewer', 403, 'forbidden');
    expect((await w.call('GET', '/api/admin/incidents', undefined, 'viewer')).status).toBe(200);
    expect((await w.call('GET', '/api/admin/incidents/1', undefined, 'viewer')).body).toStrictEqual(created.body);
    expect((await w.call('POST', '/api/admin/incidents/1/updates', { status: 'identified', message: 'Found it.' }, 'editor')).status).toBe(201);
  });
});

describe('reading incidents', () => {
  it('lists newest start first, filtered by open/resolved, limited; unknown ids are 404 not_found', async () => {
    const w = setup();
    await w.call('POST', '/api/admin/incidents', createBody({ title: 'A', startedAt: iso(T0 - 2 * HOUR) }));
    await w.call('POST', '/api/admin/incidents', createBody({ title: 'B', startedAt: iso(T0 - HOUR) }));
    await w.call('POST', '/api/admin/incidents', createBody({ title: 'C', startedAt: iso(T0 - 3 * HOUR) }));
    w.clock.now = T0 + HOUR;
    expect((await w.call('POST', '/api/admin/incidents/2/updates', { status: 'resolved', message: 'Fixed.' })).status).toBe(201);
    const titles = async (q: string) => (await w.call('GET', `/api/admin/incidents${q}`, undefined, 'viewer')).body.incidents.map((i: any) => i.title);
    expect(await titles('')).toEqual(['B', 'A', 'C']);
    expect(await titles('?status=all')).toEqual(['B', 'A', 'C']);
    expect(await titles('?status=open')).toEqual(['A', 'C']);
    expect(await titles('?status=resolved')).toEqual(['B']);
    expect(await titles('?limit=2')).toEqual(['B', 'A']);
    expect((await w.call('GET', '/api/admin/incidents?status=closed', undefined, 'viewer')).status).toBe(400);
    expect((await w.call('GET', '/api/admin/incidents?limit=201', undefined, 'viewer')).status).toBe(400);
    const missing = await w.call('GET', '/api/admin/incidents/99', undefined, 'viewer');
    expect({ status: missing.status, code: missing.body.error.code }).toEqual({ status: 404, code: 'not_found' });
    await expectRefused(w, 'POST', '/api/admin/incidents/99/updates', { status: 'identified', message: 'x' }, 'editor', 404, 'not_found');
    await expectRefused(w, 'PATCH', '/api/admin/incidents/99', { title: 'x' }, 'editor', 404, 'not_found');
    await expectRefused(w, 'PUT', '/api/admin/incidents/99/report', { body: 'x' }, 'editor', 404, 'not_found');
    await expectRefused(w, 'POST', '/api/admin/incidents/99/report/publish', {}, 'editor', 404, 'not_found');
  });
});

describe('backfill with `at`', () => {
  it('is admin only: an editor gets 403 and nothing is written', async () => {
    const w = setup();
    await expectRefused(w, 'POST', '/api/admin/incidents', createBody({ at: iso(T0 - HOUR) }), 'editor', 403, 'forbidden');
  });

  it('records an admin create as having happened at `at`, marked backfilled in the data, the audit log and the response', async () => {
    const w = setup();
    const at = T0 - 30 * 24 * HOUR;
    const res = await w.call('POST', '/api/admin/incidents', createBody({ at: iso(at), startedAt: iso(at - 10 * MIN) }), 'admin');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ createdAt: iso(at), updatedAt: iso(at), startedAt: iso(at - 10 * MIN), backfilled: true, updates: [{ createdAt: iso(at), backfilled: true }] });
    expect(w.db.select().from(incidents).get()).toMatchObject({ createdAt: at, updatedAt: at, startedAt: at - 10 * MIN, backfilled: true });
    expect(w.db.select().from(incidentUpdates).get()).toMatchObject({ createdAt: at, backfilled: true });
    expect(impactRows(w)).toEqual([{ id: 1, incidentId: 1, serviceId: 1, impact: 'major_outage', startAt: at - 10 * MIN, endAt: null }]);
    expect(outbox(w)).toMatchObject([{ type: 'incident.created', createdAt: at, payload: { at: iso(at), backfilled: true } }]);
    const log = (await w.call('GET', '/api/admin/audit?entityType=incident', undefined, 'viewer')).body.entries;
    expect(log).toMatchObject([{ action: 'incident.create', at: iso(T0), effectiveAt: iso(at), actorKeyId: ADMIN_KEY_ID, backfilled: true, after: { createdAt: at, backfilled: true } }]);

    // The started-before-creation rule is against `at`, not the server clock.
    await expectRefused(w, 'POST', '/api/admin/incidents', createBody({ at: iso(at), startedAt: iso(at + MIN) }), 'admin', 422, 'started_after_creation');
  });

  it('refuses `at` in the future (422) and out of order (409), writing nothing', async () => {
    const w = setup();
    await expectRefused(w, 'POST', '/api/admin/incidents', createBody({ at: iso(T0 + MIN) }), 'admin', 422, 'at_in_future');
    await expectRefused(w, 'POST', '/api/admin/incidents', createBody({ at: '2026-11-02 09:00' }), 'admin', 400, 'invalid_request');
    const at = T0 - 5 * HOUR;
    expect((await w.call('POST', '/api/admin/incidents', createBody({ at: iso(at) }), 'admin')).status).toBe(201);
    expect((await w.call('POST', '/api/admin/incidents/1/updates', { status: 'identified', message: 'Found.', at: iso(at + HOUR) }, 'admin')).status).toBe(201);
    // Before the previous update.
    const res = await expectRefused(w, 'POST', '/api/admin/incidents/1/updates', { status: 'monitoring', message: 'Fix out.', at: iso(at + HOUR - 1) }, 'admin', 409, 'at_out_of_order');
    expect(res.body.error.details.previous).toBe(iso(at + HOUR));
    await expectRefused(w, 'POST', '/api/admin/incidents/1/updates', { status: 'monitoring', message: 'Fix out.', at: iso(T0 + 1) }, 'admin', 422, 'at_in_future');
    // Exactly at the previous update is fine; the backfilled resolution closes the impacts then.
    const resolved = await w.call('POST', '/api/admin/incidents/1/updates', { status: 'resolved', message: 'Fixed.', at: iso(at + HOUR) }, 'admin');
    expect(resolved.status).toBe(201);
    expect(resolved.body).toMatchObject({ resolvedAt: iso(at + HOUR), updatedAt: iso(at + HOUR), reportDueAt: iso(at + 49 * HOUR), reportState: 'pending' });
    expect(impactRows(w)).toEqual([{ id: 1, incidentId: 1, serviceId: 1, impact: 'major_outage', startAt: at, endAt: at + HOUR }]);
  });
});

describe('the public side', () => {
  it('invalidates the cache on a write and shows the status change right after create and back to operational after resolve', async () => {
    const w = setup();
    const status = (slug: string) => statusSummary(w.ctx).services.find((s) => s.slug === slug)!.status;
    // Cached answers belong to a generation; a write moves it, so none of them is current any more.
    const g0 = w.ctx.cache.generation();
    expect(status('web')).toBe('operational');

    expect((await w.call('POST', '/api/admin/incidents', createBody({ services: [{ service: 'web', impact: 'partial_outage' }] }), 'editor')).status).toBe(201);
    expect(w.ctx.cache.generation()).toBe(g0 + 1);
    expect(status('web')).toBe('partial_outage');
    expect(status('mail')).toBe('operational');
    expect(statusSummary(w.ctx).activeIncidents.map((i) => i.id)).toEqual([1]);

    w.clock.now = T0 + 30 * MIN;
    expect((await w.call('POST', '/api/admin/incidents/1/updates', { status: 'resolved', message: 'Fixed.' }, 'editor')).status).toBe(201);
    expect(w.ctx.cache.generation()).toBe(g0 + 2);
    expect(status('web')).toBe('operational');
    expect(statusSummary(w.ctx).activeIncidents).toEqual([]);

    // A refused write leaves the cache alone.
    expect((await w.call('POST', '/api/admin/incidents/1/updates', { status: 'identified', message: 'Again?' }, 'editor')).status).toBe(409);
    expect(w.ctx.cache.generation()).toBe(g0 + 2);
  });
});
