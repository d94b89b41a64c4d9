// Stopping the real server in the middle of work. SIGTERM during a 5,000-subscriber fan-out (through
// the real Resend SDK against the fake Resend) and a burst of admin writes: it exits 0 within 10 s,
// every acknowledged write is there after the restart, and every subscriber gets exactly one email.
// SIGKILL during a burst: every acknowledged write survives and the file passes integrity_check.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import type { FakeResend } from '../support/fake-resend.ts';
import { startFanoutServer } from '../support/fanout-server.ts';
import { ON_PG } from '../support/engine.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const TOKEN = 'shutdown-admin-token-0123456789abcdef';
const SUBSCRIBERS = 5000;

async function admin(server: RunningServer, method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/admin${p}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function waitFor(what: string, probe: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Eight writers creating services as fast as the server answers, until it stops answering. Returns
 * the slugs acknowledged with a 201 and how many requests got no answer.
 */
function burst(server: RunningServer, tag: string): { acknowledged: string[]; started: Promise<void>; done: Promise<number> } {
  const acknowledged: string[] = [];
  let first!: () => void;
  const started = new Promise<void>((resolve) => (first = resolve));
  const writer = async (w: number): Promise<number> => {
    for (let i = 0; ; i++) {
      const slug = `${tag}-${w}-${i}`;
      try {
        const res = await admin(server, 'POST', '/services', { slug, name: `Service ${slug}` });
        if (res.status !== 201) throw new Error(`${slug}: ${res.status} ${JSON.stringify(res.body)}`);
        acknowledged.push(slug);
        if (acknowledged.length === 20) first();
      } catch (err) {
        if (err instanceof Error && err.message.startsWith(slug)) throw err;
        return 1; // no answer: the server is gone
      }
    }
  };
  const done = Promise.all(Array.from({ length: 8 }, (_, w) => writer(w))).then((lost) => lost.reduce((a, b) => a + b, 0));
  return { acknowledged, started, done };
}

function exited(server: RunningServer): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => server.process.once('exit', (code, signal) => resolve({ code, signal, ms: performance.now() - t0 })));
}

/** SQLite's integrity_check of the file; PostgreSQL keeps its own files whole (its WAL), so 'ok'. */
function integrity(path: string): string {
  if (ON_PG) return 'ok';
  const db = new Database(path);
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('SIGTERM during a fan-out and a burst of admin writes', () => {
  let fake: FakeResend;
  let server: RunningServer | undefined;
  let path: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ fake, server, path, env } = await startFanoutServer({ name: 'sigterm', subscribers: SUBSCRIBERS, adminToken: TOKEN }));
  });
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  it('exits 0 within 10 s, loses no acknowledged write and sends no email twice', { timeout: 120_000 }, async () => {
    expect((await admin(server!, 'POST', '/services', { name: 'Webmail', slug: 'webmail' })).status).toBe(201);
    expect((await admin(server!, 'POST', '/incidents', { title: 'Webmail unreachable', severity: 'critical', message: 'Investigating.', services: [{ service: 'webmail', impact: 'major_outage' }] })).status).toBe(201);
    await waitFor('a fan-out under way with a batch on the wire', () => fake.emails.length >= 500 && fake.unanswered() > 0);

    const writes = burst(server!, 'term');
    await writes.started;
    const stopped = exited(server!);
    server!.process.kill('SIGTERM');
    const exit = await stopped;
    const unanswered = await writes.done;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(10_000);
    expect(server!.output()).toContain('SIGTERM: finishing the requests in flight');
    // The batches on the wire were answered and recorded before the exit, not abandoned.
    expect(server!.output()).not.toContain('still on the wire');
    const atStop = fake.emails.length;
    expect(atStop).toBeLessThan(SUBSCRIBERS);
    expect(integrity(path)).toBe('ok');

    server = await startServer({ databasePath: path, env });
    const listed = await admin(server, 'GET', '/services');
    const slugs = new Set<string>(listed.body.services.map((s: { slug: string }) => s.slug));
    const lost = writes.acknowledged.filter((s) => !slugs.has(s));
    expect({ acknowledged: writes.acknowledged.length > 20, lost }).toEqual({ acknowledged: true, lost: [] });
    expect(unanswered).toBe(8);

    await waitFor('every delivery sent', async () => {
      const e = (await admin(server!, 'GET', '/deliveries')).body.events?.[0];
      return e !== undefined && e.pending === 0 && e.sent + e.failed === SUBSCRIBERS;
    });
    const counts = fake.countsByRecipient();
    const duplicated = [...counts.values()].filter((n) => n > 1).length;
    expect({ recipients: counts.size, duplicated, emails: fake.emails.length }).toEqual({ recipients: SUBSCRIBERS, duplicated: 0, emails: SUBSCRIBERS });
    console.log(`SIGTERM: exit 0 after ${exit.ms.toFixed(0)} ms; ${writes.acknowledged.length} writes acknowledged, ${writes.acknowledged.length - lost.length} found after the restart; ${atStop} of ${SUBSCRIBERS} emails sent at the signal, ${duplicated} duplicated`);
  });
});

describe('SIGKILL during a burst of admin writes', () => {
  let server: RunningServer | undefined;
  afterAll(() => server?.stop());

  it('keeps every acknowledged write, and the file passes integrity_check', { timeout: 60_000 }, async () => {
    const path = tempDbPath('sigkill');
    createDb(path).$client.close();
    server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN } });
    const writes = burst(server, 'kill');
    await writes.started;
    await new Promise((r) => setTimeout(r, 200));
    const stopped = exited(server);
    server.process.kill('SIGKILL');
    expect(await stopped).toMatchObject({ signal: 'SIGKILL' });
    await writes.done;
    expect(integrity(path)).toBe('ok');

    server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN } });
    const listed = await admin(server, 'GET', '/services');
    const slugs = new Set<string>(listed.body.services.map((s: { slug: string }) => s.slug));
    expect(writes.acknowledged.length).toBeGreaterThan(20);
    const lost = writes.acknowledged.filter((s) => !slugs.has(s));
    expect(lost).toEqual([]);
    console.log(`SIGKILL: ${writes.acknowledged.length} writes acknowledged, ${writes.acknowledged.length - lost.length} found after the restart, integrity_check ok`);
  });
});
