// Post-incident reports through the admin API: draft, publish, the due time (resolvedAt + 48 h) and
// the state at the server's clock — pending, overdue, published on time, published late.
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, incidentReportRevisions, incidentReports, outboxEvents } from '../../db/schema.ts';
import { saveReport } from '../../src/services/incidents/report.ts';
import { staffActor } from '../../src/services/staff/sessions.ts';
import { adminWorld, type AdminWorld, outboxRows, refusalChecker } from '../support/admin.ts';
import { HOUR, makeService } from '../support/factories.ts';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();
const RESOLVED = T0 + HOUR;
const DUE = RESOLVED + 48 * HOUR;

function counts(w: AdminWorld) {
  return {
    reports: JSON.stringify(w.db.select().from(incidentReports).all()),
    audit: w.db.select().from(auditLog).all().length,
    outbox: w.db.select().from(outboxEvents).all().length,
  };
}

const outbox = outboxRows;
const reportRow = (w: AdminWorld) => w.db.select().from(incidentReports).get();

const expectRefused = refusalChecker(counts);

/** web (1) and mail (2); incident 1 posted at T0 on both (mail dropped by an update); resolved at RESOLVED unless `resolve` is false. */
async function setup(resolve = true): Promise<AdminWorld> {
  const w = adminWorld(T0);
  makeService(w.db, { slug: 'web', name: 'Webhosting' });
  makeService(w.db, { slug: 'mail', name: 'Mail' });
  const created = await w.call('POST', '/api/admin/incidents', {
    title: 'Disk full',
    severity: 'high',
    message: 'Investigating.',
    services: [{ service: 'web', impact: 'major_outage' }, { service: 'mail', impact: 'degraded_performance' }],
  });
  expect(created.status).toBe(201);
  w.clock.now = T0 + 30 * MIN;
  expect((await w.call('POST', '/api/admin/incidents/1/updates', { status: 'identified', message: 'Found.', services: [{ service: 'web', impact: 'major_outage' }] })).status).toBe(201);
  if (resolve) {
    w.clock.now = RESOLVED;
    expect((await w.call('POST', '/api/admin/incidents/1/updates', { status: 'resolved', message: 'Fixed.' })).status).toBe(201);
  }
  return w;
}

const get = async (w: AdminWorld) => (await w.call('GET', '/api/admin/incidents/1', undefined, 'viewer')).body;

describe('post-incident reports', () => {
  it('saves a draft, publishes it on time: exact rows, JSON, audit and outbox', async () => {
    const w = await setup();
    w.clock.now = RESOLVED + 2 * HOUR;
    expect(await get(w)).toMatchObject({ resolvedAt: iso(RESOLVED), reportDueAt: iso(DUE), reportState: 'pending', report: null });

    const saved = await w.call('PUT', '/api/admin/incidents/1/report', { body: '## What happened\nA disk filled up.' }, 'editor');
    expect(saved.status).toBe(200);
    expect(saved.body.report).toEqual({ body: '## What happened\nA disk filled up.', createdAt: iso(RESOLVED + 2 * HOUR), updatedAt: iso(RESOLVED + 2 * HOUR), publishedAt: null, backfilled: false, translation: { body: null }, revisions: [] });
    expect(saved.body.reportState).toBe('pending');
    // Replacing the draft keeps createdAt.
    w.clock.now = RESOLVED + 3 * HOUR;
    expect((await w.call('PUT', '/api/admin/incidents/1/report', { body: '## What happened\nA disk filled up. Twice.' }, 'editor')).status).toBe(200);
    expect(reportRow(w)).toEqual({ incidentId: 1, body: '## What happened\nA disk filled up. Twice.', bodyTranslation: null, createdAt: RESOLVED + 2 * HOUR, updatedAt: RESOLVED + 3 * HOUR, publishedAt: null, backfilled: false });
    // Saving a draft announces nothing.
    expect(outbox(w).map((e) => e.type)).toEqual(['incident.created', 'incident.updated', 'incident.resolved']);

    const published = await w.call('POST', '/api/admin/incidents/1/report/publish', {}, 'editor');
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ reportDueAt: iso(DUE), reportState: 'published_on_time', report: { publishedAt: iso(RESOLVED + 3 * HOUR) } });
    expect(reportRow(w)!.publishedAt).toBe(RESOLVED + 3 * HOUR);
    expect(outbox(w).at(-1)).toMatchObject({
      type: 'report.published',
      entityType: 'incident',
      entityId: 1,
      // Every service the incident touched, mail included though it was dropped before resolution.
      serviceIds: [1, 2],
      notify: true,
      createdAt: RESOLVED + 3 * HOUR,
      payload: { incidentId: 1, title: 'Disk full', body: '## What happened\nA disk filled up. Twice.', publishedAt: iso(RESOLVED + 3 * HOUR), dueAt: iso(DUE), onTime: true },
    });
    const actions = w.db.select().from(auditLog).orderBy(asc(auditLog.id)).all().map((a) => a.action);
    expect(actions).toEqual(['incident.create', 'incident.update', 'incident.update', 'incident.report.save', 'incident.report.save', 'incident.report.publish']);

    // Publishing twice: 409, nothing written. Editing after publication keeps publishedAt.
    await expectRefused(w, 'POST', '/api/admin/incidents/1/report/publish', {}, 'editor', 409, 'already_published');
    w.clock.now = DUE + 10 * HOUR;
    const edited = await w.call('PUT', '/api/admin/incidents/1/report', { body: 'Corrected.' }, 'editor');
    expect(edited.body).toMatchObject({ reportState: 'published_on_time', report: { body: 'Corrected.', publishedAt: iso(RESOLVED + 3 * HOUR), updatedAt: iso(DUE + 10 * HOUR) } });
  });

  it('is overdue when unpublished past the due time and published_late when published after it', async () => {
    const w = await setup();
    expect((await w.call('PUT', '/api/admin/incidents/1/report', { body: 'Draft.' }, 'editor')).status).toBe(200);
    w.clock.now = DUE;
    expect((await get(w)).reportState).toBe('pending');
    w.clock.now = DUE + 1;
    expect((await get(w)).reportState).toBe('overdue');
    const published = await w.call('POST', '/api/admin/incidents/1/report/publish', { notify: false }, 'editor');
    expect(published.body).toMatchObject({ reportState: 'published_late', report: { publishedAt: iso(DUE + 1) } });
    expect(outbox(w).at(-1)).toMatchObject({ type: 'report.published', notify: false, payload: { onTime: false } });
    w.clock.now = DUE + 100 * HOUR;
    expect((await get(w)).reportState).toBe('published_late');
  });

  it('publishes exactly at the due time on time', async () => {
    const w = await setup();
    await w.call('PUT', '/api/admin/incidents/1/report', { body: 'Draft.' }, 'editor');
    w.clock.now = DUE;
    expect((await w.call('POST', '/api/admin/incidents/1/report/publish', {}, 'editor')).body.reportState).toBe('published_on_time');
  });

  it('refuses to publish without a draft or before resolution (409), writing nothing; a draft may be written while open', async () => {
    const w = await setup(false);
    await expectRefused(w, 'POST', '/api/admin/incidents/1/report/publish', {}, 'editor', 409, 'no_report');
    expect((await w.call('PUT', '/api/admin/incidents/1/report', { body: 'Early notes.' }, 'editor')).status).toBe(200);
    const res = await expectRefused(w, 'POST', '/api/admin/incidents/1/report/publish', {}, 'editor', 409, 'incident_not_resolved');
    expect(res.body.error.details).toEqual({ status: 'identified' });
    expect((await get(w)).reportState).toBe('not_due');
  });

  it('publishes with no body at all (no content type)', async () => {
    const w = await setup();
    await w.call('PUT', '/api/admin/incidents/1/report', { body: 'Draft.' }, 'editor');
    const res = await w.app.request('/api/admin/incidents/1/report/publish', { method: 'POST', headers: { authorization: `Bearer ${w.keys.editor}` } });
    expect(res.status).toBe(200);
    expect(reportRow(w)!.publishedAt).toBe(RESOLVED);
  });

  it('refuses bad report bodies', async () => {
    const w = await setup();
    await expectRefused(w, 'PUT', '/api/admin/incidents/1/report', {}, 'editor', 400, 'invalid_request');
    await expectRefused(w, 'PUT', '/api/admin/incidents/1/report', { body: '' }, 'editor', 400, 'invalid_request');
    await expectRefused(w, 'PUT', '/api/admin/incidents/1/report', { body: 'x', publishedAt: iso(T0) }, 'editor', 400, 'invalid_request');
    await expectRefused(w, 'POST', '/api/admin/incidents/1/report/publish', { when: 'now' }, 'editor', 400, 'invalid_request');
    await expectRefused(w, 'PUT', '/api/admin/incidents/1/report', { body: 'x', at: iso(T0) }, 'editor', 403, 'forbidden');
  });

  it('backfills a report: saved and published at `at`, marked backfilled, not before the incident’s last event', async () => {
    const w = await setup();
    w.clock.now = RESOLVED + 100 * HOUR;
    await expectRefused(w, 'PUT', '/api/admin/incidents/1/report', { body: 'Old report.', at: iso(RESOLVED - 1) }, 'admin', 409, 'at_out_of_order');
    expect((await w.call('PUT', '/api/admin/incidents/1/report', { body: 'Old report.', at: iso(RESOLVED + HOUR) }, 'admin')).status).toBe(200);
    await expectRefused(w, 'POST', '/api/admin/incidents/1/report/publish', { at: iso(RESOLVED + HOUR - 1) }, 'admin', 409, 'at_out_of_order');
    const res = await w.call('POST', '/api/admin/incidents/1/report/publish', { at: iso(RESOLVED + 20 * HOUR) }, 'admin');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reportState: 'published_on_time', report: { createdAt: iso(RESOLVED + HOUR), publishedAt: iso(RESOLVED + 20 * HOUR), backfilled: true } });
    expect(reportRow(w)).toEqual({ incidentId: 1, body: 'Old report.', bodyTranslation: null, createdAt: RESOLVED + HOUR, updatedAt: RESOLVED + HOUR, publishedAt: RESOLVED + 20 * HOUR, backfilled: true });
    expect(outbox(w).at(-1)).toMatchObject({ type: 'report.published', createdAt: RESOLVED + 20 * HOUR, payload: { backfilled: true } });
    expect(w.db.select().from(auditLog).orderBy(asc(auditLog.id)).all().at(-1)).toMatchObject({ action: 'incident.report.publish', effectiveAt: RESOLVED + 20 * HOUR, at: RESOLVED + 100 * HOUR, backfilled: true });
  });

  it('keeps the text each edit of a published report replaces: time, author (key or staff name), previous body', async () => {
    const w = await setup();
    w.clock.now = RESOLVED + 2 * HOUR;
    // Edits of a draft before publication are private and keep no history.
    expect((await w.call('PUT', '/api/admin/incidents/1/report', { body: 'Draft.' }, 'editor')).status).toBe(200);
    expect((await w.call('PUT', '/api/admin/incidents/1/report', { body: 'First published text.' }, 'editor')).status).toBe(200);
    expect((await w.call('POST', '/api/admin/incidents/1/report/publish', {}, 'editor')).status).toBe(200);
    expect(w.db.select().from(incidentReportRevisions).all()).toEqual([]);

    w.clock.now = RESOLVED + 5 * HOUR;
    const edited = await w.call('PUT', '/api/admin/incidents/1/report', { body: 'Second text.' }, 'editor');
    expect(edited.status).toBe(200);
    w.clock.now = RESOLVED + 6 * HOUR;
    const staff = staffActor({ id: 9, email: 'ops@example.test', name: 'Olga Ops', role: 'editor', createdAt: T0, updatedAt: T0, lastSignInAt: null, disabledAt: null });
    saveReport(w.ctx, staff, 1, { body: 'Third text.' });
    const nameless = staffActor({ id: 10, email: 'anon@example.test', name: '', role: 'editor', createdAt: T0, updatedAt: T0, lastSignInAt: null, disabledAt: null });
    w.clock.now = RESOLVED + 7 * HOUR;
    saveReport(w.ctx, nameless, 1, { body: 'Fourth text.' });

    const report = (await get(w)).report;
    expect(report).toMatchObject({ body: 'Fourth text.', publishedAt: iso(RESOLVED + 2 * HOUR), updatedAt: iso(RESOLVED + 7 * HOUR) });
    expect(report.revisions).toEqual([
      { id: 1, editedAt: iso(RESOLVED + 5 * HOUR), author: 'editor', previousBody: 'First published text.', previousTranslation: { body: null } },
      { id: 2, editedAt: iso(RESOLVED + 6 * HOUR), author: 'Olga Ops', previousBody: 'Second text.', previousTranslation: { body: null } },
      { id: 3, editedAt: iso(RESOLVED + 7 * HOUR), author: 'anon@example.test', previousBody: 'Third text.', previousTranslation: { body: null } },
    ]);
    // The audit log still names the staff member by email, as before.
    expect(w.db.select().from(auditLog).orderBy(asc(auditLog.id)).all().at(-2)).toMatchObject({ action: 'incident.report.save', actorName: 'ops@example.test' });
    // A refused edit adds no revision.
    await expectRefused(w, 'PUT', '/api/admin/incidents/1/report', { body: '   ' }, 'editor', 400, 'invalid_request');
    expect(w.db.select().from(incidentReportRevisions).all()).toHaveLength(3);
  });
});
