// Lighthouse (npm, pinned) with Debian's Chromium against the real built server on the demo data:
// performance, accessibility, best practices and SEO on /en/, /nl/, an incident page and this
// month's SLA report, mobile (Lighthouse's default, throttled) and desktop. Prints the scores and
// writes them to lighthouse-scores.md (or --out FILE); exits 1 when any score is under 95.
// Not part of `npm test`: `npm run lighthouse` (CHROME_PATH defaults to /usr/bin/chromium).
import { writeFileSync } from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { createDb } from '../db/client.ts';
import { seedDemo } from '../db/seed.ts';
import { buildIfStale } from './build-if-stale.mjs';
import { startServer, tempDbPath } from '../test/support/server.ts';

const MIN = 95;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1]! : 'lighthouse-scores.md';

buildIfStale();
const path = tempDbPath('lighthouse');
const db = createDb(path);
seedDemo(db, { now: Date.now(), timeZone: 'Europe/Amsterdam' });
db.$client.close();
const server = await startServer({ databasePath: path });

async function firstLink(page: string, pattern: RegExp): Promise<string> {
  const body = await (await fetch(`${server.url}${page}`)).text();
  const found = [...body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).find((href) => pattern.test(href));
  if (!found) throw new Error(`no link matching ${pattern} on ${page}`);
  return found;
}
const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
const pages: [string, string][] = [
  ['home (en)', '/en/'],
  ['home (nl)', '/nl/'],
  ['an incident', await firstLink('/en/incidents', /^\/en\/incidents\/\d+$/)],
  ['SLA report (this month)', `/en/reports/${month}`],
];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const rows: { page: string; path: string; device: string; scores: Record<string, number>; failing: string[] }[] = [];
try {
  for (const device of ['mobile', 'desktop'] as const) {
    for (const [name, p] of pages) {
      // A category Lighthouse could not score (null: a gatherer failed, seen now and then with Debian's
      // Chromium) is measured once more; if it still has none, the reason is printed and it counts as 0.
      let lhr;
      for (let attempt = 1; ; attempt++) {
        const result = await lighthouse(`${server.url}${p}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] }, device === 'desktop' ? desktopConfig : undefined);
        if (!result) throw new Error(`no Lighthouse result for ${p}`);
        lhr = result.lhr;
        if (CATEGORIES.every((c) => lhr!.categories[c]?.score != null) || attempt === 2) break;
      }
      const unscored = CATEGORIES.filter((c) => lhr.categories[c]?.score == null);
      if (unscored.length) console.log(`${device} ${name}: ${unscored.join(', ')} not scored: ${lhr.runtimeError?.message ?? 'see the Lighthouse report'}`);
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
      // The audits that cost points, so a score under 95 says why.
      const failing = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual')
        .map((a) => a.id);
      rows.push({ page: name, path: p, device, scores, failing });
      console.log(`${device.padEnd(7)} ${name.padEnd(24)} ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join('  ')}${failing.length ? `  (below 0.9: ${failing.join(', ')})` : ''}`);
    }
  }
} finally {
  chrome.kill();
  await server.stop();
}

const table = [
  `Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, Chromium at ${process.env.CHROME_PATH ?? '/usr/bin/chromium'}, demo data, ${new Date().toISOString()}`,
  '',
  '| page | path | device | performance | accessibility | best practices | SEO |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.page} | \`${r.path}\` | ${r.device} | ${CATEGORIES.map((c) => r.scores[c]).join(' | ')} |`),
  '',
].join('\n');
writeFileSync(out, table);
console.log(`\n${table}\nwritten to ${out}`);
const low = rows.filter((r) => CATEGORIES.some((c) => r.scores[c]! < MIN));
if (low.length) {
  console.error(`${low.length} run(s) under ${MIN}`);
  process.exitCode = 1;
}
