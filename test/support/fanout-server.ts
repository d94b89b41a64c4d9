// A real server over a database of `subscribers` confirmed subscribers to every service, sending
// through a slow fake Resend (50 ms between accepting and answering, so a batch is always on the
// wire): the world of the crash and shutdown tests.
import { createDb } from '../../db/client.ts';
import { startFakeResend, type FakeResend } from './fake-resend.ts';
import { startServer, tempDbPath, type RunningServer } from './server.ts';

export interface FanoutServer {
  fake: FakeResend;
  server: RunningServer;
  path: string;
  /** The server's environment, for a restart on the same database. */
  env: Record<string, string>;
}

/**
 * The scale-out world: at `target` (a path or a postgres:// URL) one service, webmail, and
 * `subscribers` confirmed subscribers of every service, subscriber<i>@example.test.
 */
export function seedWebmailSubscribers(target: string, subscribers: number): void {
  const db = createDb(target);
  const now = Date.now();
  db.$client.prepare(`INSERT INTO service_groups (name, position, created_at, updated_at) VALUES ('Hosting', 0, ?, ?)`).run(now, now);
  db.$client.prepare(`INSERT INTO services (slug, name, group_id, position, sla_covered, start_date, created_at, updated_at) VALUES ('webmail', 'Webmail', 1, 0, 1, ?, ?, ?)`).run(now - 86_400_000, now, now);
  const insert = db.$client.prepare(`INSERT INTO subscribers (email, locale, all_services, created_at, confirmed_at, updated_at) VALUES (?, 'en', 1, 0, 1, 0)`);
  db.$client.transaction(() => {
    for (let i = 0; i < subscribers; i++) insert.run(`subscriber${i}@example.test`);
  })();
  db.$client.close();
}

export async function startFanoutServer(o: { name: string; subscribers: number; adminToken: string }): Promise<FanoutServer> {
  const fake = await startFakeResend({ apiKey: 're_test', latencyMs: 50, requestsPerSecond: 20, keepBodies: false });
  const path = tempDbPath(o.name);
  const db = createDb(path);
  const insert = db.$client.prepare(`INSERT INTO subscribers (email, locale, all_services, created_at, confirmed_at, updated_at) VALUES (?, ?, 1, 0, 1, 0)`);
  db.$client.transaction(() => {
    for (let i = 0; i < o.subscribers; i++) insert.run(`customer${i}@example.test`, i % 2 ? 'nl' : 'en');
  })();
  db.$client.close();
  // PUBLIC_URL fixed: links are part of a batch's bytes, and a restart gets a new port.
  const env = { ADMIN_TOKEN: o.adminToken, RESEND_API_KEY: 're_test', RESEND_BASE_URL: fake.url, PUBLIC_URL: 'https://status.example.test' };
  const server = await startServer({ databasePath: path, env });
  return { fake, server, path, env };
}
