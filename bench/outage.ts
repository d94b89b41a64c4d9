// Outage benchmark (part of `npm run bench`; alone: `node --import tsx bench/outage.ts`). The hour a
// provider is down: 100 connections (autocannon) on the real built server with the demo data,
// interleaved round by round with a bare node:http server sending the same bytes. Prints, from one run:
//  1. cached /en/ ÷ bare, requests/s (target ≥ 0.8) and p99 latency ÷ bare (target ≤ 2);
//  2. /api/v2/summary.json ÷ bare, requests/s (target ≥ 0.8);
//  3. /en/?r=<random> ÷ /en/, requests/s (target ≥ 0.8: unused query strings are no new renders),
//     and the server's RSS growth over those runs (target ≤ 32 MB: nor new entries);
//  4. renders during 10 s of load with an admin write every second (target: one per write, plus
//     background refreshes), and the hit ratio per encoding under those writes.
// BENCH_OUTAGE_SECONDS (default 5) is the length of each load run, BENCH_OUTAGE_ROUNDS (≥ 3, default 5)
// the rounds; the medians of the rounds are the results (this machine is shared, single runs vary).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import { rawRequest } from '../test/support/raw-http.ts';
import { freePort, startServer, type RunningServer } from '../test/support/server.ts';
import { median } from './stats.ts';

const TOKEN = 'bench-admin-token-0123456789abcdef';
const CONNECTIONS = 100;
const SECONDS = Number(process.env.BENCH_OUTAGE_SECONDS ?? 5);
const ROUNDS = Math.max(3, Number(process.env.BENCH_OUTAGE_ROUNDS ?? 5));
const PATHS = ['/en/', '/api/v2/summary.json'] as const;
// Set per connection by Node, not part of the answer's bytes.
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

interface Load {
  rps: number;
  p99: number;
  /** Non-2xx answers plus connection errors and timeouts. */
  bad: number;
}

async function load(url: string, o: { seconds?: number; randomQuery?: boolean; requests?: autocannon.Request[] } = {}): Promise<Load> {
  const requests = o.requests ?? (o.randomQuery ? [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: `/en/?r=${Math.random()}` }) }] : undefined);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: o.seconds ?? SECONDS, ...(requests && { requests }) });
  return { rps: r.requests.average, p99: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts };
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return kb / 1024;
}

/** The bare server, answering PATHS with exactly the bytes Baken sent for them. */
async function startBare(baken: RunningServer, dir: string): Promise<{ url: string; stop: () => void }> {
  const routes: Record<string, { head: string[]; body: string }> = {};
  for (const path of PATHS) {
    const res = await rawRequest(baken.url + path);
    const head: string[] = [];
    for (let i = 0; i < res.rawHeaders.length; i += 2) if (!PER_CONNECTION.has(res.rawHeaders[i]!.toLowerCase())) head.push(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
    routes[path] = { head, body: res.body.toString('base64') };
  }
  const file = join(dir, 'bare-routes.json');
  writeFileSync(file, JSON.stringify(routes));
  const port = await freePort();
  const child = spawn(process.execPath, [join(import.meta.dirname, 'bare-server.mjs'), file, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

async function admin(server: RunningServer, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server.url}/api/admin${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}`);
  return res.json();
}

export async function runOutageBench(): Promise<void> {
  buildIfStale();
  const dir = mkdtempSync(join(tmpdir(), 'baken-bench-outage-'));
  const baken = await startServer({ databasePath: join(dir, 'demo.db'), env: { BAKEN_DEMO: '1', ADMIN_TOKEN: TOKEN } });
  const bare = await startBare(baken, dir);
  try {
    const pageBytes = (await rawRequest(`${baken.url}/en/`)).body.length;
    // Warm-up of both (JIT, connection pools), not counted.
    for (const path of PATHS) {
      await load(bare.url + path, { seconds: 1 });
      await load(baken.url + path, { seconds: 1 });
    }
    await load(baken.url, { seconds: 1, randomQuery: true });

    const rounds: { page: number; p99: number; summary: number; random: number }[] = [];
    let bad = 0;
    // RSS growth during the random-query runs and, for comparison, during the plain /en/ runs.
    const growth = { random: 0, plain: 0 };
    const measured = async (kind: keyof typeof growth, run: () => Promise<Load>): Promise<Load> => {
      const before = rssMb(baken.process.pid!);
      const result = await run();
      growth[kind] += rssMb(baken.process.pid!) - before;
      return result;
    };
    const entriesBefore = (await admin(baken, 'GET', '/cache')).entries;
    for (let round = 0; round < ROUNDS; round++) {
      // Who goes first alternates, so a drift in the machine's load favours neither.
      const pair = async <A, B>(a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> => {
        if (round % 2) {
          const second = await b();
          return [await a(), second];
        }
        const first = await a();
        return [first, await b()];
      };
      const [pageBare, page] = await pair(() => load(`${bare.url}/en/`), () => load(`${baken.url}/en/`));
      const [summaryBare, summary] = await pair(() => load(`${bare.url}/api/v2/summary.json`), () => load(`${baken.url}/api/v2/summary.json`));
      const [plain, random] = await pair(
        () => measured('plain', () => load(`${baken.url}/en/`)),
        () => measured('random', () => load(baken.url, { randomQuery: true })),
      );
      bad += page.bad + summary.bad + plain.bad + random.bad;
      rounds.push({ page: page.rps / pageBare.rps, p99: Math.max(1, page.p99) / Math.max(1, pageBare.p99), summary: summary.rps / summaryBare.rps, random: random.rps / plain.rps });
    }
    const entriesAfter = (await admin(baken, 'GET', '/cache')).entries;

    // 10 s of mixed-encoding load on /en/ with a write every second (at 0.5 s, 1.5 s, … 9.5 s).
    const before = await admin(baken, 'GET', '/cache');
    const accept = ['identity', 'gzip', 'br'].map((e) => ({ method: 'GET' as const, path: '/en/', headers: { 'accept-encoding': e } }));
    const t0 = performance.now();
    const loaded = load(`${baken.url}/en/`, { seconds: 10, requests: accept });
    let writes = 0;
    for (; writes < 10; writes++) {
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + 500 + writes * 1000 - performance.now())));
      await admin(baken, 'POST', '/services', { slug: `bench-${writes}`, name: `Bench service ${writes}` });
    }
    bad += (await loaded).bad;
    const after = await admin(baken, 'GET', '/cache');
    const renders = after.renders - before.renders;
    const background = after.backgroundRenders - before.backgroundRenders;
    const hitRatio = (e: 'gzip' | 'br' | 'identity') => {
      const hits = after.byEncoding[e].hits - before.byEncoding[e].hits;
      return hits / (hits + after.byEncoding[e].misses - before.byEncoding[e].misses);
    };

    const f = (x: number) => x.toFixed(2);
    console.log(`Outage-proof serving — demo /en/ (${Math.round(pageBytes / 1024)} KB), ${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS} s interleaved with a bare node:http server sending the same bytes`);
    rounds.forEach((r, i) => console.log(`  round ${i + 1}: /en/ ${f(r.page)} (p99 ${f(r.p99)}×) · summary.json ${f(r.summary)} · /en/?r=<random> ÷ /en/ ${f(r.random)}`));
    console.log(`  cached /en/ ÷ bare, requests/s:            ${f(median(rounds.map((r) => r.page)))} (target ≥ 0.8; median of the rounds)`);
    console.log(`  cached /en/ p99 ÷ bare p99:                ${f(median(rounds.map((r) => r.p99)))} (target ≤ 2)`);
    console.log(`  /api/v2/summary.json ÷ bare, requests/s:   ${f(median(rounds.map((r) => r.summary)))} (target ≥ 0.8)`);
    console.log(`  /en/?r=<random> ÷ /en/, requests/s:        ${f(median(rounds.map((r) => r.random)))} (target ≥ 0.8)`);
    const mb = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} MB`;
    console.log(`  RSS growth over the random-query runs:     ${mb(growth.random)} (target ≤ 32 MB; the paired plain /en/ runs: ${mb(growth.plain)}; cache entries ${entriesBefore} → ${entriesAfter})`);
    console.log(`  renders in 10 s, a write every second:     ${renders} for ${writes} writes (${background} background refreshes; target: one per write)`);
    console.log(`  hit ratio under those writes:              gzip ${hitRatio('gzip').toFixed(4)}, brotli ${hitRatio('br').toFixed(4)}, identity ${hitRatio('identity').toFixed(4)}`);
    console.log(`  non-2xx answers and connection errors:     ${bad}`);
  } finally {
    bare.stop();
    await baken.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runOutageBench();
