// The staff console's gate, in front of every /<locale>/admin page (Hono middleware in
// src/fetch.ts, before Astro renders anything). Deny by default, in this order:
//   1. only GET/HEAD and POST, and only the methods the page offers (routes.ts);
//   2. a POST must come from this site (Origin, else Sec-Fetch-Site) and be at most 256 KiB;
//   3. a valid session (sign-in page excepted): none or expired → 303 to the sign-in page;
//   4. the role the route table asks for the method → else 403;
//   5. a POST must carry the session's anti-CSRF token (the sign-in form: the token of its cookie).
// Every answer is `Cache-Control: no-store`. The signed-in user, their session, the pending flash
// message and the CSRF token are handed to the page in Astro.locals.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { getFetchState } from 'astro/hono';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Locale } from '../config.ts';
import { consoleDictionary } from '../i18n/console/index.ts';
import { roleAllows } from '../services/kernel/api-keys.ts';
import type { AppContext } from '../services/kernel/context.ts';
import { csrfMatches, findSession, takeFlash } from '../services/staff/sessions.ts';
import { cookieOptions, deleteOptions, sessionCookie, signInCookie, SIGN_IN_COOKIE_MAX_AGE } from './cookies.ts';
import { refusalPage } from './refusal.ts';
import { CONSOLE_PATH, findRoute } from './routes.ts';

export const MAX_FORM_BYTES = 256 * 1024;

export function consoleGuard(ctx: AppContext): MiddlewareHandler {
  const publicOrigin = new URL(ctx.config.publicUrl).origin;
  const sameSite = (c: Context) => {
    const origin = c.req.header('origin');
    if (origin !== undefined) return origin === publicOrigin || origin === new URL(c.req.url).origin;
    // Browsers send Origin with every POST; without it, only a same-origin fetch metadata header passes.
    return c.req.header('sec-fetch-site') === 'same-origin';
  };

  return async (c, next) => {
    const match = CONSOLE_PATH.exec(c.req.path);
    if (!match) return next();
    const locale = match[1] as Locale;
    const sub = (match[2] ?? '').replace(/\/$/, '');
    const response = await gate(c, locale, sub, next);
    const res = response ?? c.res;
    res.headers.set('cache-control', 'no-store');
    res.headers.set('x-robots-tag', 'noindex, nofollow');
    if (response) return response;
  };

  async function gate(c: Context, locale: Locale, sub: string, next: () => Promise<void>): Promise<Response | undefined> {
    const t = consoleDictionary(locale).refusal;
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const route = findRoute(sub);
    const access = method === 'GET' ? route?.get : method === 'POST' ? route?.post : null;
    const locals = getFetchState(c).locals;

    if (method === 'POST') {
      if (!sameSite(c)) return refusalPage(locale, 403, t.crossOriginTitle, t.crossOrigin);
      const length = Number(c.req.header('content-length') ?? NaN);
      if (!(length <= MAX_FORM_BYTES)) return refusalPage(locale, 413, t.tooLargeTitle, t.tooLarge);
    }

    if (route && access === 'anyone') {
      let fresh: string | undefined;
      if (method === 'GET') {
        const token = getCookie(c, signInCookie(ctx.config));
        if (!token || token.length !== 43) fresh = randomBytes(32).toString('base64url');
        locals.signInCsrf = fresh ?? token;
      } else if (!sameToken(getCookie(c, signInCookie(ctx.config)), await formField(c, '_csrf'))) {
        return refusalPage(locale, 403, t.csrfTitle, t.csrf);
      }
      await next();
      // Set on the page's own response (headers prepared before next() would be dropped).
      if (fresh) setCookie(c, signInCookie(ctx.config), fresh, cookieOptions(ctx.config, SIGN_IN_COOKIE_MAX_AGE));
      return undefined;
    }

    const token = getCookie(c, sessionCookie(ctx.config));
    const signedIn = findSession(ctx, token);
    if (!signedIn) {
      const expired = token !== undefined;
      if (expired) deleteCookie(c, sessionCookie(ctx.config), deleteOptions(ctx.config));
      const back = method === 'GET' && route ? `next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}` : '';
      const query = [expired ? 'expired=1' : '', back].filter(Boolean).join('&');
      const location = `/${locale}/admin/sign-in${query ? `?${query}` : ''}`;
      return c.redirect(location, 303);
    }
    if (!route) {
      await next();
      return undefined;
    }
    if (access === null || access === undefined) return refusalPage(locale, 405, t.methodTitle, t.method, { allow: [route.get && 'GET', route.post && 'POST'].filter(Boolean).join(', ') });
    if (access !== 'anyone' && !roleAllows(signedIn.user.role, access)) {
      return refusalPage(locale, 403, t.forbiddenTitle, t.forbidden(access, signedIn.user.role), { back: `/${locale}/admin` });
    }
    if (method === 'POST' && !csrfMatches(signedIn.session, await formField(c, '_csrf'))) return refusalPage(locale, 403, t.csrfTitle, t.csrf);

    locals.staff = { ...signedIn, flash: method === 'GET' ? takeFlash(ctx, signedIn.session) : undefined };
    await next();
    return undefined;
  }
}

/** One field of a form body, read from a copy so the page can still read the body itself. */
async function formField(c: Context, name: string): Promise<unknown> {
  try {
    const form = await c.req.raw.clone().formData();
    return form.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

function sameToken(cookie: string | undefined, field: unknown): boolean {
  if (!cookie || typeof field !== 'string') return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(field);
  return a.length === b.length && timingSafeEqual(a, b);
}
