// Astro 7 advanced routing: one Hono app behind the server entry's response cache
// (src/server/entry.ts). The JSON API answers first, then unprefixed page paths go to the default
// locale, then Astro renders pages.
import { astro, getFetchState } from 'astro/hono';
import { Hono } from 'hono';
import { createApi } from './api/app.ts';
import { handleError } from './api/errors.ts';
import { securityHeaders } from './api/security-headers.ts';
import { defaultLocaleRedirect } from './i18n/index.ts';
import { consoleGuard } from './console/guard.ts';
import { getContext } from './runtime.ts';

const ctx = getContext();
const app = new Hono();

// Status widgets on other sites load the public JSON and badges; everything else stays same-origin. Registered
// before secureHeaders so it has the last word on the way out.
const PUBLIC_JSON = /^\/(api\/(v2\/|uptime\.json$)|badge\/)/;
// The embeddable status frame is the one page any site may put in an <iframe>.
const EMBED = /^\/(nl|en)\/embed\/?$/;
app.use(async (c, next) => {
  await next();
  if (PUBLIC_JSON.test(c.req.path)) c.res.headers.set('cross-origin-resource-policy', 'cross-origin');
  if (EMBED.test(c.req.path)) {
    const csp = c.res.headers.get('content-security-policy');
    if (csp) c.res.headers.set('content-security-policy', csp.replace(/frame-ancestors [^;]*/, 'frame-ancestors *'));
    c.res.headers.delete('x-frame-options');
  }
});
app.use(securityHeaders);
app.route('/', createApi(ctx));

// `/`, `/incidents`, … serve the default locale (the server entry answers GETs before this; other
// methods land here).
app.use(async (c, next) => {
  const url = new URL(c.req.url);
  const to = defaultLocaleRedirect(url.pathname, url.search, ctx.config.defaultLocale);
  return to === undefined ? next() : c.redirect(to, 302);
});

// Pages read the application context from Astro.locals (typed in src/env.d.ts).
app.use(async (c, next) => {
  getFetchState(c).locals.ctx = ctx;
  await next();
});
// The staff console (/<locale>/admin/…): session, role, same-origin and CSRF checks before any page runs.
app.use(consoleGuard(ctx));
app.use(astro());
app.onError(handleError);

export default app;
