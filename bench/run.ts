// `npm run bench`: prints ratios measured in one run, never bare absolute times as results.
//  1. Cold render of `/` (an admin write before each request, so each is a render) on 50 services × 90 days with 100 incidents vs the same plus
//     10,000 incidents older than the window (target ≤ 1.5: old history must cost nothing).
//  2. Cached vs uncached render of `/`.
//  3. The engine's time per service-day (pure computeUptime, in-process).
//  4. Year ÷ month report time (bench/reports.ts) and the email fan-out to 100,000 subscribers
//     (bench/fanout.ts).
//  5. Outage-proof serving (bench/outage.ts): the byte cache against a bare node:http server under
//     100 connections, unused query strings, renders per write, hit ratios per encoding.
//  6. Scale-out on PostgreSQL (bench/scale-out.ts): two instances ÷ one, cached throughput and
//     fan-out; PostgreSQL ÷ SQLite render time. Skipped without a PostgreSQL URL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import { lastDays } from '../src/domain/calendar.ts';
import type { StatusInterval } from '../src/domain/types.ts';
import { computeUptime } from '../src/domain/uptime.ts';
import { startServer } from '../test/support/server.ts';
import { runFanoutBench } from './fanout.ts';
import { runOutageBench } from './outage.ts';
import { runReportsBench } from './reports.ts';
import { runScaleOutBench } from './scale-out.ts';
import { buildWorld } from './world.ts';
import { median } from './stats.ts';

const now = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'baken-bench-'));

async function timeRequests(url: (i: number) => string, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url(i));
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url(i)} answered ${res.status}`);
    times.push(performance.now() - t0);
  }
  return median(times);
}

const TOKEN = 'bench-admin-token-0123456789abcdef';

/** An admin write that leaves the page as it is but moves the cache's generation: the next request renders. */
async function invalidate(url: string): Promise<void> {
  const res = await fetch(`${url}/api/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{"name":"bench","role":"viewer"}' });
  if (res.status !== 201) throw new Error(`invalidating write answered ${res.status}`);
  await res.arrayBuffer();
}

async function renderTimes(path: string): Promise<{ cold: number; cached: number }> {
  const server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN } });
  try {
    const rendered = async (n: number) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        await invalidate(server.url);
        times.push(await timeRequests(() => `${server.url}/nl/`, 1));
      }
      return median(times);
    };
    await rendered(5); // JIT warm-up
    const cold = await rendered(40);
    await fetch(`${server.url}/nl/`);
    const cached = await timeRequests(() => `${server.url}/nl/`, 40);
    return { cold, cached };
  } finally {
    await server.stop();
  }
}

buildIfStale();
const small = join(dir, 'recent-100.db');
const large = join(dir, 'recent-100-old-10000.db');
buildWorld(small, { services: 50, recent: 100, old: 0, now });
buildWorld(large, { services: 50, recent: 100, old: 10_000, now });

const a = await renderTimes(small);
const b = await renderTimes(large);
console.log('Render of / — 50 services, 90-day bars (median of 40 uncached renders each)');
console.log(`  10,000 old incidents ÷ 100 incidents: ${(b.cold / a.cold).toFixed(2)} (target ≤ 1.5)`);
console.log(`  cached ÷ uncached render:             ${(a.cached / a.cold).toFixed(3)}`);

// Engine alone: 50 services × 90 days, each with 20 intervals in the window.
const days = lastDays(now, 90, 'Europe/Amsterdam');
const intervals: StatusInterval[] = [];
for (let k = 0; k < 20; k++) {
  const start = days[0]!.start + k * 4 * 86_400_000 + 3_600_000;
  intervals.push({ serviceId: 1, status: k % 2 ? 'major_outage' : 'partial_outage', start, end: start + 2 * 3_600_000, incidentId: k });
}
const rounds = 200;
const t0 = performance.now();
for (let r = 0; r < rounds; r++) for (let s = 0; s < 50; s++) computeUptime({ intervals, observedFrom: 0, days, now });
const perServiceDay = ((performance.now() - t0) * 1000) / (rounds * 50 * 90);
const t1 = performance.now();
for (let r = 0; r < rounds; r++) for (let s = 0; s < 50; s++) computeUptime({ intervals: [], observedFrom: 0, days, now });
const emptyPerServiceDay = ((performance.now() - t1) * 1000) / (rounds * 50 * 90);
console.log('Engine (computeUptime)');
console.log(`  time per service-day, 20 intervals per service: ${perServiceDay.toFixed(3)} µs`);
console.log(`  20 intervals ÷ no intervals:                    ${(perServiceDay / emptyPerServiceDay).toFixed(2)}`);

await runReportsBench();
await runFanoutBench();
await runOutageBench();
await runScaleOutBench();
