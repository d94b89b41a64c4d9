// The README's curl walkthrough, step by step over real HTTP against the real built server on the
// demo data `npm start` seeds (19 incidents): the ids come from the answers, demo incident 1's
// published report is left alone, and editing a published report keeps every earlier text as a
// revision that the admin API returns and the public page shows as "edited".
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const TOKEN = 'readme-admin-token-0123456789abcdefghij';
const NOW = '2026-12-02T12:00:00.000Z';
let server: RunningServer;

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function page(path: string): Promise<string> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  server = await startServer({ databasePath: tempDbPath('readme'), env: { ADMIN_TOKEN: TOKEN, BAKEN_DEMO: '1', BAKEN_NOW: NOW } });
});
afterAll(() => server?.stop());

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const BLOCK = /\*\*A whole incident, with curl\*\*[\s\S]*?```sh\n([\s\S]*?)```/.exec(README)![1]!;
/** curl and jq, which the walkthrough uses; CI machines without them skip running it literally. */
const TOOLS = ['curl', 'jq'].every((tool) => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

describe('the README walkthrough', () => {
  it('never names a record by a guessed id: every id in its curl block comes from an answer', () => {
    expect(BLOCK).toContain('INCIDENT=$(curl');
    expect(BLOCK).not.toMatch(/\/(incidents|maintenances)\/\d/);
  });

  it.skipIf(!TOOLS)('runs as written (bash, curl, jq) against a fresh demo: a new incident 20 with a published, once-corrected report; demo incident 1 untouched', async () => {
    const fresh = await startServer({ databasePath: tempDbPath('readme-literal'), env: { ADMIN_TOKEN: TOKEN, BAKEN_DEMO: '1', BAKEN_NOW: NOW } });
    try {
      const get = async (p: string) => (await fetch(`${fresh.url}/api/admin${p}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
      const demoReport = (await get('/incidents/1')).report;
      // The block minus the two lines that start a server (this test started one) and its token.
      const script = BLOCK.split('\n')
        .filter((line) => !/^(export ADMIN_TOKEN=|npm start)/.test(line))
        .join('\n')
        .replace('API=http://localhost:4321/api/admin', `API=${fresh.url}/api/admin`);
      const out = execFileSync('bash', ['-euo', 'pipefail', '-c', script], { env: { ...process.env, ADMIN_TOKEN: TOKEN }, encoding: 'utf8' });
      expect(out).toContain('incident 20\n');
      const incident = await get('/incidents/20');
      expect(incident).toMatchObject({ title: 'Webmail unreachable', status: 'resolved', reportState: 'published_on_time', report: { body: '## What happened\nA log volume filled up: no quota was set.' } });
      expect(incident.report.revisions).toEqual([{ id: 1, editedAt: NOW, author: 'ADMIN_TOKEN', previousBody: '## What happened\nA log volume filled up.', previousTranslation: { body: null } }]);
      expect(incident.updates.map((u: any) => u.status)).toEqual(['resolved', 'monitoring', 'identified', 'investigating']);
      expect((await get('/maintenances/3')).title).toBe('Storage upgrade');
      expect((await get('/incidents/1')).report).toEqual(demoReport);
    } finally {
      await fresh.stop();
    }
  });

  it('posts, resolves and reports a new incident without touching demo incident 1, and keeps each published text as a revision', async () => {
    const demo = await admin('GET', '/incidents/1');
    expect(demo.status).toBe(200);
    const demoReport = demo.body.report;
    expect(demoReport.publishedAt).not.toBeNull();

    expect((await admin('POST', '/services', { name: 'Webmail', slug: 'webmail', group: 'Hosting' })).status).toBe(201);
    const created = await admin('POST', '/incidents', { title: 'Webmail unreachable', severity: 'critical', message: 'We are **investigating**.', services: [{ service: 'webmail', impact: 'major_outage' }] });
    expect(created.status).toBe(201);
    const id: number = created.body.id;
    expect(id).toBe(20);

    for (const update of [{ status: 'identified', message: 'A disk is full.' }, { status: 'monitoring', message: 'Space freed.', services: [{ service: 'webmail', impact: 'degraded_performance' }] }, { status: 'resolved', message: 'All normal.' }]) {
      expect((await admin('POST', `/incidents/${id}/updates`, update)).status).toBe(201);
    }
    const first = '## What happened\nA log volume filled up.';
    expect((await admin('PUT', `/incidents/${id}/report`, { body: first })).body.report.revisions).toEqual([]);
    const published = await admin('POST', `/incidents/${id}/report/publish`, {});
    expect(published.status).toBe(200);
    expect(published.body.reportState).toBe('published_on_time');
    expect(published.body.report.revisions).toEqual([]);

    const second = '## What happened\nA log volume filled up: no quota was set.';
    const third = '## What happened\nA log volume filled up: no quota was set.\n\n## Follow-up\nQuotas on every volume.';
    expect((await admin('PUT', `/incidents/${id}/report`, { body: second })).status).toBe(200);
    // Saving the same text again is no edit and adds no revision.
    expect((await admin('PUT', `/incidents/${id}/report`, { body: second })).body.report.revisions).toHaveLength(1);
    const edited = await admin('PUT', `/incidents/${id}/report`, { body: third });
    expect(edited.status).toBe(200);
    expect(edited.body.report.body).toBe(third);
    expect(edited.body.report.publishedAt).toBe(published.body.report.publishedAt);
    expect(edited.body.report.revisions).toEqual([
      { id: 1, editedAt: NOW, author: 'ADMIN_TOKEN', previousBody: first, previousTranslation: { body: null } },
      { id: 2, editedAt: NOW, author: 'ADMIN_TOKEN', previousBody: second, previousTranslation: { body: null } },
    ]);
    expect((await admin('GET', `/incidents/${id}`)).body.report.revisions).toHaveLength(2);

    // Demo incident 1 is exactly as the seed left it.
    expect((await admin('GET', '/incidents/1')).body.report).toEqual(demoReport);
    expect(demoReport.revisions).toEqual([]);

    const en = await page(`/en/incidents/${id}`);
    expect(en).toMatch(/<span class="report-edited"> · edited <time datetime="2026-12-02T12:00:00.000Z">[^<]+<\/time><\/span>/);
    expect(en).toContain('<summary>Earlier versions (2)</summary>');
    const earlier = en.slice(en.indexOf('<summary>Earlier versions'));
    // Newest replaced text first, the first published text last, both kept.
    expect(earlier.indexOf('no quota was set.</p>')).toBeGreaterThan(0);
    expect(earlier.indexOf('<p>A log volume filled up.</p>')).toBeGreaterThan(earlier.indexOf('no quota was set.</p>'));
    const nl = await page(`/nl/incidents/${id}`);
    expect(nl).toMatch(/<span class="report-edited"> · bewerkt <time datetime="2026-12-02T12:00:00.000Z">/);
    expect(nl).toContain('<summary>Eerdere versies (2)</summary>');
    // An unedited published report says nothing of edits.
    const demoPage = await page('/en/incidents/1');
    expect(demoPage).not.toContain('report-edited');
    expect(demoPage).not.toContain('Earlier version');
  });
});
