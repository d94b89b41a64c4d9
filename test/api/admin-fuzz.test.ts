// Thousands of generated malformed requests at every admin route (and the public JSON): random JSON,
// wrong types for the real fields, huge strings, odd unicode, broken JSON, odd ids, missing or
// wrong auth. Not one may answer ≥ 500, every refusal has the error shape, and the data is unchanged.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminWorld, type AdminWorld } from '../support/admin.ts';
import { makeGroup, makeIncident, makeMaintenance, makeService } from '../support/factories.ts';
import { tableNames } from '../support/engine.ts';

interface Route {
  method: string;
  path: string;
  fields: string[];
}

let world: AdminWorld;
let routes: Route[];

// Every table's rows, except authentication's own bookkeeping: the key's last-use stamp, and the
// bad-key rate limit's counting.
function snapshot(): string {
  const sqlite = world.db.$client;
  const tables = tableNames(world.db).filter((t) => t !== 'rate_limit_hits');
  return JSON.stringify(tables.map((t) => [t, sqlite.prepare(`select * from "${t}"`).all().map((r: any) => (t === 'api_keys' ? { ...r, last_used_at: null } : r))]));
}

beforeAll(async () => {
  world = adminWorld(Date.parse('2026-11-20T12:00:00Z'));
  const now = world.clock.now;
  const g = makeGroup(world.db, 'Hosting');
  const s = makeService(world.db, { slug: 'web', groupId: g, startDate: now - 30 * 86_400_000 });
  makeIncident(world.db, { startedAt: now - 3_600_000, impacts: [{ serviceId: s, impact: 'partial_outage', start: now - 3_600_000, end: null }] });
  makeMaintenance(world.db, { serviceIds: [s], scheduledStart: now + 86_400_000, scheduledEnd: now + 90_000_000, announcedAt: now - 1000 });
  const doc = (await world.call('GET', '/api/admin/openapi.json', undefined, 'none')).body;
  routes = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const ref: string | undefined = op.requestBody?.content?.['application/json']?.schema?.$ref;
      const schema = ref ? doc.components.schemas[ref.split('/').pop()!] : op.requestBody?.content?.['application/json']?.schema;
      return { method: method.toUpperCase(), path, fields: Object.keys(schema?.properties ?? {}) };
    }),
  );
});

const weird = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\u0000', '\uD800', '‮evil', '𝕳𝖊𝖑𝖑𝖔', '<script>alert(1)</script>', "'; drop table incidents; --", '../../etc/passwd', '1e309', 'NaN', '-1', '2026-13-45T99:99:99Z'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, -1, 0, 1e309, Number.MAX_SAFE_INTEGER + 2, []),
  fc.jsonValue({ maxDepth: 3 }),
);

const BAD_IDS = ['0', '-1', 'abc', '1.5', '99999999999999999999', '%00', '%F0%9F%92%A9', 'null', '1e3', '999'];

function requestFor(route: Route) {
  // A route without a body (archive, revoke, publish) is only malformed through its id; a route with
  // a body gets the real record's id too, so validation of the body itself is reached.
  const ids = route.fields.length === 0 ? BAD_IDS : ['1', ...BAD_IDS];
  return fc.record({
    id: fc.constantFrom(...ids),
    auth: fc.constantFrom('admin', 'admin', 'admin', 'editor', 'none', 'bkn_forged'),
    body: fc.oneof(
      // Real field names with wrong or extreme values, plus one unknown field (strict bodies refuse it).
      fc.record({ values: fc.array(weird, { minLength: route.fields.length, maxLength: route.fields.length }), extra: weird }).map(({ values, extra }) =>
        JSON.stringify({ ...Object.fromEntries(route.fields.map((f, i) => [f, values[i]])), __unknown: extra }),
      ),
      fc.jsonValue({ maxDepth: 4 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((v) => JSON.stringify(v)),
      fc.constantFrom('{', '{"title":', '[1,2', 'null', '', '\u0000\u0001', '{"a":1}{"b":2}'),
      fc.constantFrom(300_000, 70_000).map((n) => JSON.stringify({ title: 'x'.repeat(n), message: '💥'.repeat(n / 4), __unknown: 1 })),
    ),
    contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''),
    query: fc.constantFrom('', '?status=bogus', '?limit=-5', '?limit=1e9', '?archived=maybe', '?days=%00'),
  });
}

describe('malformed requests', () => {
  it('never produce a 5xx, always use the error shape, and change nothing', async () => {
    const before = snapshot();
    let sent = 0;
    const statuses = new Map<number, number>();
    const perRoute = Math.ceil(2400 / routes.length);
    for (const route of routes) {
      const samples = fc.sample(requestFor(route), { numRuns: perRoute, seed: 20261124 });
      for (const s of samples) {
        const headers: Record<string, string> = {};
        if (s.contentType) headers['content-type'] = s.contentType;
        if (s.auth !== 'none') headers.authorization = `Bearer ${s.auth in world.keys ? world.keys[s.auth as 'admin'] : s.auth}`;
        const path = `/api/admin${route.path.replace(/\{[^}]+\}/g, s.id)}${s.query}`;
        const req = new Request(`http://localhost${path}`, { method: route.method, headers, body: route.method === 'GET' ? undefined : s.body });
        // Each request from its own address: this test is about malformed input, and the bad-key
        // limit (admin-auth-limit.test.ts) would otherwise turn every request after the tenth forged key into a 429.
        Reflect.set(req, Symbol.for('astro.clientAddress'), `10.${(sent >> 8) & 255}.${sent & 255}.1`);
        const res = await world.app.request(req);
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`${route.method} ${path} → ${res.status}: ${await res.text()}`);
        if (res.status >= 400) {
          const body = await res.json();
          expect(typeof body.error.code).toBe('string');
          expect(typeof body.error.message).toBe('string');
        } else {
          // Only reads may succeed: a 2xx on a write would mean a malformed body was accepted.
          expect({ method: route.method, path, status: res.status }).toMatchObject({ method: 'GET' });
        }
      }
    }
    expect(sent).toBeGreaterThanOrEqual(2000);
    expect(snapshot()).toBe(before);
    // Refusals of every kind were exercised, not just one.
    for (const code of [400, 401, 404, 413]) expect(statuses.get(code) ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
