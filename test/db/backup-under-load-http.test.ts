// Backup under load, with the real CLI and the real server: admin writes arrive at ≥ 50/s while
// `baken backup` runs in its own process; the backup restored (by the CLI's restore, in-process)
// into a fresh server holds every write acknowledged before the backup started, and passes
// integrity_check. Restoring over the live file of the running server is refused.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { run } from '../../src/cli.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';
import { ON_PG } from '../support/engine.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOKEN = 'backup-load-admin-token-0123456789abcdef';
const servers: RunningServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.stop())));

function baken(databasePath: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: databasePath }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI in this process (a child costs seconds of TypeScript loading; the backup itself runs in one). */
async function bakenHere(databasePath: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { ...process.env, DATABASE_PATH: databasePath }, { out: (l) => (stdout += `${l}\n`), err: (l) => (stderr += `${l}\n`) });
  return { code, stdout, stderr };
}

const admin = (server: RunningServer, method: string, path: string, body?: unknown) =>
  fetch(`${server.url}/api/admin${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

describe.skipIf(ON_PG)('backup under load', () => {
  it('keeps every write acknowledged before it started, and restores into a fresh server', { timeout: 120_000 }, async () => {
    const livePath = tempDbPath('live');
    // ≈ 24 MB of history, so the backup takes many steps and concurrent writes force restarts.
    const db = createDb(livePath);
    const insert = db.$client.prepare("INSERT INTO audit_log (at, effective_at, actor_name, action, entity_type, after) VALUES (0, 0, 'seed', 'seed', 'seed', ?)");
    db.$client.transaction(() => {
      for (let i = 0; i < 6000; i++) insert.run(JSON.stringify({ filler: 'x'.repeat(4000), i }));
    })();
    db.$client.close();
    const live = await startServer({ databasePath: livePath, env: { ADMIN_TOKEN: TOKEN } });
    servers.push(live);
    expect((await admin(live, 'POST', '/services', { name: 'Web', slug: 'web' })).status).toBe(201);

    // Open-loop writer: 80 incidents a second offered, each send and acknowledgement timed.
    const sent: number[] = [];
    const acked: { id: number; title: string; at: number }[] = [];
    const failures: string[] = [];
    const inFlight = new Set<Promise<void>>();
    let n = 0;
    const writeOne = async () => {
      const title = `Load ${++n}`;
      sent.push(Date.now());
      try {
        const res = await admin(live, 'POST', '/incidents', { title, severity: 'low', message: 'Writes under backup.', services: [{ service: 'web', impact: 'degraded_performance' }], notify: false });
        const body = await res.json();
        if (res.status === 201) acked.push({ id: body.id, title, at: Date.now() });
        else failures.push(`${res.status} ${JSON.stringify(body)}`);
      } catch (e) {
        failures.push(String(e));
      }
    };
    // Timers slip on a busy machine: each tick sends what the elapsed time owes.
    const writerStart = performance.now();
    const timer = setInterval(() => {
      while (n < ((performance.now() - writerStart) * 80) / 1000) {
        const p = writeOne().finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    }, 8);

    await new Promise((r) => setTimeout(r, 1500));
    const backupFile = join(dirname(livePath), 'backup.db');
    const startedAt = Date.now();
    const ackedBefore = acked.filter((a) => a.at < startedAt);
    const backup = await baken(livePath, 'backup', backupFile);
    const endedAt = Date.now();
    await new Promise((r) => setTimeout(r, 500));
    clearInterval(timer);
    await Promise.all(inFlight);

    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up .* \d+ pages \(2\d\.\d MiB\) in \d+\.\d s(, restarted \d+× by concurrent writes)?; integrity check ok\.\n$/);
    expect(failures).toEqual([]);
    // Writes arrive at ≥ 50/s while the backup runs; how many the server acknowledges in that time
    // depends on the machine (a loaded CI box manages fewer), but some must land mid-backup.
    const seconds = (endedAt - startedAt) / 1000;
    const arriving = sent.filter((t) => t >= startedAt && t <= endedAt).length / seconds;
    const during = acked.filter((a) => a.at >= startedAt && a.at <= endedAt);
    const perSecond = during.length / seconds;
    expect(arriving).toBeGreaterThanOrEqual(50);
    expect(during.length).toBeGreaterThanOrEqual(10);
    expect(ackedBefore.length).toBeGreaterThanOrEqual(20);

    // Restoring over the running server's live file is refused, and the server is unharmed.
    const refused = await bakenHere(livePath, 'restore', backupFile);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is open in another process (is the server running?)');
    expect((await admin(live, 'GET', `/incidents/${acked.at(-1)!.id}`)).status).toBe(200);

    const freshPath = tempDbPath('fresh');
    const restore = await bakenHere(freshPath, 'restore', backupFile);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const fresh = await startServer({ databasePath: freshPath, env: { ADMIN_TOKEN: TOKEN } });
    servers.push(fresh);
    const missing: number[] = [];
    for (const a of ackedBefore) {
      const res = await admin(fresh, 'GET', `/incidents/${a.id}`);
      const body = await res.json();
      if (res.status !== 200 || body.title !== a.title) missing.push(a.id);
    }
    expect(missing).toEqual([]);
    const check = new Database(freshPath, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    const inBackup = (check.prepare("SELECT count(*) AS n FROM incidents WHERE title LIKE 'Load %'").get() as { n: number }).n;
    check.close();
    console.log(`backup under load: ${sent.length} writes sent (${arriving.toFixed(0)}/s during the backup), ${acked.length} acknowledged (${perSecond.toFixed(0)}/s during the backup), ${ackedBefore.length} before it started, all ${ackedBefore.length} found after restore; the backup holds ${inBackup}; ${backup.stdout.trim()}`);
  });
});
