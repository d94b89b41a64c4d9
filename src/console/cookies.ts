// The console's cookies. Both are HttpOnly and SameSite=Strict with Path=/; behind https they are
// Secure and carry the __Host- prefix, which browsers only accept from a secure origin, for the
// whole host (Path=/) and without a Domain: no subdomain can set or overwrite them.
import type { Config } from '../config.ts';
import { SESSION_ABSOLUTE_MS } from '../services/staff/sessions.ts';

const secure = (config: Config) => config.publicUrl.startsWith('https:');
const named = (config: Config, name: string) => (secure(config) ? `__Host-${name}` : name);

export const sessionCookie = (config: Config) => named(config, 'baken_session');
/** Anti-CSRF token of the sign-in form (there is no session yet to hold one). */
export const signInCookie = (config: Config) => named(config, 'baken_sign_in');

/** Options in the shape both Astro.cookies and hono/cookie take. */
export function cookieOptions(config: Config, maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: secure(config), maxAge: maxAgeSeconds } as const;
}

export const SESSION_COOKIE_MAX_AGE = Math.floor(SESSION_ABSOLUTE_MS / 1000);
export const SIGN_IN_COOKIE_MAX_AGE = 3600;

/** Deleting a __Host- cookie needs the same Secure and Path attributes it was set with. */
export function deleteOptions(config: Config) {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: secure(config) } as const;
}
