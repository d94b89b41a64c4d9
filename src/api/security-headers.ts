// The security headers of every answer: set by Hono's secureHeaders on what src/fetch.ts renders
// (and so kept in every cached answer), and listed once for the few answers the server entry makes
// without rendering (static files, the locale redirect).
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export const securityHeaders = secureHeaders({
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
});

/** The headers `securityHeaders` adds, as a flat [name, value, …] list, asked of Hono itself. */
export async function securityHeaderList(): Promise<string[]> {
  const probe = new Hono().use(securityHeaders).get('/', (c) => c.body(null, 204));
  const res = await probe.request('/');
  return [...res.headers].flat();
}
