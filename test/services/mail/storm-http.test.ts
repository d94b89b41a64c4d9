// A 429/5xx storm against the real server process: the fake Resend answers at random (seeded) with
// 429 + retry-after 1, with 5xx, and with "lost" answers (emails accepted, the answer a 500 or a
// dropped connection). Every subscriber still gets exactly one email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { startFakeResend, type FakeResend } from '../../support/fake-resend.ts';
import { startServer, tempDbPath, type RunningServer } from '../../support/server.ts';

const TOKEN = 'storm-admin-token-0123456789abcdef';
const SUBSCRIBERS = 1500;
let fake: FakeResend;
let server: RunningServer;

async function admin(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/admin${p}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  fake = await startFakeResend({ apiKey: 're_test', seed: 20261124, rate429: 0.25, rate5xx: 0.2, rateLost: 0.15, retryAfterSeconds: 1, latencyMs: 5, requestsPerSecond: 50, keepBodies: false });
  const path = tempDbPath('storm');
  const db = createDb(path);
  const insert = db.$client.prepare(`INSERT INTO subscribers (email, locale, all_services, created_at, confirmed_at, updated_at) VALUES (?, 'en', 1, 0, 1, 0)`);
  db.$client.transaction(() => {
    for (let i = 0; i < SUBSCRIBERS; i++) insert.run(`storm${i}@example.test`);
  })();
  db.$client.close();
  server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN, RESEND_API_KEY: 're_test', RESEND_BASE_URL: fake.url, PUBLIC_URL: 'https://status.example.test' } });
});

afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe('a storm of 429s, 5xx and lost answers', () => {
  it('ends with every email delivered exactly once', { timeout: 120_000 }, async () => {
    expect((await admin('POST', '/services', { name: 'DNS', slug: 'dns' })).status).toBe(201);
    expect((await admin('POST', '/incidents', { title: 'DNS slow', severity: 'medium', message: 'Resolvers are slow.', services: [{ service: 'dns', impact: 'degraded_performance' }] })).status).toBe(201);

    const deadline = Date.now() + 100_000;
    let counts: any;
    for (;;) {
      counts = (await admin('GET', '/deliveries')).body.events?.[0];
      if (counts && counts.pending === 0 && counts.sent + counts.failed === SUBSCRIBERS) break;
      if (Date.now() > deadline) throw new Error(`storm did not settle: ${JSON.stringify(counts)}\n${server.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(counts).toMatchObject({ sent: SUBSCRIBERS, failed: 0, skipped: 0 });

    const statuses = fake.requests.map((r) => r.status);
    // The storm really happened: rate limits, server errors, and answers lost after acceptance.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(2);
    expect(statuses.filter((s) => s >= 500).length).toBeGreaterThan(2);
    expect(fake.requests.some((r) => r.replayed)).toBe(true);

    const perRecipient = fake.countsByRecipient();
    expect(perRecipient.size).toBe(SUBSCRIBERS);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(fake.emails).toHaveLength(SUBSCRIBERS);
  });
});
