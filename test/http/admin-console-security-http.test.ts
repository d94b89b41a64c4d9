// The staff console's defences, over real HTTP against the real built server. Every page and form
// in the route table (src/console/routes.ts) is tried with no session, an idle-expired and an
// absolutely-expired session, and a role one step too weak: each is refused and nothing is written.
// Then: cross-site and token-less posts are refused, every answer is no-store, passwords are never
// stored or logged in clear, and 20 wrong passwords in a row are refused.
import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/cli/common.ts';
import { toLocalInput } from '../../src/console/local-time.ts';
import { CONSOLE_ROUTES, type Access } from '../../src/console/routes.ts';
import { createService } from '../../src/services/catalog/admin.ts';
import { createIncident } from '../../src/services/incidents/commands.ts';
import { createTemplate } from '../../src/services/incidents/templates.ts';
import type { Role } from '../../src/services/kernel/api-keys.ts';
import { createMaintenance } from '../../src/services/maintenance/commands.ts';
import { SESSION_IDLE_MS } from '../../src/services/staff/sessions.ts';
import { consoleWorld, PASSWORDS, send, sessionFor, signInOverHttp, type ConsoleWorld } from '../support/console.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';
import { ON_PG, tableNames } from '../support/engine.ts';

const DAY = 86_400_000;
const TZ = 'Europe/Amsterdam';
let server: RunningServer;
let w: ConsoleWorld;
let dbPath: string;
const ids: Record<string, number> = {};

/** Every table a console form can write, and the audit log every write goes through. */
function fingerprint() {
  const db = w.ctx.db.$client;
  const counts = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM audit_log) AS audit, (SELECT COUNT(*) FROM incidents) AS incidents, (SELECT COUNT(*) FROM incident_updates) AS updates,
              (SELECT COUNT(*) FROM incident_reports) AS reports, (SELECT COUNT(*) FROM maintenances) AS maintenances, (SELECT COUNT(*) FROM maintenance_updates) AS mupdates,
              (SELECT COUNT(*) FROM incident_templates) AS templates, (SELECT COUNT(*) FROM services) AS services, (SELECT COUNT(*) FROM service_groups) AS "groups",
              (SELECT COUNT(*) FROM api_keys) AS keys, (SELECT COUNT(*) FROM subscribers WHERE unsubscribed_at IS NOT NULL) AS removed`,
    )
    .get() as { audit: number } & Record<string, number>;
  const state = (table: string) => (db.prepare(`SELECT title || status FROM ${table} ORDER BY id`).pluck().all() as string[]).join('|');
  return { ...counts, incidentState: state('incidents'), maintenanceState: state('maintenances') };
}

const pathOf = (example: string) => example.replace(/:(\w+)/g, (_, name: string) => String(ids[name]));

/** A body that would succeed for the right role: refusal must not be an accident of bad input. */
function validForm(example: string): Record<string, string | string[]> {
  const svc = String(ids.service);
  const soon = (days: number) => toLocalInput(Date.now() + days * DAY, TZ);
  const forms: Record<string, Record<string, string | string[]>> = {
    '/sign-out': {},
    '/preview': { markdown: '**bold**' },
    '/incidents/new': { intent: 'save', title: 'Refused incident', severity: 'high', status: 'investigating', message: 'Should not be posted.', [`impact-${svc}`]: 'major_outage', notify: 'on' },
    '/incidents/:incident': { intent: 'update', status: 'identified', message: 'Should not be posted.', [`impact-${svc}`]: 'partial_outage', notify: 'on' },
    '/incidents/:incident/edit': { title: 'Refused title', severity: 'low', startedAt: '', cause: '', reason: '' },
    '/incidents/:incident/report': { intent: 'save', body: 'Should not be saved.' },
    '/templates/new': { intent: 'save', name: 'Refused', title: 'T', severity: 'low', message: 'M', [`impact-${svc}`]: 'degraded_performance' },
    '/templates/:template': { intent: 'delete' },
    '/maintenance/new': { intent: 'save', title: 'Refused window', message: 'M', services: svc, start: soon(5), end: soon(6), autoTransition: 'on', acceptShortNotice: 'on' },
    '/maintenance/:maintenance': { status: 'cancelled', message: 'Should not cancel.' },
    '/maintenance/:maintenance/edit': { intent: 'save', title: 'Refused change', message: 'M', services: svc, start: soon(3), end: soon(4), autoTransition: 'on' },
    '/services': { name: 'Refused service', slaCovered: 'on' },
    '/services/:service': { intent: 'save', name: 'Webmail (EU)', slug: 'webmail', description: '', group: '', position: '0', slaCovered: 'on', startDate: toLocalInput(ids.serviceStart!, TZ) },
    '/groups': { intent: 'create', name: 'Refused group' },
    '/keys': { intent: 'create', name: 'Refused key', role: 'admin' },
    '/subscribers': { id: String(ids.subscriber) },
    '/webhooks': { intent: 'create', name: 'Refused hook', url: 'https://hooks.example.com/refused', preset: 'statuspage' },
  };
  return forms[example] ?? {};
}

const WEAKER: Record<Role, Role | undefined> = { viewer: undefined, editor: 'viewer', admin: 'editor' };
const guarded = (access: Access): access is Role => access === 'viewer' || access === 'editor' || access === 'admin';

beforeAll(async () => {
  dbPath = tempDbPath('console-security');
  w = await consoleWorld(dbPath);
  const now = Date.now();
  const service = createService(w.ctx, CLI_ACTOR, { name: 'Webmail', slug: 'webmail', startDate: new Date(now - 30 * DAY).toISOString() });
  ids.service = service.id;
  ids.serviceStart = service.startDate;
  ids.incident = createIncident(w.ctx, CLI_ACTOR, { title: 'Webmail slow', severity: 'medium', message: 'Looking.', services: [{ service: 'webmail', impact: 'degraded_performance' }] }).id;
  ids.maintenance = createMaintenance(w.ctx, CLI_ACTOR, { title: 'Upgrade', message: 'Short breaks.', services: ['webmail'], scheduledStart: new Date(now + 3 * DAY).toISOString(), scheduledEnd: new Date(now + 3 * DAY + 3_600_000).toISOString() }).id;
  ids.template = createTemplate(w.ctx, CLI_ACTOR, { name: 'Mail delays', title: 'Email delayed', severity: 'medium', message: 'Slow.', services: [{ service: 'webmail', impact: 'degraded_performance' }] }).id;
  ids.subscriber = Number(
    w.ctx.db.$client.prepare(`INSERT INTO subscribers (email, locale, all_services, created_at, confirmed_at, updated_at) VALUES ('reader@example.org', 'en', 1, ?, ?, ?)`).run(now, now, now).lastInsertRowid,
  );
  server = await startServer({ databasePath: dbPath });
});
afterAll(async () => {
  await server?.stop();
  w?.ctx.db.$client.close();
});

describe('the route table', () => {
  it('covers sign-in, the dashboard and every section, each page guarded', () => {
    expect(CONSOLE_ROUTES.length).toBe(24);
    for (const r of CONSOLE_ROUTES) expect(r.get !== null || r.post !== null).toBe(true);
    expect(CONSOLE_ROUTES.filter((r) => r.get === 'anyone' || r.post === 'anyone').map((r) => r.example)).toEqual(['/sign-in']);
  });
});

describe('every console page and form refuses', () => {
  for (const route of CONSOLE_ROUTES) {
    for (const method of ['GET', 'POST'] as const) {
      const access = method === 'GET' ? route.get : route.post;
      if (!guarded(access)) continue;
      it(`${method} ${route.example || '/'} (${access}): no session, expired sessions, a weaker role`, async () => {
        const url = `${server.url}/en/admin${pathOf(route.example)}`;
        const before = fingerprint();

        const none = await send(url, method, { form: { _csrf: 'x', ...validForm(route.example) } });
        expect(none.status).toBe(303);
        expect(none.location).toMatch(/^\/en\/admin\/sign-in(\?|$)/);
        if (method === 'GET') expect(none.location).toBe(`/en/admin/sign-in?next=${encodeURIComponent(`/en/admin${pathOf(route.example)}`)}`);

        for (const expiry of ['idle', 'absolute'] as const) {
          const s = sessionFor(w, 'admin');
          const past = Date.now() - SESSION_IDLE_MS - 1000;
          w.ctx.db.$client.prepare(expiry === 'idle' ? 'UPDATE staff_sessions SET last_seen_at = ? WHERE id = ?' : 'UPDATE staff_sessions SET expires_at = ? WHERE id = ?').run(expiry === 'idle' ? past : Date.now() - 1, s.id);
          const expired = await send(url, method, { cookie: s.cookie, form: { _csrf: s.csrf, ...validForm(route.example) } });
          expect({ expiry, status: expired.status, location: expired.location?.split('&')[0] }).toEqual({ expiry, status: 303, location: '/en/admin/sign-in?expired=1' });
          // The stale cookie is cleared, and the session row is gone.
          expect(expired.headers.getSetCookie().some((c) => c.startsWith('baken_session=;') || /^baken_session=[^;]*;.*Max-Age=0/.test(c) || /^baken_session=.*Expires=Thu, 01 Jan 1970/.test(c))).toBe(true);
          expect(w.ctx.db.$client.prepare('SELECT COUNT(*) n FROM staff_sessions WHERE id = ?').get(s.id)).toEqual({ n: 0 });
        }

        const weaker = WEAKER[access];
        if (weaker) {
          const s = sessionFor(w, weaker);
          const refused = await send(url, method, { cookie: s.cookie, form: { _csrf: s.csrf, ...validForm(route.example) } });
          expect(refused.status).toBe(403);
          expect(refused.body).toContain(`This needs the ${access} role; your account has the ${weaker} role.`);
        }
        expect(fingerprint()).toEqual(before);
        expect(none.headers.get('cache-control')).toBe('no-store');
      });
    }
  }
});

describe('with the right role', () => {
  it('every page answers 200 with Cache-Control: no-store, and shows forms only to roles that may use them', async () => {
    for (const route of CONSOLE_ROUTES) {
      if (!guarded(route.get)) continue;
      const s = sessionFor(w, route.get);
      const page = await send(`${server.url}/nl/admin${pathOf(route.example)}`, 'GET', { cookie: s.cookie });
      expect({ path: route.example, status: page.status }).toEqual({ path: route.example, status: 200 });
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.body).toContain('<html lang="nl"');
      // A viewer is never offered a form that writes (only sign-out and GET filters).
      if (route.get === 'viewer') {
        const writes = [...page.body.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]);
        expect({ path: route.example, writes }).toEqual({ path: route.example, writes: ['/nl/admin/sign-out'] });
      }
    }
  });

  it('every form works for its role and writes through the audited path', async () => {
    const order = ['/preview', '/incidents/:incident/report', '/incidents/:incident', '/incidents/:incident/edit', '/incidents/new', '/templates/new', '/templates/:template', '/maintenance/new', '/maintenance/:maintenance/edit', '/maintenance/:maintenance', '/services', '/groups', '/keys', '/webhooks', '/subscribers', '/services/:service', '/sign-out'];
    const posts = CONSOLE_ROUTES.filter((r) => guarded(r.post)).map((r) => r.example);
    expect([...order].sort()).toEqual([...posts].sort());
    for (const example of order) {
      const route = CONSOLE_ROUTES.find((r) => r.example === example)!;
      const s = sessionFor(w, route.post as Role);
      const auditBefore = (fingerprint() as { audit: number }).audit;
      const res = await send(`${server.url}/en/admin${pathOf(example)}`, 'POST', { cookie: s.cookie, form: { _csrf: s.csrf, ...validForm(example) } });
      if (example === '/preview') {
        expect(res.status).toBe(200);
        expect(res.body).toBe('<p><strong>bold</strong></p>\n');
        continue;
      }
      expect({ example, status: res.status }).toEqual({ example, status: example === '/keys' || example === '/webhooks' ? 201 : 303 });
      expect({ example, written: (fingerprint() as { audit: number }).audit - auditBefore }).toEqual({ example, written: 1 });
      const entry = w.ctx.db.$client.prepare('SELECT actor_name, actor_key_id FROM audit_log ORDER BY id DESC LIMIT 1').get();
      expect(entry).toEqual({ actor_name: `${route.post}@example.com`, actor_key_id: null });
    }
  });
});

describe('cross-site requests and CSRF', () => {
  it('refuses a form posted from another origin, without Origin, or without the session token; accepts the same post done right', async () => {
    const s = sessionFor(w, 'editor');
    const url = `${server.url}/en/admin/incidents/new`;
    const form = { ...validForm('/incidents/new'), title: 'Cross-site test' };
    const before = fingerprint();
    const foreign = await send(url, 'POST', { cookie: s.cookie, origin: 'https://evil.example', form: { _csrf: s.csrf, ...form } });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain('Forms of the console are only accepted from this site.');
    expect((await send(url, 'POST', { cookie: s.cookie, origin: null, form: { _csrf: s.csrf, ...form } })).status).toBe(403);
    expect((await send(url, 'POST', { cookie: s.cookie, form })).status).toBe(403);
    expect((await send(url, 'POST', { cookie: s.cookie, form: { _csrf: sessionFor(w, 'editor').csrf, ...form } })).status).toBe(403);
    expect(fingerprint()).toEqual(before);
    const ok = await send(url, 'POST', { cookie: s.cookie, form: { _csrf: s.csrf, ...form } });
    expect(ok.status).toBe(303);
    expect(ok.location).toMatch(/^\/en\/admin\/incidents\/\d+$/);
  });

  it('refuses a sign-in form posted without its cookie token or from another origin', async () => {
    const page = await send(`${server.url}/en/admin/sign-in`, 'GET');
    const token = page.headers.getSetCookie().find((c) => c.startsWith('baken_sign_in='))!.split(';')[0]!.split('=')[1]!;
    const creds = { email: 'admin@example.com', password: PASSWORDS.admin };
    expect((await send(`${server.url}/en/admin/sign-in`, 'POST', { form: { _csrf: token, ...creds } })).status).toBe(403);
    expect((await send(`${server.url}/en/admin/sign-in`, 'POST', { cookie: `baken_sign_in=${token}`, origin: 'https://evil.example', form: { _csrf: token, ...creds } })).status).toBe(403);
  });

  it('refuses a body over 256 KiB with 413', async () => {
    const s = sessionFor(w, 'editor');
    const res = await send(`${server.url}/en/admin/preview`, 'POST', { cookie: s.cookie, form: { _csrf: s.csrf, markdown: 'x'.repeat(300_000) } });
    expect(res.status).toBe(413);
  });
});

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie for the whole site, stores only its hash, and signs out for good', async () => {
    const { answer, cookie } = await signInOverHttp(server.url, 'Editor@Example.com', PASSWORDS.editor);
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/en/admin');
    const line = answer.headers.getSetCookie().find((c) => c.startsWith('baken_session='))!;
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; SameSite=Strict/i);
    expect(line).toMatch(/; Path=\//);
    expect(line).not.toMatch(/Secure/i);
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = w.ctx.db.$client.prepare('SELECT token_hash FROM staff_sessions').all() as { token_hash: string }[];
    expect(stored.some((r) => r.token_hash === cookie)).toBe(false);
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);

    const dash = await send(`${server.url}/en/admin`, 'GET', { cookie: `baken_session=${cookie}` });
    expect(dash.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(dash.body)![1]!;
    const out = await send(`${server.url}/en/admin/sign-out`, 'POST', { cookie: `baken_session=${cookie}`, form: { _csrf: csrf } });
    expect(out.status).toBe(303);
    expect(out.location).toBe('/en/admin/sign-in?signed_out=1');
    expect((await send(`${server.url}/en/admin`, 'GET', { cookie: `baken_session=${cookie}` })).status).toBe(303);
  });

  it('goes back to the page asked for, never to another site', async () => {
    const page = await send(`${server.url}/en/admin/sign-in?next=${encodeURIComponent('/en/admin/maintenance')}`, 'GET');
    const token = page.headers.getSetCookie().find((c) => c.startsWith('baken_sign_in='))!.split(';')[0]!.split('=')[1]!;
    for (const [next, to] of [['/en/admin/maintenance', '/en/admin/maintenance'], ['//evil.example/en/admin', '/en/admin'], ['https://evil.example/', '/en/admin']] as const) {
      const res = await send(`${server.url}/en/admin/sign-in?next=${encodeURIComponent(next)}`, 'POST', { cookie: `baken_sign_in=${token}`, form: { _csrf: token, email: 'viewer@example.com', password: PASSWORDS.viewer } });
      expect({ next, location: res.location }).toEqual({ next, location: to });
    }
  });
});

describe('passwords', () => {
  it('are stored as argon2id hashes only, and never appear in the database file, its WAL, the audit log or the server output', () => {
    const rows = w.ctx.db.$client.prepare('SELECT email, password_hash FROM staff_users ORDER BY id').all() as { email: string; password_hash: string }[];
    expect(rows.map((r) => r.email)).toEqual(['viewer@example.com', 'editor@example.com', 'admin@example.com']);
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    // PostgreSQL keeps no file of ours to read: every row of every table stands for it there.
    if (!ON_PG) w.ctx.db.$client.pragma('wal_checkpoint(PASSIVE)');
    const bytes = ON_PG ? Buffer.from(JSON.stringify(tableNames(w.ctx.db).map((t) => w.ctx.db.$client.prepare(`SELECT * FROM ${t}`).all()))) : Buffer.concat([dbPath, `${dbPath}-wal`].filter(existsSync).map((p) => readFileSync(p)));
    const audit = JSON.stringify(w.ctx.db.$client.prepare('SELECT * FROM audit_log').all());
    for (const password of Object.values(PASSWORDS)) {
      expect(bytes.includes(Buffer.from(password))).toBe(false);
      expect(server.output()).not.toContain(password);
      expect(audit).not.toContain(password);
    }
    expect(audit).not.toContain('$argon2id$');
  });
});

describe('guessing passwords', () => {
  let limited: RunningServer;
  beforeAll(async () => {
    // The windows are kept in the database, shared by every server on it: this block starts empty.
    w.ctx.db.$client.prepare('DELETE FROM rate_limit_hits').run();
    limited = await startServer({ databasePath: dbPath });
  });
  afterAll(() => limited?.stop());

  it('refuses an account after 5 wrong passwords (even the right one), answers unknown and wrong alike, and stops the address at 20 attempts', async () => {
    const statuses: number[] = [];
    let first = '';
    for (let i = 0; i < 5; i++) {
      const { answer } = await signInOverHttp(limited.url, 'admin@example.com', `wrong password number ${i}`);
      statuses.push(answer.status);
      if (i === 0) first = answer.body;
    }
    const unknown = await signInOverHttp(limited.url, 'nobody@example.com', 'wrong password number 0');
    const strip = (html: string, email: string) => html.replace(new RegExp(`value="${email.replace('.', '\\.')}"`, 'g'), 'value=""').replace(/name="_csrf" value="[^"]+"/g, '');
    expect(unknown.answer.status).toBe(401);
    expect(strip(unknown.answer.body, 'nobody@example.com')).toBe(strip(first, 'admin@example.com'));
    expect(first).toContain('The email address or the password is not right.');

    // The account is locked for its window: the right password is refused too, and says when to retry.
    const right = await signInOverHttp(limited.url, 'admin@example.com', PASSWORDS.admin);
    expect(right.answer.status).toBe(429);
    expect(Number(right.answer.headers.get('retry-after'))).toBeGreaterThan(850);
    expect(Number(right.answer.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(right.cookie).toBeUndefined();
    // Another account from the same address still signs in…
    const other = await signInOverHttp(limited.url, 'viewer@example.com', PASSWORDS.viewer);
    expect(other.answer.status).toBe(303);
    // …until the address has made 20 attempts: 8 so far, 12 more wrong ones, then everything is refused.
    for (let i = 0; i < 12; i++) statuses.push((await signInOverHttp(limited.url, `someone${i}@example.com`, 'guess')).answer.status);
    const after = await signInOverHttp(limited.url, 'editor@example.com', PASSWORDS.editor);
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(12).fill(401)]);
    expect(after.answer.status).toBe(429);
    expect(after.answer.body).toContain('Too many attempts. Try again in 15 minutes.');
  });
});

describe('behind https', () => {
  let secure: RunningServer;
  beforeAll(async () => {
    w.ctx.db.$client.prepare('DELETE FROM rate_limit_hits').run();
    secure = await startServer({ databasePath: dbPath, env: { PUBLIC_URL: 'https://status.example' } });
  });
  afterAll(() => secure?.stop());

  it('names the cookies __Host- and marks them Secure', async () => {
    const page = await send(`${secure.url}/en/admin/sign-in`, 'GET');
    const line = page.headers.getSetCookie().find((c) => c.startsWith('__Host-baken_sign_in='))!;
    expect(line).toMatch(/; Secure/);
    expect(line).toMatch(/; Path=\//);
    expect(line).not.toMatch(/Domain=/i);
    const token = line.split(';')[0]!.split('=')[1]!;
    // (The test talks plain HTTP to the server, so the browser's Origin is the server's own.)
    const res = await send(`${secure.url}/en/admin/sign-in`, 'POST', { cookie: `__Host-baken_sign_in=${token}`, form: { _csrf: token, email: 'viewer@example.com', password: PASSWORDS.viewer } });
    expect(res.status).toBe(303);
    const session = res.headers.getSetCookie().find((c) => c.startsWith('__Host-baken_session='))!;
    expect(session.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Max-Age=43200', 'Path=/', 'SameSite=Strict', 'Secure']);
  });
});
