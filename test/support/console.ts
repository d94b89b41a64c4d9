// A staff-console world on a real SQLite file, for suites that start the real built server: staff
// accounts of each role (created through the real service, so passwords are really hashed),
// sessions opened directly in the database (as a sign-in would), and form posts over HTTP.
import { loadConfig } from '../../src/config.ts';
import { CLI_ACTOR } from '../../src/cli/common.ts';
import type { Role } from '../../src/services/kernel/api-keys.ts';
import { createContext, type AppContext } from '../../src/services/kernel/context.ts';
import { startSession } from '../../src/services/staff/sessions.ts';
import { createStaffUser, type StaffUser } from '../../src/services/staff/users.ts';
import { createDb } from '../../db/client.ts';

export const PASSWORDS: Record<Role, string> = {
  viewer: 'viewer-Passw0rd-kiwi-lantern',
  editor: 'editor-Passw0rd-otter-harbour',
  admin: 'admin-Passw0rd-falcon-meadow',
};

export interface ConsoleWorld {
  ctx: AppContext;
  users: Record<Role, StaffUser>;
}

/** A database file with one staff account per role (email `<role>@example.com`). */
export async function consoleWorld(databasePath: string): Promise<ConsoleWorld> {
  const db = createDb(databasePath);
  const ctx = createContext({ db, config: loadConfig({ BAKEN_DEMO: '0', DATABASE_PATH: databasePath }), clock: () => Date.now() });
  const users = {} as Record<Role, StaffUser>;
  for (const role of ['viewer', 'editor', 'admin'] as const) users[role] = await createStaffUser(ctx, CLI_ACTOR, { email: `${role}@example.com`, role, password: PASSWORDS[role] });
  return { ctx, users };
}

export interface Session {
  cookie: string;
  csrf: string;
  id: number;
}

export function sessionFor(w: ConsoleWorld, role: Role): Session {
  const { token, session } = startSession(w.ctx, w.users[role].id);
  return { cookie: `baken_session=${token}`, csrf: session.csrfToken, id: session.id };
}

export interface Answer {
  status: number;
  location: string | null;
  headers: Headers;
  body: string;
}

/** A request as a browser form would send it (redirects not followed). */
export async function send(url: string, method: 'GET' | 'POST', o: { cookie?: string; origin?: string | null; form?: Record<string, string | string[]> } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (o.cookie) headers.cookie = o.cookie;
  let body: string | undefined;
  if (method === 'POST') {
    if (o.origin !== null) headers.origin = o.origin ?? new URL(url).origin;
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(o.form ?? {})) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    body = params.toString();
  }
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), headers: res.headers, body: await res.text() };
}

/** The value of a cookie from a response's Set-Cookie headers. */
export function cookieFrom(headers: Headers, name: string): string | undefined {
  for (const line of headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [k, v] = pair!.split('=');
    if (k === name) return v;
  }
  return undefined;
}

/** Signs in over HTTP like a browser: GET the form (cookie + hidden token), POST it. */
export async function signInOverHttp(base: string, email: string, password: string, locale = 'en'): Promise<{ answer: Answer; cookie: string | undefined }> {
  const form = await send(`${base}/${locale}/admin/sign-in`, 'GET');
  const token = cookieFrom(form.headers, 'baken_sign_in')!;
  const answer = await send(`${base}/${locale}/admin/sign-in`, 'POST', { cookie: `baken_sign_in=${token}`, form: { _csrf: token, email, password } });
  return { answer, cookie: cookieFrom(answer.headers, 'baken_session') };
}
