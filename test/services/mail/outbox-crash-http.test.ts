// The crash test: the real server process fans one incident out to 5,000 subscribers through the
// real Resend SDK against the fake Resend, is killed with SIGKILL while a batch is on the wire
// (accepted by "Resend", answer not yet received), restarts on the same database, and every
// subscriber ends up with exactly one email — counted at the fake server by recipient.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeResend } from '../../support/fake-resend.ts';
import { startFanoutServer } from '../../support/fanout-server.ts';
import { startServer, type RunningServer } from '../../support/server.ts';

const TOKEN = 'crash-admin-token-0123456789abcdef';
const SUBSCRIBERS = 5000;
let fake: FakeResend;
let server: RunningServer | undefined;
let path: string;
let env: Record<string, string>;

async function admin(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server!.url}/api/admin${p}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function waitFor(what: string, probe: () => boolean | Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  ({ fake, server, path, env } = await startFanoutServer({ name: 'crash', subscribers: SUBSCRIBERS, adminToken: TOKEN }));
});

afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe('a SIGKILL in the middle of a fan-out', () => {
  it('loses nothing and sends nothing twice', { timeout: 120_000 }, async () => {
    expect((await admin('POST', '/services', { name: 'Webmail', slug: 'webmail' })).status).toBe(201);
    const incident = await admin('POST', '/incidents', { title: 'Webmail unreachable', severity: 'critical', message: 'We are investigating.', services: [{ service: 'webmail', impact: 'major_outage' }] });
    expect(incident.status).toBe(201);

    // Some but not all sent, and a batch accepted by the fake whose answer the server has not had.
    await waitFor('a batch on the wire after 1,000 emails', () => fake.emails.length >= 1000 && fake.unanswered() > 0);
    const killed = server!.process;
    const exited = new Promise((resolve) => killed.once('exit', resolve));
    killed.kill('SIGKILL');
    await exited;
    const atKill = fake.emails.length;
    expect(atKill).toBeGreaterThanOrEqual(1000);
    expect(atKill).toBeLessThan(SUBSCRIBERS);

    server = await startServer({ databasePath: path, env });
    let last: unknown;
    await waitFor('every delivery sent', async () => {
      const d = await admin('GET', '/deliveries');
      const e = (last = d.body.events?.[0]);
      return e !== undefined && e.pending === 0 && e.sent + e.failed === SUBSCRIBERS;
    }).catch((err) => {
      throw new Error(`${err.message}: ${JSON.stringify(last)}\n${server!.output().slice(-2000)}`);
    });

    const counts = fake.countsByRecipient();
    expect(counts.size).toBe(SUBSCRIBERS);
    for (let i = 0; i < SUBSCRIBERS; i++) expect(counts.get(`customer${i}@example.test`), `customer${i}`).toBe(1);
    expect(fake.emails).toHaveLength(SUBSCRIBERS);
    expect(fake.emails.every((e) => e.subject === '[Sensey] Incident: Webmail unreachable' || e.subject === '[Sensey] Storing: Webmail unreachable')).toBe(true);
    // The batch on the wire at the kill was sent again after the restart and answered from the key.
    expect(fake.requests.some((r) => r.replayed)).toBe(true);

    const deliveries = await admin('GET', '/deliveries');
    expect(deliveries.body.events).toEqual([{ eventId: expect.any(Number), type: 'incident.created', createdAt: expect.any(String), expanded: true, pending: 0, sent: SUBSCRIBERS, failed: 0, skipped: 0 }]);
  });
});
