// Console sessions in the database. The browser holds a 256-bit random token; the table holds its
// SHA-256 (a slow hash adds nothing for a random 256-bit secret). A session lives until the first
// of: sign-out, SESSION_IDLE_MS without a request, SESSION_ABSOLUTE_MS after sign-in, the account
// being disabled. Sessions are not audited records, so they are written directly, not via write().
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq, lt, or } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { staffSessions, staffUsers } from '../../../db/schema.ts';
import type { StaffActor } from '../kernel/api-keys.ts';
import type { AppContext } from '../kernel/context.ts';
import type { Tx } from '../kernel/write.ts';
import { publicUser, type StaffUser } from './users.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Long enough to write a post-incident report without saving; the preview keeps it alive too. */
export const SESSION_IDLE_MS = 2 * HOUR;
/** One working night or day: a stolen cookie is worth at most this long. */
export const SESSION_ABSOLUTE_MS = 12 * HOUR;
/** lastSeenAt is written at most this often, so reading a page is not a write each time. */
const TOUCH_EVERY_MS = MINUTE;

export type SessionRow = typeof staffSessions.$inferSelect;

/** A message for the next page after a redirect: a key of the console dictionary and its values. */
export interface Flash {
  kind: 'success' | 'warning';
  key: string;
  values?: Record<string, string | number>;
}

export interface SignedIn {
  user: StaffUser;
  session: SessionRow;
  actor: StaffActor;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function staffActor(user: StaffUser): StaffActor {
  return { kind: 'user', keyId: null, userId: user.id, name: user.email, displayName: user.name.trim() || user.email, role: user.role };
}

/** Opens a session for a user who just proved their password; returns the cookie's token. */
export function startSession(ctx: AppContext, userId: number, conn: Db | Tx = ctx.db): { token: string; session: SessionRow } {
  const now = ctx.clock();
  const token = randomBytes(32).toString('base64url');
  // Expired sessions of anyone are swept here: sign-ins are rare, so the table stays small.
  conn
    .delete(staffSessions)
    .where(or(lt(staffSessions.expiresAt, now), lt(staffSessions.lastSeenAt, now - SESSION_IDLE_MS)))
    .run();
  const session = conn
    .insert(staffSessions)
    .values({ userId, tokenHash: hashSessionToken(token), csrfToken: randomBytes(32).toString('base64url'), createdAt: now, lastSeenAt: now, expiresAt: now + SESSION_ABSOLUTE_MS })
    .returning()
    .get();
  return { token, session };
}

/** The live session a cookie token stands for, or undefined (unknown, expired, ended, account disabled). */
export function findSession(ctx: AppContext, token: string | undefined): SignedIn | undefined {
  if (!token || token.length > 100) return undefined;
  const now = ctx.clock();
  const found = ctx.db
    .select({ session: staffSessions, user: staffUsers })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
    .where(eq(staffSessions.tokenHash, hashSessionToken(token)))
    .get();
  if (!found) return undefined;
  const { session, user } = found;
  if (session.expiresAt <= now || now - session.lastSeenAt >= SESSION_IDLE_MS || user.disabledAt !== null) {
    ctx.db.delete(staffSessions).where(eq(staffSessions.id, session.id)).run();
    return undefined;
  }
  if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
    ctx.db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, session.id)).run();
    session.lastSeenAt = now;
  }
  const staff = publicUser(user);
  return { user: staff, session, actor: staffActor(staff) };
}

export function endSession(ctx: AppContext, sessionId: number): void {
  ctx.db.delete(staffSessions).where(eq(staffSessions.id, sessionId)).run();
}

/** True when `given` is this session's anti-CSRF token (compared in constant time). */
export function csrfMatches(session: Pick<SessionRow, 'csrfToken'>, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function setFlash(ctx: AppContext, sessionId: number, flash: Flash): void {
  ctx.db.update(staffSessions).set({ flash }).where(eq(staffSessions.id, sessionId)).run();
}

/** The pending message, removed as it is read (shown once). */
export function takeFlash(ctx: AppContext, session: SessionRow): Flash | undefined {
  if (session.flash === null || session.flash === undefined) return undefined;
  ctx.db
    .update(staffSessions)
    .set({ flash: null })
    .where(eq(staffSessions.id, session.id))
    .run();
  return session.flash as Flash;
}
