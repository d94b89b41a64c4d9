// Services and groups through the admin API: exact rows and responses for every write, the audit
// trail, refusals that write nothing, and archiving that hides a service but keeps its history.
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, incidentImpacts, serviceGroups, services } from '../../db/schema.ts';
import { slugify } from '../../src/services/catalog/admin.ts';
import { statusSummary } from '../../src/services/status/status-page.ts';
import { adminWorld, type AdminWorld } from '../support/admin.ts';
import { HOUR, makeGroup, makeIncident, makeService } from '../support/factories.ts';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const T0_ISO = '2026-11-02T10:00:00.000Z';
// adminWorld creates the viewer, editor and admin keys in that order.
const ADMIN_KEY_ID = 3;

function counts(w: AdminWorld) {
  return {
    services: w.db.select().from(services).all().length,
    groups: w.db.select().from(serviceGroups).all().length,
    audit: w.db.select().from(auditLog).all().length,
  };
}

function audits(w: AdminWorld) {
  return w.db
    .select()
    .from(auditLog)
    .orderBy(asc(auditLog.id))
    .all()
    .map(({ id: _id, ...rest }) => rest);
}

function serviceRow(w: AdminWorld, id: number) {
  return w.db.select().from(services).where(eq(services.id, id)).get();
}

describe('slugify', () => {
  it('makes lowercase ASCII words joined by single hyphens, at most 60 characters', () => {
    expect(slugify('Webmail & Agenda (NL)')).toBe('webmail-agenda-nl');
    expect(slugify('  Café Één — DNS  ')).toBe('cafe-een-dns');
    expect(slugify('💥')).toBe('');
    expect(slugify('a'.repeat(59) + ' bcd')).toBe('a'.repeat(59));
  });
});

describe('POST /services', () => {
  it('creates the service with defaults and its group by name, and audits both', async () => {
    const w = adminWorld(T0);
    const res = await w.call('POST', '/api/admin/services', { name: 'Webmail & Agenda', description: 'Mail and calendars', group: 'Hosting' });
    expect(res).toEqual({
      status: 201,
      body: {
        id: 1,
        slug: 'webmail-agenda',
        name: 'Webmail & Agenda',
        description: 'Mail and calendars',
        group: { id: 1, name: 'Hosting' },
        position: 0,
        slaCovered: true,
        startDate: T0_ISO,
        archivedAt: null,
        createdAt: T0_ISO,
        updatedAt: T0_ISO,
      },
    });
    const service = { id: 1, slug: 'webmail-agenda', name: 'Webmail & Agenda', description: 'Mail and calendars', groupId: 1, position: 0, slaCovered: true, startDate: T0, archivedAt: null, createdAt: T0, updatedAt: T0, externalId: null };
    const group = { id: 1, name: 'Hosting', position: 0, createdAt: T0, updatedAt: T0, externalId: null };
    expect(w.db.select().from(services).all()).toEqual([service]);
    expect(w.db.select().from(serviceGroups).all()).toEqual([group]);
    const entry = { at: T0, effectiveAt: T0, actorKeyId: ADMIN_KEY_ID, actorName: 'admin', before: null, backfilled: false };
    expect(audits(w)).toEqual([
      { ...entry, action: 'group.create', entityType: 'group', entityId: 1, after: group },
      { ...entry, action: 'service.create', entityType: 'service', entityId: 1, after: service },
    ]);
  });

  it('reuses an existing group and places the next service after the last one of that group', async () => {
    const w = adminWorld(T0);
    const g = makeGroup(w.db, 'Hosting', 4);
    makeService(w.db, { slug: 'web', groupId: g, position: 7 });
    makeService(w.db, { slug: 'old', groupId: g, position: 20, archivedAt: 1 });
    makeService(w.db, { slug: 'dns', position: 3 });
    const res = await w.call('POST', '/api/admin/services', { name: 'Mail', group: 'Hosting', slaCovered: false, startDate: '2026-10-01T00:00:00+02:00' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 4, slug: 'mail', group: { id: g, name: 'Hosting' }, position: 8, slaCovered: false, startDate: '2026-09-30T22:00:00.000Z' });
    expect(w.db.select().from(serviceGroups).all()).toHaveLength(1);
    const ungrouped = await w.call('POST', '/api/admin/services', { name: 'Status', slug: 'status-page' });
    expect(ungrouped.body).toMatchObject({ slug: 'status-page', group: null, position: 4 });
  });

  it('refuses a taken slug with 409 and writes nothing, not even the new group', async () => {
    const w = adminWorld(T0);
    makeService(w.db, { slug: 'webmail', archivedAt: 5 });
    const before = counts(w);
    const explicit = await w.call('POST', '/api/admin/services', { name: 'Other', slug: 'webmail', group: 'Fresh group' });
    expect(explicit.status).toBe(409);
    expect(explicit.body.error).toMatchObject({ code: 'slug_taken', details: { field: 'slug', slug: 'webmail', serviceId: 1 } });
    const derived = await w.call('POST', '/api/admin/services', { name: 'WebMail', group: 'Fresh group' });
    expect(derived.status).toBe(409);
    expect(derived.body.error.code).toBe('slug_taken');
    expect(counts(w)).toEqual(before);
  });

  it('validates at the edge: unknown fields, bad slugs, lengths and types are 400; future times 422', async () => {
    const w = adminWorld(T0);
    const before = counts(w);
    const bad = [
      { name: 'A', colour: 'red' },
      {},
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(101) },
      { name: 'A', slug: 'Not A Slug' },
      { name: 'A', slug: 'a--b' },
      { name: 'A', slug: 'a'.repeat(61) },
      { name: 'A', description: 'd'.repeat(501) },
      { name: 'A', position: -1 },
      { name: 'A', position: 1.5 },
      { name: 'A', slaCovered: 'yes' },
      { name: 'A', startDate: 'yesterday' },
      { name: 'A', group: null },
    ];
    for (const body of bad) {
      const res = await w.call('POST', '/api/admin/services', body);
      expect({ body, status: res.status, code: res.body.error.code }).toEqual({ body, status: 400, code: 'invalid_request' });
    }
    const future = await w.call('POST', '/api/admin/services', { name: 'A', startDate: '2026-11-02T10:00:01Z' });
    expect(future.status).toBe(422);
    expect(future.body.error.code).toBe('start_date_in_future');
    const futureAt = await w.call('POST', '/api/admin/services', { name: 'A', at: '2026-11-03T00:00:00Z' });
    expect(futureAt.status).toBe(422);
    expect(futureAt.body.error.code).toBe('at_in_future');
    const noSlug = await w.call('POST', '/api/admin/services', { name: '💥' });
    expect(noSlug.status).toBe(422);
    expect(noSlug.body.error.code).toBe('slug_required');
    expect(counts(w)).toEqual(before);
  });

  it('backfills with `at`: created then, observed from then, audited as backfilled', async () => {
    const w = adminWorld(T0);
    const at = Date.parse('2025-01-15T08:00:00Z');
    const res = await w.call('POST', '/api/admin/services', { name: 'DNS', at: '2025-01-15T09:00:00+01:00' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ startDate: '2025-01-15T08:00:00.000Z', createdAt: '2025-01-15T08:00:00.000Z', updatedAt: '2025-01-15T08:00:00.000Z' });
    expect(serviceRow(w, 1)).toMatchObject({ startDate: at, createdAt: at, updatedAt: at });
    expect(audits(w)).toEqual([expect.objectContaining({ action: 'service.create', at: T0, effectiveAt: at, backfilled: true })]);
  });
});

describe('GET /services', () => {
  it('lets a viewer read the list (archived only on request) and one service by id or slug', async () => {
    const w = adminWorld(T0);
    const g = makeGroup(w.db, 'Hosting');
    makeService(w.db, { slug: 'web', groupId: g, position: 1, startDate: T0 - HOUR });
    makeService(w.db, { slug: 'old', position: 0, archivedAt: T0 - 1 });
    makeService(w.db, { slug: 'dns', position: 0 });
    const list = await w.call('GET', '/api/admin/services', undefined, 'viewer');
    expect(list.status).toBe(200);
    expect(list.body.services.map((s: any) => s.slug)).toEqual(['dns', 'web']);
    expect(list.body.services[1]).toEqual({
      id: 1,
      slug: 'web',
      name: 'web',
      description: '',
      group: { id: g, name: 'Hosting' },
      position: 1,
      slaCovered: true,
      startDate: '2026-11-02T09:00:00.000Z',
      archivedAt: null,
      createdAt: '2026-11-02T09:00:00.000Z',
      updatedAt: '2026-11-02T09:00:00.000Z',
    });
    const all = await w.call('GET', '/api/admin/services?archived=true', undefined, 'viewer');
    expect(all.body.services.map((s: any) => s.slug)).toEqual(['old', 'dns', 'web']);
    expect((await w.call('GET', '/api/admin/services?archived=maybe', undefined, 'viewer')).status).toBe(400);
    expect((await w.call('GET', '/api/admin/services/1', undefined, 'viewer')).body.slug).toBe('web');
    expect((await w.call('GET', '/api/admin/services/dns', undefined, 'viewer')).body.id).toBe(3);
    const missing = await w.call('GET', '/api/admin/services/404', undefined, 'viewer');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});

describe('PATCH /services/:id', () => {
  it('changes the given fields, moves groups by name, ungroups with null, and audits before/after', async () => {
    const w = adminWorld(T0);
    const g = makeGroup(w.db, 'Hosting');
    const id = makeService(w.db, { slug: 'web', name: 'Web', groupId: g, position: 2, startDate: T0 - HOUR });
    makeService(w.db, { slug: 'dns', groupId: null, position: 5 });
    const original = serviceRow(w, id)!;
    w.clock.now = T0 + 60_000;
    const res = await w.call('PATCH', `/api/admin/services/${id}`, { name: 'Webhosting', description: 'Sites', slaCovered: false, group: null });
    expect(res).toEqual({
      status: 200,
      body: {
        id,
        slug: 'web',
        name: 'Webhosting',
        description: 'Sites',
        group: null,
        position: 6,
        slaCovered: false,
        startDate: '2026-11-02T09:00:00.000Z',
        archivedAt: null,
        createdAt: '2026-11-02T09:00:00.000Z',
        updatedAt: '2026-11-02T10:01:00.000Z',
      },
    });
    const changed = { ...original, name: 'Webhosting', description: 'Sites', slaCovered: false, groupId: null, position: 6, updatedAt: T0 + 60_000 };
    expect(serviceRow(w, id)).toEqual(changed);
    expect(audits(w)).toEqual([
      { at: T0 + 60_000, effectiveAt: T0 + 60_000, actorKeyId: ADMIN_KEY_ID, actorName: 'admin', action: 'service.update', entityType: 'service', entityId: id, before: original, after: changed, backfilled: false },
    ]);

    // Into a group that does not exist yet, by slug, with an explicit position and new slug.
    const moved = await w.call('PATCH', '/api/admin/services/web', { group: 'Mail', position: 0, slug: 'webhosting' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ slug: 'webhosting', group: { id: 2, name: 'Mail' }, position: 0 });
    expect(audits(w).map((a) => a.action)).toEqual(['service.update', 'group.create', 'service.update']);
  });

  it('refuses empty, unknown-field, taken-slug and unknown-service patches, writing nothing', async () => {
    const w = adminWorld(T0);
    makeService(w.db, { slug: 'web' });
    makeService(w.db, { slug: 'dns' });
    const before = counts(w);
    const rows = w.db.select().from(services).all();
    for (const body of [{}, { at: '2026-11-01T00:00:00Z' }, { name: 'x', extra: 1 }, { group: '' }, { slaCovered: null }]) {
      const res = await w.call('PATCH', '/api/admin/services/1', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const taken = await w.call('PATCH', '/api/admin/services/1', { slug: 'dns', group: 'New' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('slug_taken');
    expect((await w.call('PATCH', '/api/admin/services/99', { name: 'x' })).status).toBe(404);
    expect((await w.call('PATCH', '/api/admin/services/1', { startDate: '2027-01-01T00:00:00Z' })).status).toBe(422);
    expect(counts(w)).toEqual(before);
    expect(w.db.select().from(services).all()).toEqual(rows);
    // Its own slug is not "taken"; a backfill before the service's last change is out of order.
    expect((await w.call('PATCH', '/api/admin/services/1', { slug: 'web', at: '2026-11-01T00:00:00Z' })).status).toBe(200);
    const early = await w.call('PATCH', '/api/admin/services/1', { name: 'x', at: '2026-10-01T00:00:00Z' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('at_out_of_order');
  });
});

describe('DELETE /services/:id', () => {
  it('archives: history stays, the public summary drops it, ?archived=true still lists it; twice keeps the first time', async () => {
    const w = adminWorld(T0);
    const web = makeService(w.db, { slug: 'web', startDate: T0 - 10 * HOUR });
    makeService(w.db, { slug: 'dns', startDate: T0 - 10 * HOUR });
    const incident = makeIncident(w.db, { startedAt: T0 - 3 * HOUR, resolvedAt: T0 - 2 * HOUR, impacts: [{ serviceId: web, impact: 'major_outage', start: T0 - 3 * HOUR, end: T0 - 2 * HOUR }] });
    const impactsBefore = w.db.select().from(incidentImpacts).all();
    expect(statusSummary(w.ctx).services.map((s) => s.slug)).toEqual(['web', 'dns']);
    const original = serviceRow(w, web)!;

    w.clock.now = T0 + 1000;
    const res = await w.call('DELETE', `/api/admin/services/${web}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: web, slug: 'web', archivedAt: '2026-11-02T10:00:01.000Z', updatedAt: '2026-11-02T10:00:01.000Z' });
    const archived = { ...original, archivedAt: T0 + 1000, updatedAt: T0 + 1000 };
    expect(serviceRow(w, web)).toEqual(archived);
    expect(w.db.select().from(incidentImpacts).all()).toEqual(impactsBefore);
    expect(impactsBefore).toEqual([expect.objectContaining({ incidentId: incident, serviceId: web })]);
    expect(statusSummary(w.ctx).services.map((s) => s.slug)).toEqual(['dns']);
    expect((await w.call('GET', '/api/admin/services', undefined, 'viewer')).body.services.map((s: any) => s.slug)).toEqual(['dns']);
    expect((await w.call('GET', '/api/admin/services?archived=true', undefined, 'viewer')).body.services.map((s: any) => s.slug)).toEqual(['web', 'dns']);
    expect(audits(w)).toEqual([
      { at: T0 + 1000, effectiveAt: T0 + 1000, actorKeyId: ADMIN_KEY_ID, actorName: 'admin', action: 'service.archive', entityType: 'service', entityId: web, before: original, after: archived, backfilled: false },
    ]);

    w.clock.now = T0 + 5000;
    const again = await w.call('DELETE', '/api/admin/services/web');
    expect(again.status).toBe(200);
    expect(again.body.archivedAt).toBe('2026-11-02T10:00:01.000Z');
    expect(serviceRow(w, web)).toEqual(archived);
    expect(audits(w)).toHaveLength(1);
    expect((await w.call('DELETE', '/api/admin/services/nope')).status).toBe(404);
  });
});

describe('groups', () => {
  it('creates, lists with counts, renames and deletes (ungrouping its services), all audited', async () => {
    const w = adminWorld(T0);
    const created = await w.call('POST', '/api/admin/groups', { name: ' Hosting ' });
    expect(created).toEqual({ status: 201, body: { id: 1, name: 'Hosting', position: 0, createdAt: T0_ISO, updatedAt: T0_ISO } });
    const second = await w.call('POST', '/api/admin/groups', { name: 'Mail', position: 9 });
    expect(second.body).toMatchObject({ id: 2, position: 9 });
    expect((await w.call('POST', '/api/admin/groups', { name: 'Network' })).body.position).toBe(10);
    const web = makeService(w.db, { slug: 'web', groupId: 1 });
    const old = makeService(w.db, { slug: 'old', groupId: 1, archivedAt: 1 });

    const list = await w.call('GET', '/api/admin/groups', undefined, 'viewer');
    expect(list).toEqual({
      status: 200,
      body: {
        groups: [
          { id: 1, name: 'Hosting', position: 0, createdAt: T0_ISO, updatedAt: T0_ISO, serviceCount: 1 },
          { id: 2, name: 'Mail', position: 9, createdAt: T0_ISO, updatedAt: T0_ISO, serviceCount: 0 },
          { id: 3, name: 'Network', position: 10, createdAt: T0_ISO, updatedAt: T0_ISO, serviceCount: 0 },
        ],
      },
    });

    const before = counts(w);
    const dup = await w.call('POST', '/api/admin/groups', { name: 'Mail' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('name_taken');
    expect((await w.call('PATCH', '/api/admin/groups/1', { name: 'Mail' })).body.error.code).toBe('name_taken');
    expect((await w.call('PATCH', '/api/admin/groups/1', {})).status).toBe(400);
    expect((await w.call('POST', '/api/admin/groups', { name: 'X', colour: 'red' })).status).toBe(400);
    expect((await w.call('PATCH', '/api/admin/groups/42', { name: 'Y' })).status).toBe(404);
    expect(counts(w)).toEqual(before);

    w.clock.now = T0 + 60_000;
    const renamed = await w.call('PATCH', '/api/admin/groups/1', { name: 'Web hosting', position: 3 });
    expect(renamed).toEqual({ status: 200, body: { id: 1, name: 'Web hosting', position: 3, createdAt: T0_ISO, updatedAt: '2026-11-02T10:01:00.000Z' } });
    const hosting = { id: 1, name: 'Web hosting', position: 3, createdAt: T0, updatedAt: T0 + 60_000, externalId: null };
    expect(w.db.select().from(serviceGroups).where(eq(serviceGroups.id, 1)).get()).toEqual(hosting);

    w.clock.now = T0 + 120_000;
    const webBefore = serviceRow(w, web)!;
    const oldBefore = serviceRow(w, old)!;
    const deleted = await w.call('DELETE', '/api/admin/groups/1');
    expect(deleted).toEqual({ status: 200, body: { deleted: 1, ungroupedServices: 2 } });
    expect(w.db.select().from(serviceGroups).all().map((g) => g.id)).toEqual([2, 3]);
    expect(serviceRow(w, web)).toEqual({ ...webBefore, groupId: null, updatedAt: T0 + 120_000 });
    expect(serviceRow(w, old)).toEqual({ ...oldBefore, groupId: null, updatedAt: T0 + 120_000 });
    expect(audits(w).map((a) => [a.action, a.entityId])).toEqual([
      ['group.create', 1],
      ['group.create', 2],
      ['group.create', 3],
      ['group.update', 1],
      ['service.update', web],
      ['service.update', old],
      ['group.delete', 1],
    ]);
    expect(audits(w).at(-1)).toMatchObject({ before: hosting, after: null, at: T0 + 120_000 });
    expect(audits(w).at(3)).toMatchObject({ before: { id: 1, name: 'Hosting', position: 0, createdAt: T0, updatedAt: T0 }, after: hosting });
    expect((await w.call('DELETE', '/api/admin/groups/1')).status).toBe(404);
  });
});

describe('roles', () => {
  it('refuses editors every service and group write (403, nothing written) and lets viewers read', async () => {
    const w = adminWorld(T0);
    makeGroup(w.db, 'Hosting');
    makeService(w.db, { slug: 'web', groupId: 1 });
    const before = counts(w);
    const writes: [string, string, unknown][] = [
      ['POST', '/api/admin/services', { name: 'New' }],
      ['PATCH', '/api/admin/services/1', { name: 'New' }],
      ['DELETE', '/api/admin/services/1', undefined],
      ['POST', '/api/admin/groups', { name: 'New' }],
      ['PATCH', '/api/admin/groups/1', { name: 'New' }],
      ['DELETE', '/api/admin/groups/1', undefined],
    ];
    for (const [method, path, body] of writes) {
      for (const role of ['editor', 'viewer']) {
        const res = await w.call(method, path, body, role);
        expect({ method, path, role, status: res.status, code: res.body.error.code }).toEqual({ method, path, role, status: 403, code: 'forbidden' });
      }
    }
    expect(counts(w)).toEqual(before);
    for (const path of ['/api/admin/services', '/api/admin/services?archived=true', '/api/admin/services/1', '/api/admin/services/web', '/api/admin/groups']) {
      expect({ path, status: (await w.call('GET', path, undefined, 'viewer')).status }).toEqual({ path, status: 200 });
    }
  });
});
