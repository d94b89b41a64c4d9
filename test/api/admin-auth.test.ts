// Every admin route, enumerated from the app's own route table, refuses no key, a bad key and a
// revoked key (401), and refuses roles weaker than the one it declares (403) — writing nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.ts';
import { BAD_KEY_LIMIT } from '../../src/api/admin/auth.ts';
import { createApiKey, revokeApiKey, type Role } from '../../src/services/kernel/api-keys.ts';
import { adminWorld, type AdminWorld } from '../support/admin.ts';

const ROLES: Role[] = ['viewer', 'editor', 'admin'];
const PUBLIC = new Set(['GET /api/admin/openapi.json', 'GET /api/admin/docs']);

interface RouteEntry {
  method: string;
  path: string;
  role: Role;
}

let world: AdminWorld;
let routes: RouteEntry[];
let revoked: string;

beforeAll(async () => {
  world = adminWorld();
  const made = createApiKey(world.db, { name: 'old', role: 'admin', now: world.clock.now });
  revokeApiKey(world.db, made.key.id, world.clock.now);
  revoked = made.token;
  const doc = (await world.call('GET', '/api/admin/openapi.json', undefined, 'none')).body;
  routes = Object.entries(doc.paths as Record<string, Record<string, { 'x-baken-role': Role }>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path: `/api/admin${path.replace(/\{[^}]+\}/g, '1')}`, role: op['x-baken-role'] })),
  );
});

function auditCount(): number {
  return world.db.select().from(auditLog).all().length;
}

describe('admin route table', () => {
  it('documents every route the app serves, each with a role', () => {
    const served = world.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/admin'))
      .map((r) => `${r.method} ${r.path.replace(/:[^/]+/g, '1')}`);
    const documented = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(served.filter((r) => !PUBLIC.has(r)))).toEqual(new Set(documented));
    for (const r of routes) expect(ROLES).toContain(r.role);
    // The resources the issue names are all there.
    for (const path of ['/api/admin/keys', '/api/admin/audit']) expect(documented).toContain(`GET ${path}`);
  });

  it('answers 401 to no key, a malformed header, an unknown key and a revoked key on every route', async () => {
    const before = auditCount();
    for (const r of routes) {
      for (const token of ['none', 'bkn_not-a-real-key', revoked]) {
        const res = await world.call(r.method, r.path, r.method === 'GET' || r.method === 'DELETE' ? undefined : {}, token);
        expect({ route: `${r.method} ${r.path}`, token: token.slice(0, 8), status: res.status }).toEqual({ route: `${r.method} ${r.path}`, token: token.slice(0, 8), status: 401 });
        expect(res.body.error.code).toBe('unauthorized');
      }
      const basic = await world.app.request(r.path, { method: r.method, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
      expect(basic.status).toBe(401);
      // Three bad keys per route: let the bad-key window pass so the next route starts with a clean slate.
      world.clock.now += BAD_KEY_LIMIT.windowMs;
    }
    expect(auditCount()).toBe(before);
  });

  it('answers 403 to every role weaker than the route needs, before reading the body', async () => {
    const before = auditCount();
    let checked = 0;
    for (const r of routes) {
      for (const role of ROLES.slice(0, ROLES.indexOf(r.role))) {
        const res = await world.call(r.method, r.path, r.method === 'GET' || r.method === 'DELETE' ? undefined : {}, role);
        expect({ route: `${r.method} ${r.path}`, role, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, role, status: 403 });
        expect(res.body.error.code).toBe('forbidden');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(auditCount()).toBe(before);
  });

  it('lets the declared role and stronger ones through the guard', async () => {
    // A world where record 1 of each kind exists, so every read answers 200: a 404 here could not
    // tell a guarded route from a missing one.
    const w = adminWorld();
    expect((await w.call('POST', '/api/admin/services', { name: 'Web', slug: 'web', group: 'Hosting' })).status).toBe(201);
    expect((await w.call('POST', '/api/admin/incidents', { title: 'Down', severity: 'low', message: 'Looking.', services: [{ service: 'web', impact: 'major_outage' }] })).status).toBe(201);
    const start = new Date(w.clock.now + 72 * 3_600_000).toISOString();
    const end = new Date(w.clock.now + 74 * 3_600_000).toISOString();
    expect((await w.call('POST', '/api/admin/maintenances', { title: 'Upgrade', message: 'Short.', services: ['web'], scheduledStart: start, scheduledEnd: end })).status).toBe(201);
    expect((await w.call('POST', '/api/admin/webhooks', { name: 'Hook', url: 'https://hooks.example.com/baken' })).status).toBe(201);
    const gets = routes.filter((x) => x.method === 'GET');
    expect(gets.map((r) => r.path).sort()).toEqual(['/api/admin/audit', '/api/admin/cache', '/api/admin/deliveries', '/api/admin/groups', '/api/admin/incidents', '/api/admin/incidents/1', '/api/admin/keys', '/api/admin/mailbox', '/api/admin/maintenances', '/api/admin/maintenances/1', '/api/admin/services', '/api/admin/services/1', '/api/admin/webhooks', '/api/admin/webhooks/1', '/api/admin/webhooks/1/deliveries']);
    for (const r of gets) {
      for (const role of ROLES.slice(ROLES.indexOf(r.role))) {
        const res = await w.call(r.method, r.path, undefined, role);
        expect({ route: r.path, role, status: res.status }).toEqual({ route: r.path, role, status: 200 });
      }
    }
  });

  it('serves the OpenAPI document and the reference page without a key', async () => {
    const doc = await world.app.request('/api/admin/openapi.json');
    expect(doc.status).toBe(200);
    expect((await doc.json()).openapi).toBe('3.1.0');
    const page = await world.app.request('/api/admin/docs');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<code>/keys</code>');
  });
});
