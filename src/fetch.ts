// Astro 7 advanced routing: one Hono app in front of every request. The JSON API answers first,
// then unprefixed page paths go to the default locale, then Astro renders pages.
import { astro, getFetchState } from 'astro/hono';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { createApi } from './api/app.ts';
import { handleError } from './api/errors.ts';
import { responseCache } from './api/response-cache-middleware.ts';
import { LOCALES } from './config.ts';
import { consoleGuard } from './console/guard.ts';
import { getContext } from './runtime.ts';

const ctx = getContext();
const app = new Hono();

// Status widgets on other sites load the public JSON; everything else stays same-origin. Registered
// before secureHeaders so it has the last word on the way out.
const PUBLIC_JSON = /^\/api\/(v2\/|uptime\.json$)/;
app.use(async (c, next) => {
  await next();
  if (PUBLIC_JSON.test(c.req.path)) c.res.headers.set('cross-origin-resource-policy', 'cross-origin');
});
app.use(
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'strict-origin-when-cross-origin',
  }),
);
app.use(responseCache(ctx));
app.route('/', createApi(ctx));

// `/`, `/incidents`, … serve the default locale: a runtime setting (BAKEN_DEFAULT_LOCALE), so it is
// applied here rather than in Astro's build-time i18n config. Files (with an extension) pass through.
app.use(async (c, next) => {
  const url = new URL(c.req.url);
  const first = url.pathname.split('/')[1] ?? '';
  if ((LOCALES as readonly string[]).includes(first) || first.startsWith('_') || /\.[a-z0-9]+$/i.test(url.pathname)) return next();
  return c.redirect(`/${ctx.config.defaultLocale}${url.pathname === '/' ? '/' : url.pathname}${url.search}`, 302);
});

// Pages read the context from Astro.locals.ctx.
app.use(async (c, next) => {
  getFetchState(c).locals.ctx = ctx;
  await next();
});
// The staff console (/<locale>/admin/…): session, role, same-origin and CSRF checks before any page runs.
app.use(consoleGuard(ctx));
app.use(astro());
app.onError(handleError);

export default app;
