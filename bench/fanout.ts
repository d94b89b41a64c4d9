// Email fan-out benchmark (part of `npm run bench`; runnable alone: `node --import tsx bench/fanout.ts`).
// One incident update to 100,000 confirmed subscribers, through the real server process and the
// real Resend SDK, against the fake Resend limited to N requests per second. Prints ratios:
//  1. achieved emails/s ÷ (N × 100), from the admin write returning to the last email accepted
//     (target ≥ 0.95: the sender keeps the provider's pipe full without earning 429s);
//  2. the admin write's time to return with 100,000 subscribers ÷ with 100 (must not grow: the
//     write only adds an outbox row; expansion happens afterwards, in chunks);
//  3. the same for other admin writes made while the fan-out runs (the worker must not starve
//     the server);
//  4. peak RSS of the server process (VmHWM; target ≤ 256 MB).
// BENCH_FANOUT_SUBSCRIBERS and BENCH_FANOUT_RPS change the 100,000 and N = 10; BENCH_NODE_OPTIONS
// is passed to the server as NODE_OPTIONS (e.g. --max-old-space-size=128, to tell retained memory
// from garbage V8 has not collected yet).
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDb } from '../db/client.ts';
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import { startFakeResend, type FakeResend } from '../test/support/fake-resend.ts';
import { startServer, type RunningServer } from '../test/support/server.ts';
import { median } from './stats.ts';

const TOKEN = 'bench-admin-token-0123456789abcdef';

function makeDb(path: string, subscribers: number): void {
  const db = createDb(path);
  const insert = db.$client.prepare(`INSERT INTO subscribers (email, locale, all_services, created_at, confirmed_at, updated_at) VALUES (?, ?, 1, 0, 1, 0)`);
  db.$client.transaction(() => {
    for (let i = 0; i < subscribers; i++) insert.run(`subscriber${i}@example.test`, i % 3 ? 'nl' : 'en');
  })();
  db.$client.close();
}

async function admin(server: RunningServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/admin${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  return { status: res.status, body: json, ms: performance.now() - t0 };
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

interface FanoutResult {
  writeMs: number;
  /** Median time of other admin writes made during the fan-out. */
  duringMs: number;
  emailsPerSecond: number;
  peakRssMb: number;
  sent: number;
  rateLimited: number;
}

async function fanout(dir: string, subscribers: number, rps: number): Promise<FanoutResult> {
  const fake: FakeResend = await startFakeResend({ apiKey: 're_bench', requestsPerSecond: rps, latencyMs: 20, keepBodies: false });
  const path = join(dir, `fanout-${subscribers}.db`);
  makeDb(path, subscribers);
  const server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN, RESEND_API_KEY: 're_bench', RESEND_BASE_URL: fake.url, PUBLIC_URL: 'https://status.example.test', ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}) } });
  try {
    const ok = <R extends { status: number; body: any }>(r: R, what: string): R => {
      if (r.status >= 300) throw new Error(`${what} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r;
    };
    ok(await admin(server, 'POST', '/services', { name: 'Webmail', slug: 'webmail' }), 'create service');
    const incident = ok(await admin(server, 'POST', '/incidents', { title: 'Webmail slow', severity: 'medium', message: 'Looking into it.', services: [{ service: 'webmail', impact: 'degraded_performance' }], notify: false }), 'create incident');
    const id = incident.body.id as number;
    // Warm-up: the same write, not announced, so the JIT and caches are equal in both worlds.
    for (let i = 0; i < 10; i++) ok(await admin(server, 'POST', `/incidents/${id}/updates`, { status: 'investigating', message: `Warm-up ${i}`, notify: false }), 'warm-up');

    const write = ok(await admin(server, 'POST', `/incidents/${id}/updates`, { status: 'identified', message: 'The cause is a **full disk**; we are moving data.', notify: true }), 'announced update');
    const postedAt = Date.now();

    // Other writes while the fan-out runs, spread over its first seconds.
    const during: number[] = [];
    for (let i = 0; i < 20; i++) {
      during.push(ok(await admin(server, 'POST', `/incidents/${id}/updates`, { status: 'identified', message: `Note ${i}`, notify: false }), 'write during fan-out').ms);
      await new Promise((r) => setTimeout(r, 50));
    }

    const deadline = Date.now() + (subscribers / (rps * 100)) * 3000 + 60_000;
    while (fake.emails.length < subscribers) {
      if (Date.now() > deadline) throw new Error(`fan-out stalled at ${fake.emails.length} of ${subscribers}\n${server.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const lastAt = fake.emails[fake.emails.length - 1]!.at;
    const perRecipient = fake.countsByRecipient();
    if (perRecipient.size !== subscribers || [...perRecipient.values()].some((n) => n !== 1)) throw new Error('some subscriber did not get exactly one email');
    return {
      writeMs: write.ms,
      duringMs: median(during),
      emailsPerSecond: subscribers / ((lastAt - postedAt) / 1000),
      peakRssMb: peakRssMb(server.process.pid!),
      sent: fake.emails.length,
      rateLimited: fake.requests.filter((r) => r.status === 429).length,
    };
  } finally {
    await server.stop();
    await fake.close();
  }
}

export async function runFanoutBench(): Promise<void> {
  const subscribers = Number(process.env.BENCH_FANOUT_SUBSCRIBERS ?? 100_000);
  const rps = Number(process.env.BENCH_FANOUT_RPS ?? 10);
  buildIfStale();
  const dir = mkdtempSync(join(tmpdir(), 'baken-bench-fanout-'));
  const small = await fanout(dir, 100, rps);
  const large = await fanout(dir, subscribers, rps);
  const n = subscribers.toLocaleString('en');
  console.log(`Email fan-out — one incident update to ${n} subscribers, fake Resend at N = ${rps} requests/s (batches of 100)`);
  console.log(`  achieved emails/s ÷ (N × 100):            ${(large.emailsPerSecond / (rps * 100)).toFixed(3)} (target ≥ 0.95; ${Math.round(large.emailsPerSecond)} emails/s, ${large.rateLimited} × 429)`);
  console.log(`  admin write, ${n} ÷ 100 subscribers:  ${(large.writeMs / small.writeMs).toFixed(2)} (must not grow; ${small.writeMs.toFixed(1)} → ${large.writeMs.toFixed(1)} ms)`);
  console.log(`  writes during the fan-out, ${n} ÷ 100: ${(large.duringMs / small.duringMs).toFixed(2)} (median; ${small.duringMs.toFixed(1)} → ${large.duringMs.toFixed(1)} ms)`);
  console.log(`  peak RSS of the server process:           ${large.peakRssMb.toFixed(0)} MB (target ≤ 256 MB; 100 subscribers: ${small.peakRssMb.toFixed(0)} MB)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runFanoutBench();
