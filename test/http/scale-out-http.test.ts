// Scale-out: two Baken processes (the real built server) on one PostgreSQL database, as behind a
// load balancer. A write through one is on the other's cached page within a second (LISTEN/NOTIFY);
// both outbox workers fan one announcement out to 10,000 subscribers and every address gets
// exactly one email; SIGKILL one instance mid-fan-out and the other finishes, nothing lost, nothing
// twice. CI (.ci/run) starts the PostgreSQL; without BAKEN_TEST_PG_URL (and outside CI) it is skipped.
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { freshPgDatabaseUrl } from '../support/engine.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { seedWebmailSubscribers } from '../support/fanout-server.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const PG_URL = process.env.BAKEN_TEST_PG_URL;
const TOKEN = 'scale-out-admin-token-0123456789';
const SUBSCRIBERS = 10_000;

async function admin(server: RunningServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/admin${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function waitFor(what: string, probe: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const running: RunningServer[] = [];
let fake: FakeResend | undefined;
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  await fake?.close();
  fake = undefined;
});

/** Instance `name` on the database at `url`, sending through the fake with its own API key. */
async function instance(url: string, name: string): Promise<RunningServer> {
  const server = await startServer({
    databasePath: tempDbPath(name),
    env: { DATABASE_URL: url, ADMIN_TOKEN: TOKEN, RESEND_API_KEY: `re_${name}`, RESEND_BASE_URL: fake!.url, OUTBOX_CLAIM_MS: '2000', PUBLIC_URL: 'https://status.example.test' },
  });
  running.push(server);
  return server;
}

const incident = { title: 'Webmail unreachable', severity: 'high', message: 'We are looking into it.', services: [{ service: 'webmail', impact: 'major_outage' }], notify: true };

describe.skipIf(!PG_URL && !process.env.CI)('two instances on one PostgreSQL', () => {
  it('show a write made through one on the other’s cached page within 1 s', async () => {
    fake = await startFakeResend();
    const url = freshPgDatabaseUrl('baken_scale');
    seedWebmailSubscribers(url, 0);
    const [a, b] = await Promise.all([instance(url, 'a'), instance(url, 'b')]);
    const page = () => fetch(`${b.url}/en/`).then(async (r) => ({ cache: r.headers.get('x-cache'), body: await r.text() }));
    await page();
    const cached = await page();
    expect(cached.cache).toBe('HIT');
    expect(cached.body).not.toContain('Webmail unreachable');

    const posted = await admin(a, 'POST', '/incidents', { ...incident, notify: false });
    expect(posted.status).toBe(201);
    const t0 = performance.now();
    await waitFor('the incident on the other instance', async () => (await page()).body.includes('Webmail unreachable'), 5000);
    expect(performance.now() - t0).toBeLessThan(1000);
  }, 60_000);

  it('fan one announcement out to 10,000 subscribers with both workers: each address gets exactly one email, and both send', async () => {
    // The provider's limit is shared by both senders (one account), as Resend's is.
    fake = await startFakeResend({ requestsPerSecond: 20, latencyMs: 20, keepBodies: false });
    const url = freshPgDatabaseUrl('baken_scale');
    seedWebmailSubscribers(url, SUBSCRIBERS);
    const [a] = await Promise.all([instance(url, 'a'), instance(url, 'b')]);
    expect((await admin(a, 'POST', '/incidents', incident)).status).toBe(201);
    await waitFor(`${SUBSCRIBERS} emails`, () => fake!.emails.length >= SUBSCRIBERS, 90_000);
    // Anything still on the wire would show as a second email: give it a moment.
    await new Promise((r) => setTimeout(r, 500));
    const counts = fake.countsByRecipient();
    expect(counts.size).toBe(SUBSCRIBERS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const accepted = fake.requests.filter((r) => r.status === 200 && !r.replayed);
    const bySender = (key: string) => accepted.filter((r) => r.apiKey === key).reduce((n, r) => n + r.emails, 0);
    expect(bySender('re_a') + bySender('re_b')).toBe(SUBSCRIBERS);
    expect(bySender('re_a')).toBeGreaterThan(0);
    expect(bySender('re_b')).toBeGreaterThan(0);
    // No batch was sent twice, not even as a replay: the claims kept the workers apart.
    expect(fake.requests.filter((r) => r.replayed)).toEqual([]);
  }, 150_000);

  it('lose nothing when one instance is killed mid-fan-out: the other finishes, and no address gets two', async () => {
    fake = await startFakeResend({ requestsPerSecond: 20, latencyMs: 20, keepBodies: false });
    const url = freshPgDatabaseUrl('baken_scale');
    seedWebmailSubscribers(url, SUBSCRIBERS);
    const [a, b] = await Promise.all([instance(url, 'a'), instance(url, 'b')]);
    expect((await admin(b, 'POST', '/incidents', incident)).status).toBe(201);
    await waitFor('a third of the emails', () => fake!.emails.length >= SUBSCRIBERS / 3, 60_000);
    a.process.kill('SIGKILL');
    const killedAt = Date.now();
    const atKill = fake.emails.length;
    await waitFor(`${SUBSCRIBERS} emails after the kill`, () => fake!.emails.length >= SUBSCRIBERS, 120_000);
    await new Promise((r) => setTimeout(r, 500));
    const counts = fake.countsByRecipient();
    expect(counts.size).toBe(SUBSCRIBERS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(atKill).toBeLessThan(SUBSCRIBERS);
    // The rest came from b, including any batch a had claimed (b took it over once the claim ran
    // out, under the same key: a replay if a's request had reached the provider).
    const accepted = fake.requests.filter((r) => r.status === 200 && !r.replayed);
    expect(accepted.reduce((n, r) => n + r.emails, 0)).toBe(SUBSCRIBERS);
    expect(accepted.filter((r) => r.at > killedAt + 1000).every((r) => r.apiKey === 're_b')).toBe(true);
    const state = createDb(url);
    try {
      expect(state.$client.prepare(`SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state`).all()).toEqual([{ state: 'sent', n: SUBSCRIBERS }]);
    } finally {
      state.$client.close();
    }
  }, 200_000);
});
