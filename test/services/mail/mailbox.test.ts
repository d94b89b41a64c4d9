// No RESEND_API_KEY: emails become files in the dev mailbox, listed by the admin API.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { createApi } from '../../../src/api/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createContext } from '../../../src/services/kernel/context.ts';
import { createMailer, mailboxDirFor } from '../../../src/services/mail/mailer.ts';
import { drainOutbox } from '../../../src/services/mail/outbox-worker.ts';
import { ADMIN_TOKEN } from '../../support/admin.ts';
import { addSubscribers } from './world.ts';

function world() {
  const dir = mkdtempSync(join(tmpdir(), 'baken-mailbox-'));
  const config = loadConfig({ ADMIN_TOKEN, BAKEN_DEMO: '0', DATABASE_PATH: join(dir, 'data', 'baken.db') });
  const db = createDb(config.databasePath);
  const ctx = createContext({ db, config, clock: () => Date.parse('2026-11-02T10:00:00Z') });
  const app = createApi(ctx);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  return { dir, config, db, ctx, call };
}

describe('dev mailbox', () => {
  it('writes each email as JSON + HTML under <data dir>/mailbox, once per key, listed at /api/admin/mailbox', async () => {
    const w = world();
    const mailer = createMailer(w.config, { clock: w.ctx.clock });
    expect(mailer.kind).toBe('mailbox');
    const box = mailboxDirFor(w.config);
    expect(box).toBe(join(w.dir, 'data', 'mailbox'));

    expect((await w.call('POST', '/api/admin/services', { name: 'Webmail', slug: 'webmail' })).status).toBe(201);
    addSubscribers(w.db, { count: 3, locale: 'nl' });
    expect((await w.call('POST', '/api/admin/incidents', { title: 'Webmail traag', severity: 'low', message: 'We kijken ernaar.', services: [{ service: 'webmail', impact: 'degraded_performance' }] })).status).toBe(201);
    await drainOutbox(w.ctx, mailer);

    const files = readdirSync(box).sort();
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(3);
    expect(files.filter((f) => f.endsWith('.html'))).toHaveLength(3);
    const listed = await w.call('GET', '/api/admin/mailbox');
    expect(listed.status).toBe(200);
    expect(listed.body.active).toBe(true);
    expect(listed.body.emails.map((e: any) => e.to).sort()).toEqual(['sub0@example.test', 'sub1@example.test', 'sub2@example.test']);
    const first = listed.body.emails[0];
    expect(first.subject).toBe('[Sensey] Storing: Webmail traag');
    // Written at the application's (fixed) time.
    expect(first.createdAt).toBe('2026-11-02T10:00:00.000Z');
    expect(first.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(readFileSync(join(box, first.htmlFile), 'utf8')).toContain('<html lang="nl">');

    // The same batch again (a crash before the ids were recorded) writes nothing new.
    const again = await mailer.sendBatch([{ from: 'a@b.test', to: 'x@y.test', subject: 's', html: 'h', text: 't', headers: {}, tags: [] }], { idempotencyKey: first.idempotencyKey });
    expect(again).toEqual({ ok: true, results: [{ id: listed.body.emails.find((e: any) => e.htmlFile.endsWith('-000.html') && e.idempotencyKey === first.idempotencyKey).id }], rate: {} });
    expect(readdirSync(box)).toHaveLength(6);
    const rows = w.db.$client.prepare('SELECT state, resend_id FROM deliveries').all() as { state: string; resend_id: string }[];
    expect(rows.every((r) => r.state === 'sent' && r.resend_id.startsWith('mailbox_'))).toBe(true);
  });
});
