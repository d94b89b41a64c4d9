// Staff accounts: created and disabled from the CLI (the first admin of an install has no console
// to use yet), listed by the CLI and the console. Every change is one write() with its audit entry;
// the password and its hash never enter the audit log.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import { staffSessions, staffUsers } from '../../../db/schema.ts';
import { ApiError } from '../../lib/http-error.ts';
import type { Actor, Role } from '../kernel/api-keys.ts';
import type { AppContext } from '../kernel/context.ts';
import { write, type Tx } from '../kernel/write.ts';
import { hashPassword, passwordProblem, PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';

type Conn = Db | Tx;
export type StaffUserRow = typeof staffUsers.$inferSelect;
/** An account as everything outside this folder sees it: never the password hash. */
export type StaffUser = Omit<StaffUserRow, 'passwordHash'>;

const Email = z.email().max(254);

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function publicUser(row: StaffUserRow): StaffUser {
  const { passwordHash: _hash, ...user } = row;
  return user;
}

export function listStaffUsers(db: Conn): StaffUser[] {
  return db.select().from(staffUsers).orderBy(asc(staffUsers.id)).all().map(publicUser);
}

export function findStaffUserByEmail(db: Conn, email: string): StaffUserRow | undefined {
  return db.select().from(staffUsers).where(eq(staffUsers.email, normaliseEmail(email))).get();
}

export function findStaffUser(db: Conn, id: number): StaffUserRow | undefined {
  return db.select().from(staffUsers).where(eq(staffUsers.id, id)).get();
}

/** An account named by its numeric id or its email. */
export function findStaffUserRef(db: Conn, ref: string): StaffUserRow | undefined {
  return /^[1-9]\d{0,15}$/.test(ref) ? findStaffUser(db, Number(ref)) : findStaffUserByEmail(db, ref);
}

export interface CreateStaffUserInput {
  email: string;
  role: Role;
  name?: string | undefined;
  password: string;
}

export async function createStaffUser(ctx: AppContext, actor: Actor, input: CreateStaffUserInput): Promise<StaffUser> {
  const email = normaliseEmail(input.email);
  if (!Email.safeParse(email).success) throw new ApiError('invalid_request', 'The email address is not valid.', { field: 'email' });
  const problem = passwordProblem(input.password);
  if (problem) throw new ApiError('invalid_request', `The password must have ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`, { field: 'password', problem });
  const name = (input.name ?? '').trim().slice(0, 100);
  // Hashing takes tens of milliseconds on the thread pool: done before the transaction opens.
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock();
  return write(ctx, actor, { at: now, backfilled: false }, ({ tx, audit }) => {
    if (findStaffUserByEmail(tx, email)) throw new ApiError('name_taken', `A staff account for ${email} already exists.`, { field: 'email' });
    const row = tx.insert(staffUsers).values({ email, name, role: input.role, passwordHash, createdAt: now, updatedAt: now }).returning().get();
    const user = publicUser(row);
    audit({ action: 'staff.create', entityType: 'staff_user', entityId: row.id, after: user });
    return user;
  });
}

/** Disables an account and ends its sessions at once. Disabling twice keeps the first time. */
export function disableStaffUser(ctx: AppContext, actor: Actor, id: number): StaffUser {
  const now = ctx.clock();
  return write(ctx, actor, { at: now, backfilled: false }, ({ tx, audit }) => {
    const before = findStaffUser(tx, id);
    if (!before) throw new ApiError('not_found', `No staff account ${id}.`);
    tx.delete(staffSessions).where(eq(staffSessions.userId, id)).run();
    if (before.disabledAt !== null) return publicUser(before);
    const after = tx.update(staffUsers).set({ disabledAt: now, updatedAt: now }).where(eq(staffUsers.id, id)).returning().get();
    audit({ action: 'staff.disable', entityType: 'staff_user', entityId: id, before: publicUser(before), after: publicUser(after) });
    return publicUser(after);
  });
}
