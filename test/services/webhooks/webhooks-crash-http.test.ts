// The webhook crash test: the real server fans three announcements out to 40 endpoints on a slow
// local receiver (100 ms per answer, so requests are always on the wire), is killed with SIGKILL
// mid-delivery, restarts on the same database, and every endpoint ends up with every event —
// counted at the receiver by (endpoint, Baken-Event-Id). Webhooks are at-least-once: the requests
// on the wire at the kill are sent again, with the same event id and body; nothing else is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { makeService } from '../../support/factories.ts';
import { startReceiver, type Receiver } from '../../support/webhook-receiver.ts';
import { startServer, tempDbPath, type RunningServer } from '../../support/server.ts';

const TOKEN = 'webhook-crash-token-0123456789abcdef';
const ENDPOINTS = 40;
// incident.created (+ component update), identified (impact unchanged), monitoring with a new impact (+ component update).
const MESSAGES_PER_ENDPOINT = 5;
let server: RunningServer | undefined;
let rx: Receiver;
let path: string;
let env: Record<string, string>;

async function admin(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server!.url}/api/admin${p}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function waitFor(what: string, probe: () => boolean | Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server?.output().slice(-1500)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  rx = await startReceiver({ latencyMs: 100 });
  path = tempDbPath('webhook-crash');
  const db = createDb(path);
  makeService(db, { slug: 'webmail', name: 'Webmail' });
  db.$client.close();
  env = { ADMIN_TOKEN: TOKEN, PUBLIC_URL: 'https://status.example.test', WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_BACKOFF_MS: '100' };
  server = await startServer({ databasePath: path, env });
});
afterAll(async () => {
  await server?.stop();
  await rx?.close();
});

describe('a SIGKILL in the middle of a webhook fan-out', () => {
  it('loses nothing; resends only what was on the wire, under the same event id and body', { timeout: 120_000 }, async () => {
    for (let i = 0; i < ENDPOINTS; i++) expect((await admin('POST', '/webhooks', { name: `e${i}`, url: `${rx.url}/e${i}` })).status).toBe(201);
    const incident = await admin('POST', '/incidents', { title: 'Webmail unreachable', severity: 'critical', message: 'Investigating.', services: [{ service: 'webmail', impact: 'major_outage' }] });
    expect(incident.status).toBe(201);
    expect((await admin('POST', `/incidents/${incident.body.id}/updates`, { status: 'identified', message: 'A disk is full.' })).status).toBe(201);
    expect((await admin('POST', `/incidents/${incident.body.id}/updates`, { status: 'monitoring', message: 'Space freed.', services: [{ service: 'webmail', impact: 'degraded_performance' }] })).status).toBe(201);

    const total = ENDPOINTS * MESSAGES_PER_ENDPOINT;
    await waitFor('a quarter delivered and requests on the wire', () => rx.received.length >= total / 4 && rx.unanswered() > 0);
    const killed = server!.process;
    const exited = new Promise((resolve) => killed.once('exit', resolve));
    killed.kill('SIGKILL');
    await exited;
    const atKill = rx.received.length;
    const onTheWire = rx.unanswered();
    const beforeKill = new Set(rx.received.slice(0, atKill));
    expect(atKill).toBeLessThan(total);

    server = await startServer({ databasePath: path, env });
    await waitFor('every delivery sent', async () => {
      const list = (await admin('GET', '/webhooks')).body.webhooks as { counts: { pending: number; sent: number; failed: number } }[];
      return list.reduce((n, w) => n + w.counts.sent, 0) === total && list.every((w) => w.counts.pending === 0 && w.counts.failed === 0);
    });

    const byKey = Map.groupBy(rx.received, (r) => `${r.path} ${r.headers['baken-event-id']}`);
    const duplicates = [...byKey.values()].filter((list) => list.length > 1);
    // 0 lost: every endpoint has every message, and nothing else.
    expect(byKey.size).toBe(total);
    for (let i = 0; i < ENDPOINTS; i++) expect([...byKey.entries()].filter(([k]) => k.startsWith(`/e${i} `)).map(([, [r]]) => r!.headers['baken-event-type']).sort(), `e${i}`).toEqual(['component.updated', 'component.updated', 'incident.created', 'incident.updated', 'incident.updated'].sort());
    // Resent: only requests the kill cut off — at most the worker's 8 in flight, each first
    // received before the kill — with the very same body (a receiver keeping event ids processes
    // it once: 0 duplicates by event id).
    expect(duplicates.length).toBeLessThanOrEqual(8);
    for (const list of duplicates) expect(beforeKill.has(list[0]!)).toBe(true);
    for (const list of duplicates) expect(new Set(list.map((r) => r.body)).size).toBe(1);
    expect(rx.received.length).toBe(total + duplicates.reduce((n, l) => n + l.length - 1, 0));
    console.log(`webhook crash test: ${total} messages to ${ENDPOINTS} endpoints; killed after ${atKill} received (${onTheWire} not yet answered by the receiver); after restart ${byKey.size} distinct (endpoint, event id) = 0 lost, ${duplicates.length} resent under the same event id (0 duplicates once deduplicated by event id)`);
  });
});
