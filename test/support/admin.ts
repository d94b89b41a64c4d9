// An admin-API world: a fresh :memory: database, a clock the test moves, the real Hono app, and
// bearer headers for each role (keys created through the real key service).
import { asc } from 'drizzle-orm';
import { expect } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { auditLog, outboxEvents } from '../../db/schema.ts';
import { createApi } from '../../src/api/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createApiKey, type Role } from '../../src/services/kernel/api-keys.ts';
import { createContext, type AppContext } from '../../src/services/kernel/context.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface AdminWorld {
  db: Db;
  ctx: AppContext;
  app: ReturnType<typeof createApi>;
  /** Current clock value (ms); set it to move time. */
  clock: { now: number };
  keys: Record<Role, string>;
  /** JSON request as a role (default admin), body serialised; returns status and parsed JSON. */
  call: (method: string, path: string, body?: unknown, role?: Role | 'none' | string) => Promise<{ status: number; body: any }>;
}

export function adminWorld(startAt = Date.parse('2026-11-02T10:00:00Z')): AdminWorld {
  const db = createDb(':memory:');
  const clock = { now: startAt };
  const ctx = createContext({ db, config: loadConfig({ ADMIN_TOKEN, BAKEN_DEMO: '0' }), clock: () => clock.now });
  const app = createApi(ctx);
  const keys = {
    viewer: createApiKey(db, { name: 'viewer', role: 'viewer', now: startAt }).token,
    editor: createApiKey(db, { name: 'editor', role: 'editor', now: startAt }).token,
    admin: createApiKey(db, { name: 'admin', role: 'admin', now: startAt }).token,
  };
  const call: AdminWorld['call'] = async (method, path, body, role = 'admin') => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = role === 'none' ? undefined : role in keys ? keys[role as Role] : role;
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return { db, ctx, app, clock, keys, call };
}

export const auditRows = (w: AdminWorld) => w.db.select().from(auditLog).orderBy(asc(auditLog.id)).all();
export const outboxRows = (w: AdminWorld) => w.db.select().from(outboxEvents).orderBy(asc(outboxEvents.id)).all();

/**
 * An assertion that a request is refused with this status and code and writes nothing, judged by
 * the test's own `counts` (row counts of the tables it cares about).
 */
export function refusalChecker(counts: (w: AdminWorld) => unknown) {
  return async (w: AdminWorld, method: string, path: string, body: unknown, role: string, status: number, code: string) => {
    const before = counts(w);
    const res = await w.call(method, path, body, role);
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
    expect(counts(w)).toEqual(before);
    return res;
  };
}
