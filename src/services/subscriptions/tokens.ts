// Signed links for subscribers: confirm (expires), manage and unsubscribe (long-lived). A token is
// `<purpose>.<subscriberId>.<expiresAt>.<HMAC-SHA256>`; nothing is stored, so links need no table
// and cannot be enumerated. The secret is BAKEN_SECRET, or one generated once and kept in the
// settings table so links survive restarts.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { settings } from '../../../db/schema.ts';

export type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe';

/** Confirmation links expire after 48 hours; manage/unsubscribe links must work for years. */
export const CONFIRM_TTL_MS = 48 * 3_600_000;
const LONG_TTL_MS = 10 * 365 * 24 * 3_600_000;

/** The configured secret, or one generated once (at `now`) and kept in the database. */
export function tokenSecret(db: Db, configured: string | undefined, now: number): string {
  if (configured) return configured;
  const row = db.select().from(settings).where(eq(settings.key, 'token_secret')).get();
  if (row) return row.value;
  const value = randomBytes(32).toString('base64url');
  db.insert(settings).values({ key: 'token_secret', value, updatedAt: now }).onConflictDoNothing().run();
  return db.select().from(settings).where(eq(settings.key, 'token_secret')).get()!.value;
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function signToken(secret: string, purpose: TokenPurpose, subscriberId: number, now: number): string {
  const expiresAt = now + (purpose === 'confirm' ? CONFIRM_TTL_MS : LONG_TTL_MS);
  const payload = `${purpose}.${subscriberId}.${expiresAt}`;
  return `${payload}.${mac(secret, payload)}`;
}

/** The subscriber id a valid, unexpired token of this purpose names; undefined otherwise. */
export function verifyToken(secret: string, token: string, purpose: TokenPurpose, now: number): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== purpose) return undefined;
  const [, id, expires, signature] = parts as [string, string, string, string];
  if (!/^[1-9]\d{0,15}$/.test(id) || !/^\d{1,16}$/.test(expires)) return undefined;
  const expected = Buffer.from(mac(secret, `${purpose}.${id}.${expires}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (Number(expires) < now) return undefined;
  return Number(id);
}
