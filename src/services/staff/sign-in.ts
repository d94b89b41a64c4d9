// Signing in to the console: email and password, rate limited per client address and per account,
// with one answer for every failure (unknown address, wrong password, disabled account) so the
// form never tells whether an account exists. An unknown address is checked against a dummy hash
// (see passwords.ts), so the time taken tells nothing either.
import { eq } from 'drizzle-orm';
import { staffSessions, staffUsers } from '../../../db/schema.ts';
import type { AppContext } from '../kernel/context.ts';
import { RateLimiter, type RateDecision, type RateLimit } from '../kernel/rate-limit.ts';
import { write } from '../kernel/write.ts';
import { verifyPassword } from './passwords.ts';
import { staffActor, startSession, type SessionRow } from './sessions.ts';
import { findStaffUserByEmail, normaliseEmail, publicUser, type StaffUser } from './users.ts';

const MINUTE = 60_000;

/**
 * Per client address: 20 attempts in 15 minutes, right or wrong (a password-spraying source).
 * Per account: 5 failed attempts in 15 minutes; then even the right password is refused until the
 * window moves on, so guessing is capped at 20 tries an hour per account whatever the source. The
 * account key is the address as typed (normalised), known or not: a refusal reveals nothing.
 */
export const SIGN_IN_LIMITS: { perClient: RateLimit; perAccount: RateLimit } = {
  perClient: { limit: 20, windowMs: 15 * MINUTE },
  perAccount: { limit: 5, windowMs: 15 * MINUTE },
};

const limiters = new WeakMap<AppContext, { perClient: RateLimiter; perAccount: RateLimiter }>();
function limitsOf(ctx: AppContext) {
  let l = limiters.get(ctx);
  if (!l) limiters.set(ctx, (l = { perClient: new RateLimiter(ctx.db, 'sign-in.client', SIGN_IN_LIMITS.perClient), perAccount: new RateLimiter(ctx.db, 'sign-in.account', SIGN_IN_LIMITS.perAccount) }));
  return l;
}

export type SignInResult =
  | { status: 'signed_in'; token: string; session: SessionRow; user: StaffUser }
  | { status: 'invalid' }
  | { status: 'rate_limited'; retryAfterSeconds: number };

const refused = (d: RateDecision & { ok: false }): SignInResult => ({ status: 'rate_limited', retryAfterSeconds: d.retryAfterSeconds });

export async function signIn(ctx: AppContext, input: { email: string; password: string }, o: { client: string }): Promise<SignInResult> {
  const limits = limitsOf(ctx);
  const byClient = limits.perClient.take(o.client, ctx.clock());
  if (!byClient.ok) return refused(byClient);
  const account = normaliseEmail(input.email).slice(0, 254);
  const byAccount = limits.perAccount.peek(account, ctx.clock());
  if (!byAccount.ok) return refused(byAccount);

  const row = account === '' ? undefined : findStaffUserByEmail(ctx.db, account);
  const matches = await verifyPassword(row?.passwordHash, input.password);
  if (!row || !matches || row.disabledAt !== null) {
    limits.perAccount.take(account, ctx.clock());
    return { status: 'invalid' };
  }
  const now = ctx.clock();
  const user = publicUser(row);
  const opened = write(ctx, staffActor(user), { at: now, backfilled: false }, ({ tx, audit }) => {
    tx.update(staffUsers).set({ lastSignInAt: now }).where(eq(staffUsers.id, row.id)).run();
    audit({ action: 'staff.sign_in', entityType: 'staff_user', entityId: row.id });
    return startSession(ctx, row.id, tx);
  });
  return { status: 'signed_in', token: opened.token, session: opened.session, user: { ...user, lastSignInAt: now } };
}

/** Ends the session of a signed-in user, audited like the sign-in. */
export function signOut(ctx: AppContext, signedIn: { session: { id: number }; user: StaffUser }): void {
  const now = ctx.clock();
  write(ctx, staffActor(signedIn.user), { at: now, backfilled: false }, ({ tx, audit }) => {
    tx.delete(staffSessions).where(eq(staffSessions.id, signedIn.session.id)).run();
    audit({ action: 'staff.sign_out', entityType: 'staff_user', entityId: signedIn.user.id });
  });
}
