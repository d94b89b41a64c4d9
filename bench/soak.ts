// `npm run soak` (not part of `npm test` or `npm run bench`): the real built server on loopback,
// on the demo data, under a steady mixed load for 10 minutes (`-- --minutes 1` for a short run):
// page, JSON and feed reads, admin writes, subscriptions confirmed through the fake Resend's inbox
// and one-click unsubscribes. Prints, each minute: requests, errors, 5xx, p99 and the server's RSS
// (mean of one sample a second, and its anonymous part: heap and native memory, not mapped files).
// Exits 1 if any request failed (a network error, a timeout or any status but the expected one) or
// if the last minute's RSS is more than 10 % above the first's. The same load runs for a warm-up
// first (`--warmup` seconds, default 60), not counted: a fresh process grows its heap and fills its
// caches in the first minute, which is start-up, not a leak. SOAK_NODE_OPTIONS goes to the server
// as NODE_OPTIONS (e.g. --max-old-space-size=96, to tell retained memory from garbage not yet
// collected), and SOAK_SERVER_LOG names a file for the server's output.
// The server runs with --inspect (on loopback) so that, at the end of each minute, the soak can
// ask for a full garbage collection and report what is still used (`--no-gc` to skip). Without it
// the RSS mostly shows how lazily V8 collects and gives back garbage: in a 10-minute run without it
// the mean RSS rose 1.135× while the heap retained after a full GC stayed at 30–31 MB.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDb } from '../db/client.ts';
import { seedDemo } from '../db/seed.ts';
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import { startFakeResend } from '../test/support/fake-resend.ts';
import { startServer, tempDbPath } from '../test/support/server.ts';
import { connectInspector, inspectorUrl, type Retained } from './inspector.ts';
import { adminWriter, random, readFeed, readJson, readPage, SOAK_TOKEN, subscribers, type Sample, type World } from './soak-load.ts';

/** Requests per second offered, by kind (open loop: a slow answer does not slow the offer). */
const RATES = { page: 30, json: 15, feed: 8, write: 2, subscribe: 1 };
const TICK_MS = 20;
const RSS_GROWTH_LIMIT = 1.1;

interface Minute {
  requests: number;
  errors: number;
  fiveXx: number;
  latencies: number[];
  rss: number[];
  anon: number[];
  byKind: Map<string, number>;
  firstErrors: string[];
}

const newMinute = (): Minute => ({ requests: 0, errors: 0, fiveXx: 0, latencies: [], rss: [], anon: [], byKind: new Map(), firstErrors: [] });

function p99(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)]!;
}

function memoryMb(pid: number): { rss: number; anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024 };
}

/** NODE_OPTIONS for the server, only when there is something to pass. */
function nodeOptions(extra: string | undefined, inspect: boolean | undefined): { NODE_OPTIONS?: string } {
  const options = [extra, inspect ? '--inspect=127.0.0.1:0' : undefined].filter((o): o is string => o !== undefined && o !== '');
  return options.length > 0 ? { NODE_OPTIONS: options.join(' ') } : {};
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, warmup: { type: 'string', default: '60' }, gc: { type: 'boolean', default: true } }, allowNegative: true });
  const minutes = Number(values.minutes);
  const warmupS = Number(values.warmup);
  if (!Number.isInteger(minutes) || minutes < 1) throw new Error('--minutes must be a whole number ≥ 1');
  if (!Number.isInteger(warmupS) || warmupS < 0) throw new Error('--warmup must be a whole number of seconds ≥ 0');

  buildIfStale();
  const path = tempDbPath('soak');
  const db = createDb(path);
  seedDemo(db, { now: Date.now(), timeZone: 'Europe/Amsterdam' });
  const world: World = {
    slugs: (db.$client.prepare('SELECT slug FROM services WHERE archived_at IS NULL').all() as { slug: string }[]).map((r) => r.slug),
    incidentIds: (db.$client.prepare('SELECT id FROM incidents ORDER BY id DESC LIMIT 40').all() as { id: number }[]).map((r) => r.id),
    maintenanceIds: (db.$client.prepare('SELECT id FROM maintenances').all() as { id: number }[]).map((r) => r.id),
    month: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7),
  };
  db.$client.close();
  const fake = await startFakeResend({ apiKey: 're_soak' });
  // The soak's subscribers come from many addresses through one local proxy: TRUST_PROXY lets the
  // per-address limit see them apart, as it would behind a real reverse proxy.
  const server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: SOAK_TOKEN, BAKEN_SECRET: 'soak-secret-0123456789abcdefghijklmnopq', RESEND_API_KEY: 're_soak', RESEND_BASE_URL: fake.url, TRUST_PROXY: 'loopback', ...nodeOptions(process.env.SOAK_NODE_OPTIONS, values.gc) } });
  const inspector = values.gc ? await connectInspector(inspectorUrl(server.output())!) : undefined;
  const pid = server.process.pid!;
  console.log(`Soak: ${warmupS} s warm-up, then ${minutes} min against ${server.url} (pid ${pid}), offering ${Object.entries(RATES).map(([k, r]) => `${k} ${r}/s`).join(', ')}; demo data in ${path}`);

  const rnd = random(20261202);
  const write = adminWriter(server, world, rnd, record);
  const people = subscribers(server, fake, rnd, record);
  let minute = newMinute();
  const done: Minute[] = [];
  const retained: Retained[] = [];
  const inFlight = new Set<Promise<unknown>>();
  function record(s: Sample): void {
    minute.requests++;
    minute.latencies.push(s.ms);
    minute.byKind.set(s.kind, (minute.byKind.get(s.kind) ?? 0) + 1);
    if (s.status >= 500) minute.fiveXx++;
    if (s.error) {
      minute.errors++;
      if (minute.firstErrors.length < 5) minute.firstErrors.push(s.error);
    }
  }
  const launch = (p: Promise<unknown>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const owed = { page: 0, json: 0, feed: 0, write: 0, subscribe: 0 };
  let writing = false;
  const ticker = setInterval(() => {
    for (const kind of Object.keys(RATES) as (keyof typeof RATES)[]) {
      owed[kind] += (RATES[kind] * TICK_MS) / 1000;
      while (owed[kind] >= 1) {
        owed[kind]--;
        if (kind === 'page') launch(readPage(server, world, rnd, record));
        else if (kind === 'json') launch(readJson(server, rnd, record));
        else if (kind === 'feed') launch(readFeed(server, world, rnd, record));
        else if (kind === 'subscribe') launch(people.subscribe());
        // One member of staff: writes follow each other, as through one admin client.
        else if (!writing) {
          writing = true;
          launch(write().finally(() => (writing = false)));
        }
      }
    }
  }, TICK_MS);
  const sampler = setInterval(() => {
    const m = memoryMb(pid);
    minute.rss.push(m.rss);
    minute.anon.push(m.anon);
  }, 1000);
  const inbox = setInterval(() => launch(people.readInbox()), 250);

  await new Promise((r) => setTimeout(r, warmupS * 1000));
  const warm = minute;
  minute = newMinute();
  if (warmupS > 0) console.log(`warm-up: ${warm.requests} requests, ${warm.errors} errors, RSS ${mean(warm.rss).toFixed(1)} MB (max ${Math.max(...warm.rss).toFixed(1)}), not counted`);
  for (const e of warm.firstErrors) console.log(`    ${e}`);
  const started = performance.now();
  for (let m = 1; m <= minutes; m++) {
    await new Promise((r) => setTimeout(r, started + m * 60_000 - performance.now()));
    const ended = minute;
    minute = newMinute();
    done.push(ended);
    const kinds = [...ended.byKind].map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`minute ${String(m).padStart(2)}: ${ended.requests} requests (${kinds}), ${ended.errors} errors, ${ended.fiveXx} 5xx, p99 ${p99(ended.latencies).toFixed(0)} ms, RSS ${mean(ended.rss).toFixed(1)} MB (max ${Math.max(...ended.rss).toFixed(1)}, anonymous ${mean(ended.anon).toFixed(1)})`);
    for (const e of ended.firstErrors) console.log(`    ${e}`);
    if (inspector) {
      const r = await inspector.retained();
      retained.push(r);
      // The response cache's bodies are Buffers (external memory): its bytes tell a filling, bounded
      // cache from a leak.
      const cache = (await (await fetch(`${server.url}/api/admin/cache`, { headers: { authorization: `Bearer ${SOAK_TOKEN}` } })).json()) as { entries: number; bytes: number; maxBytes: number };
      console.log(`    after a full GC: heap used ${r.heapUsedMb.toFixed(1)} MB, external ${r.externalMb.toFixed(1)} MB, RSS ${r.rssMb.toFixed(1)} MB; response cache ${cache.entries} entries, ${(cache.bytes / 2 ** 20).toFixed(1)} of ${(cache.maxBytes / 2 ** 20).toFixed(0)} MiB`);
    }
  }
  inspector?.close();
  clearInterval(ticker);
  clearInterval(sampler);
  clearInterval(inbox);
  await Promise.all(inFlight);
  const alive = (await fetch(`${server.url}/api/v2/status.json`)).status;
  await server.stop();
  await fake.close();
  if (process.env.SOAK_SERVER_LOG) writeFileSync(process.env.SOAK_SERVER_LOG, server.output());

  const errors = warm.errors + done.reduce((n, m) => n + m.errors, 0);
  const requests = done.reduce((n, m) => n + m.requests, 0);
  const first = mean(done[0]!.rss);
  const last = mean(done.at(-1)!.rss);
  const ratio = last / first;
  console.log(
    `Soak done: ${requests} requests, ${errors} errors, ${done.reduce((n, m) => n + m.fiveXx, 0)} 5xx; ${people.counts.subscribed} subscribed, ${people.counts.confirmed} confirmed, ${people.counts.unsubscribed} unsubscribed in one click; ` +
      `RSS last ÷ first minute = ${ratio.toFixed(3)} (${last.toFixed(1)} ÷ ${first.toFixed(1)} MB, limit ${RSS_GROWTH_LIMIT}); server ${alive === 200 ? 'up' : `answered ${alive}`} at the end`,
  );
  if (retained.length > 1) {
    const [a, b] = [retained[0]!, retained.at(-1)!];
    console.log(`Retained after a full GC, first → last minute: heap ${a.heapUsedMb.toFixed(1)} → ${b.heapUsedMb.toFixed(1)} MB, RSS ${a.rssMb.toFixed(1)} → ${b.rssMb.toFixed(1)} MB (${(b.rssMb / a.rssMb).toFixed(3)}×)`);
  }
  if (minutes === 1) console.log('(One minute: the RSS comparison is of that minute with itself; run the default 10 minutes to judge growth.)');
  return errors === 0 && alive === 200 && ratio <= RSS_GROWTH_LIMIT ? 0 : 1;
}

process.exitCode = await main();
