// Admin API keys: created once (the plain key is returned only then), stored as a SHA-256 hash,
// recognised by their prefix, revocable. Used by the API's auth middleware and by the CLI.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { apiKeys } from '../../../db/schema.ts';
import type { Role } from '../../domain/vocabulary.ts';
import type { AppContext } from './context.ts';
import { write } from './write.ts';

export type { Role };
const ROLE_RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export function roleAllows(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

/**
 * Who performed a request: an API key, the ADMIN_TOKEN from the environment or a system part
 * such as the CLI or the scheduler (keyId null)…
 */
export interface KeyActor {
  kind?: 'key';
  keyId: number | null;
  name: string;
  role: Role;
}

/**
 * …or a staff member signed in to the console. The audit log records them as actorName = their
 * email with actorKeyId null (system actors have no '@' in their names), so rows stay the shape
 * API clients already read.
 */
export interface StaffActor {
  kind: 'user';
  keyId: null;
  userId: number;
  /** The email, as the audit log's actor name. */
  name: string;
  /** The account's name as people read it (report revisions); the email when it has none. */
  displayName?: string;
  role: Role;
}

export type Actor = KeyActor | StaffActor;

export type ApiKeyInfo = Omit<typeof apiKeys.$inferSelect, 'tokenHash'>;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createApiKey(db: Db, o: { name: string; role: Role; now: number }): { key: ApiKeyInfo; token: string } {
  const token = `bkn_${randomBytes(32).toString('base64url')}`;
  const row = db.insert(apiKeys).values({ name: o.name, role: o.role, tokenHash: hashToken(token), prefix: token.slice(0, 12), createdAt: o.now }).returning().get();
  const { tokenHash: _hash, ...key } = row;
  return { key, token };
}

export function listApiKeys(db: Db): ApiKeyInfo[] {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, role: apiKeys.role, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .orderBy(asc(apiKeys.id))
    .all();
}

/** Revokes a key; false when there is no such key. Revoking twice keeps the first revocation time. */
export function revokeApiKey(db: Db, id: number, now: number): ApiKeyInfo | undefined {
  const row = db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
  if (!row) return undefined;
  if (row.revokedAt === null) db.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, id)).run();
  return listApiKeys(db).find((k) => k.id === id);
}

/** The actor a bearer token stands for, or undefined for an unknown or revoked token. */
export function authenticateToken(db: Db, token: string, adminToken: string | undefined, now: number): Actor | undefined {
  if (adminToken !== undefined) {
    const a = Buffer.from(hashToken(token));
    const b = Buffer.from(hashToken(adminToken));
    if (timingSafeEqual(a, b)) return { keyId: null, name: 'ADMIN_TOKEN', role: 'admin' };
  }
  const row = db.select().from(apiKeys).where(eq(apiKeys.tokenHash, hashToken(token))).get();
  if (!row || row.revokedAt !== null) return undefined;
  // Minute resolution is enough for "last used" and spares a write on every request.
  if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id)).run();
  return { keyId: row.id, name: row.name, role: row.role };
}

/** Creates a key as `actor`, audited (the API, the console and the CLI all create keys this way). */
export function issueApiKey(ctx: AppContext, actor: Actor, o: { name: string; role: Role }): { key: ApiKeyInfo; token: string } {
  const now = ctx.clock();
  return write(ctx, actor, { at: now, backfilled: false }, ({ audit }) => {
    const result = createApiKey(ctx.db, { ...o, now });
    audit({ action: 'key.create', entityType: 'api_key', entityId: result.key.id, after: result.key });
    return result;
  });
}

/** Revokes a key as `actor`, audited; undefined when there is no such key. */
export function withdrawApiKey(ctx: AppContext, actor: Actor, id: number): ApiKeyInfo | undefined {
  const now = ctx.clock();
  return write(ctx, actor, { at: now, backfilled: false }, ({ audit }) => {
    const before = listApiKeys(ctx.db).find((k) => k.id === id);
    const after = revokeApiKey(ctx.db, id, now);
    if (after) audit({ action: 'key.revoke', entityType: 'api_key', entityId: id, before, after });
    return after;
  });
}
