// Scale-out benchmark (part of `npm run bench`; runnable alone: `node --import tsx bench/scale-out.ts`).
// Needs a PostgreSQL server: BENCH_PG_URL, else BAKEN_TEST_PG_URL (.ci/postgres.sh starts one).
// Real built servers on one PostgreSQL database; prints ratios measured in this run:
//  1. cached page throughput of two instances ÷ one (autocannon, the connections split over both);
//  2. one instance's uncached render of `/en/`, PostgreSQL ÷ SQLite (same data: what the
//     synchronous bridge and the network cost per statement);
//  3. fan-out throughput of two workers ÷ one, to BENCH_SCALE_SUBSCRIBERS (10,000) subscribers with
//     the fake Resend limited to N = BENCH_SCALE_RPS (10) requests/s for the account both share:
//     the provider's limit is the ceiling, so more workers cannot send faster than N × 100 emails/s.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import { freshPgDatabaseUrl } from '../test/support/engine.ts';
import { startFakeResend } from '../test/support/fake-resend.ts';
import { seedWebmailSubscribers } from '../test/support/fanout-server.ts';
import { startServer, type RunningServer } from '../test/support/server.ts';
import { median } from './stats.ts';
import { buildWorld } from './world.ts';

const TOKEN = 'bench-admin-token-0123456789abcdef';
const CONNECTIONS = 40;
const SECONDS = 8;

async function start(dir: string, name: string, env: Record<string, string>): Promise<RunningServer> {
  return startServer({ databasePath: join(dir, `${name}.db`), env: { ADMIN_TOKEN: TOKEN, PUBLIC_URL: 'https://status.example.test', ...env } });
}

/** Requests per second over all `servers`, the connections split evenly, each on its cached `/en/`. */
async function cachedThroughput(servers: RunningServer[]): Promise<number> {
  for (const s of servers) for (let i = 0; i < 2; i++) await (await fetch(`${s.url}/en/`)).arrayBuffer();
  const runs = await Promise.all(servers.map((s) => autocannon({ url: `${s.url}/en/`, connections: CONNECTIONS / servers.length, duration: SECONDS })));
  const bad = runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
  if (bad > 0) throw new Error(`${bad} bad answers under load`);
  return runs.reduce((n, r) => n + r.requests.average, 0);
}

/** Median uncached render of `/en/`: an admin write before each request moves the cache's generation. */
async function renderMs(server: RunningServer): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 45; i++) {
    const write = await fetch(`${server.url}/api/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{"name":"bench","role":"viewer"}' });
    if (write.status !== 201) throw new Error(`invalidating write answered ${write.status}`);
    await write.arrayBuffer();
    const t0 = performance.now();
    const res = await fetch(`${server.url}/en/`);
    await res.arrayBuffer();
    if (i >= 5) times.push(performance.now() - t0);
  }
  return median(times);
}

/** Emails per second from the announcing write to the last email, with `workers` instances sending. */
async function fanout(dir: string, base: string, workers: number, subscribers: number, rps: number): Promise<{ perSecond: number; once: boolean; rateLimited: number }> {
  const url = freshPgDatabaseUrl('baken_bench', base);
  seedWebmailSubscribers(url, subscribers);
  const fake = await startFakeResend({ requestsPerSecond: rps, latencyMs: 20, keepBodies: false });
  const servers = await Promise.all(Array.from({ length: workers }, (_, i) => start(dir, `fanout-${workers}-${i}`, { DATABASE_URL: url, RESEND_API_KEY: `re_${i}`, RESEND_BASE_URL: fake.url })));
  try {
    const body = { title: 'Webmail unreachable', severity: 'high', message: 'Looking into it.', services: [{ service: 'webmail', impact: 'major_outage' }], notify: true };
    const res = await fetch(`${servers[0]!.url}/api/admin/incidents`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`announcing write answered ${res.status}`);
    const postedAt = Date.now();
    const deadline = postedAt + (subscribers / (rps * 100)) * 3000 + 60_000;
    while (fake.emails.length < subscribers) {
      if (Date.now() > deadline) throw new Error(`fan-out stalled at ${fake.emails.length} of ${subscribers}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const lastAt = fake.emails[fake.emails.length - 1]!.at;
    const counts = fake.countsByRecipient();
    return { perSecond: subscribers / ((lastAt - postedAt) / 1000), once: counts.size === subscribers && [...counts.values()].every((n) => n === 1), rateLimited: fake.requests.filter((r) => r.status === 429).length };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await fake.close();
  }
}

export async function runScaleOutBench(): Promise<void> {
  const base = process.env.BENCH_PG_URL ?? process.env.BAKEN_TEST_PG_URL;
  if (!base) {
    console.log('Scale-out — skipped: set BENCH_PG_URL (or BAKEN_TEST_PG_URL) to a PostgreSQL server');
    return;
  }
  const subscribers = Number(process.env.BENCH_SCALE_SUBSCRIBERS ?? 10_000);
  const rps = Number(process.env.BENCH_SCALE_RPS ?? 10);
  buildIfStale();
  const dir = mkdtempSync(join(tmpdir(), 'baken-bench-scale-'));
  const now = Date.now();
  const pgUrl = freshPgDatabaseUrl('baken_bench', base);
  const litePath = join(dir, 'world.db');
  buildWorld(pgUrl, { services: 50, recent: 100, old: 0, now });
  buildWorld(litePath, { services: 50, recent: 100, old: 0, now });

  const [a, b] = [await start(dir, 'a', { DATABASE_URL: pgUrl }), await start(dir, 'b', { DATABASE_URL: pgUrl })];
  let one: number, two: number, pgRender: number;
  try {
    one = await cachedThroughput([a]);
    two = await cachedThroughput([a, b]);
    pgRender = await renderMs(a);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
  const lite = await start(dir, 'lite', {});
  let liteRender: number;
  try {
    liteRender = await renderMs(lite);
  } finally {
    await lite.stop();
  }
  const single = await fanout(dir, base, 1, subscribers, rps);
  const double = await fanout(dir, base, 2, subscribers, rps);

  const n = subscribers.toLocaleString('en');
  console.log(`Scale-out — PostgreSQL, real built servers (${CONNECTIONS} connections, ${SECONDS} s each, on this machine's cores)`);
  console.log(`  cached /en/ throughput, two instances ÷ one: ${(two / one).toFixed(2)} (${Math.round(one)} → ${Math.round(two)} requests/s)`);
  console.log(`  uncached render of /en/, PostgreSQL ÷ SQLite: ${(pgRender / liteRender).toFixed(2)} (median of 40; ${liteRender.toFixed(1)} → ${pgRender.toFixed(1)} ms)`);
  console.log(`  fan-out to ${n}, two workers ÷ one:       ${(double.perSecond / single.perSecond).toFixed(2)} (ceiling N × 100 = ${rps * 100} emails/s: one ${(single.perSecond / (rps * 100)).toFixed(2)} of it, two ${(double.perSecond / (rps * 100)).toFixed(2)}; ${single.rateLimited} → ${double.rateLimited} × 429; each address once: ${single.once && double.once})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runScaleOutBench();
