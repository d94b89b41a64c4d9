// Staff accounts, passwords, sessions and sign-in, in-process on a fresh database with a clock the
// test moves: exact expiry instants, limits and audit entries.
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { auditLog, staffSessions, staffUsers } from '../../../db/schema.ts';
import { CLI_ACTOR } from '../../../src/cli/common.ts';
import { loadConfig } from '../../../src/config.ts';
import { createContext, type AppContext } from '../../../src/services/kernel/context.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../../../src/services/staff/passwords.ts';
import { csrfMatches, findSession, hashSessionToken, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, setFlash, startSession, takeFlash } from '../../../src/services/staff/sessions.ts';
import { signIn, signOut, SIGN_IN_LIMITS } from '../../../src/services/staff/sign-in.ts';
import { createStaffUser, disableStaffUser, listStaffUsers } from '../../../src/services/staff/users.ts';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const PASSWORD = 'correct horse battery staple';
let clock: { now: number };
let ctx: AppContext;

beforeEach(() => {
  clock = { now: T0 };
  ctx = createContext({ db: createDb(':memory:'), config: loadConfig({ BAKEN_DEMO: '0' }), clock: () => clock.now });
});

describe('passwords', () => {
  it('hashes with argon2id (OWASP parameters, random salt) and verifies only the same password', async () => {
    const a = await hashPassword(PASSWORD);
    const b = await hashPassword(PASSWORD);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, PASSWORD)).toBe(true);
    expect(await verifyPassword(a, `${PASSWORD} `)).toBe(false);
    expect(await verifyPassword('not a hash', PASSWORD)).toBe(false);
    expect(await verifyPassword(undefined, PASSWORD)).toBe(false);
  });

  it('asks for 12 to 256 characters, counted as characters, not bytes', () => {
    expect(passwordProblem('a'.repeat(11))).toBe('too_short');
    expect(passwordProblem('a'.repeat(12))).toBeUndefined();
    expect(passwordProblem('ü'.repeat(12))).toBeUndefined();
    expect(passwordProblem('a'.repeat(257))).toBe('too_long');
  });
});

describe('staff accounts', () => {
  it('are created lower-cased, audited without password or hash, and listed without the hash', async () => {
    const user = await createStaffUser(ctx, CLI_ACTOR, { email: ' Ada@Example.COM ', role: 'editor', name: 'Ada', password: PASSWORD });
    expect(user).toEqual({ id: 1, email: 'ada@example.com', name: 'Ada', role: 'editor', createdAt: T0, updatedAt: T0, lastSignInAt: null, disabledAt: null });
    expect(listStaffUsers(ctx.db)).toEqual([user]);
    const audit = ctx.db.select().from(auditLog).all();
    expect(audit.map((a) => [a.action, a.entityType, a.entityId, a.actorName])).toEqual([['staff.create', 'staff_user', 1, 'cli']]);
    expect(JSON.stringify(audit)).not.toContain('argon2');
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    await expect(createStaffUser(ctx, CLI_ACTOR, { email: 'ada@example.com', role: 'admin', password: PASSWORD })).rejects.toMatchObject({ code: 'name_taken' });
    await expect(createStaffUser(ctx, CLI_ACTOR, { email: 'not-an-address', role: 'admin', password: PASSWORD })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(createStaffUser(ctx, CLI_ACTOR, { email: 'b@example.com', role: 'admin', password: 'short' })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(ctx.db.select().from(staffUsers).all()).toHaveLength(1);
  });
});

describe('sessions', () => {
  it('store only a SHA-256 of the token, expire after 2 h idle or 12 h in all, and are touched once a minute', async () => {
    const user = await createStaffUser(ctx, CLI_ACTOR, { email: 'a@example.com', role: 'viewer', password: PASSWORD });
    const { token, session } = startSession(ctx, user.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.tokenHash).toBe(hashSessionToken(token));
    expect(session.tokenHash).not.toContain(token);
    expect(session.expiresAt).toBe(T0 + SESSION_ABSOLUTE_MS);
    expect(SESSION_IDLE_MS).toBe(2 * 3_600_000);
    expect(SESSION_ABSOLUTE_MS).toBe(12 * 3_600_000);

    clock.now = T0 + 30_000;
    expect(findSession(ctx, token)?.session.lastSeenAt).toBe(T0);
    clock.now = T0 + 60_000;
    expect(findSession(ctx, token)?.session.lastSeenAt).toBe(T0 + 60_000);
    // Idle: the last request plus 2 h is the first instant it is gone.
    clock.now = T0 + 60_000 + SESSION_IDLE_MS - 1;
    expect(findSession(ctx, token)).toBeDefined();
    const lastSeen = clock.now;
    clock.now = lastSeen + SESSION_IDLE_MS;
    expect(findSession(ctx, token)).toBeUndefined();
    expect(ctx.db.select().from(staffSessions).all()).toEqual([]);

    // Absolute: kept busy every hour, it still ends 12 h after sign-in.
    clock.now = T0;
    const busy = startSession(ctx, user.id);
    for (let h = 1; h < 12; h++) {
      clock.now = T0 + h * 3_600_000;
      expect(findSession(ctx, busy.token)).toBeDefined();
    }
    clock.now = T0 + SESSION_ABSOLUTE_MS;
    expect(findSession(ctx, busy.token)).toBeUndefined();
    expect(findSession(ctx, 'x'.repeat(500))).toBeUndefined();
  });

  it('end when the account is disabled; carry one flash message and a CSRF token', async () => {
    const user = await createStaffUser(ctx, CLI_ACTOR, { email: 'a@example.com', role: 'admin', password: PASSWORD });
    const { token, session } = startSession(ctx, user.id);
    expect(csrfMatches(session, session.csrfToken)).toBe(true);
    expect(csrfMatches(session, `${session.csrfToken}x`)).toBe(false);
    expect(csrfMatches(session, undefined)).toBe(false);
    setFlash(ctx, session.id, { kind: 'success', key: 'incidentCreated', values: { id: 4 } });
    const found = findSession(ctx, token)!;
    expect(takeFlash(ctx, found.session)).toEqual({ kind: 'success', key: 'incidentCreated', values: { id: 4 } });
    expect(takeFlash(ctx, findSession(ctx, token)!.session)).toBeUndefined();
    expect(found.actor).toEqual({ kind: 'user', keyId: null, userId: user.id, name: 'a@example.com', displayName: 'a@example.com', role: 'admin' });

    disableStaffUser(ctx, CLI_ACTOR, user.id);
    expect(findSession(ctx, token)).toBeUndefined();
    expect(ctx.db.select().from(staffSessions).all()).toEqual([]);
    expect((await signIn(ctx, { email: 'a@example.com', password: PASSWORD }, { client: '192.0.2.1' })).status).toBe('invalid');
  });
});

describe('sign-in', () => {
  it('opens a session for the right password, audited as the person, and sign-out ends it', async () => {
    const user = await createStaffUser(ctx, CLI_ACTOR, { email: 'a@example.com', role: 'editor', password: PASSWORD });
    clock.now = T0 + 1000;
    const result = await signIn(ctx, { email: 'A@example.com ', password: PASSWORD }, { client: '192.0.2.1' });
    if (result.status !== 'signed_in') throw new Error(result.status);
    expect(result.user.lastSignInAt).toBe(T0 + 1000);
    expect(ctx.db.select({ at: staffUsers.lastSignInAt }).from(staffUsers).where(eq(staffUsers.id, user.id)).get()).toEqual({ at: T0 + 1000 });
    const signedIn = findSession(ctx, result.token)!;
    signOut(ctx, signedIn);
    expect(findSession(ctx, result.token)).toBeUndefined();
    expect(ctx.db.select().from(auditLog).all().map((a) => [a.action, a.actorName, a.actorKeyId, a.entityId])).toEqual([
      ['staff.create', 'cli', null, user.id],
      ['staff.sign_in', 'a@example.com', null, user.id],
      ['staff.sign_out', 'a@example.com', null, user.id],
    ]);
  });

  it('locks an account after 5 failures for 15 minutes, unknown addresses alike, and an address after 20 attempts', async () => {
    await createStaffUser(ctx, CLI_ACTOR, { email: 'a@example.com', role: 'editor', password: PASSWORD });
    await createStaffUser(ctx, CLI_ACTOR, { email: 'b@example.com', role: 'editor', password: PASSWORD });
    expect(SIGN_IN_LIMITS).toEqual({ perClient: { limit: 20, windowMs: 900_000 }, perAccount: { limit: 5, windowMs: 900_000 } });
    const attempt = (email: string, password: string, client = '192.0.2.1') => signIn(ctx, { email, password }, { client });
    for (let i = 0; i < 5; i++) expect((await attempt('a@example.com', 'wrong')).status).toBe('invalid');
    expect(await attempt('a@example.com', PASSWORD)).toEqual({ status: 'rate_limited', retryAfterSeconds: 900 });
    for (let i = 0; i < 5; i++) expect((await attempt('ghost@example.com', 'wrong')).status).toBe('invalid');
    expect(await attempt('ghost@example.com', 'wrong')).toEqual({ status: 'rate_limited', retryAfterSeconds: 900 });
    // Another address may still sign in to b; this one has 12 attempts left of its 20.
    expect((await attempt('b@example.com', PASSWORD, '198.51.100.7')).status).toBe('signed_in');
    for (let i = 0; i < 8; i++) expect((await attempt(`x${i}@example.com`, 'wrong')).status).toBe('invalid');
    expect(await attempt('b@example.com', PASSWORD)).toEqual({ status: 'rate_limited', retryAfterSeconds: 900 });
    // The windows move on.
    clock.now = T0 + 900_000 + 1;
    expect((await attempt('a@example.com', PASSWORD)).status).toBe('signed_in');
  });
});
