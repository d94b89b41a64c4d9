// Where to go after signing in: only a console path on this site (never `//evil.example` or an
// absolute URL), else the dashboard.
import type { Locale } from '../config.ts';

const SAFE = /^\/(nl|en)\/admin(\/[A-Za-z0-9\-._~/%]*)?(\?[A-Za-z0-9\-._~=&%+]*)?$/;

export function afterSignIn(next: string | null, locale: Locale): string {
  if (next && SAFE.test(next) && !next.includes('/sign-in') && !next.includes('/sign-out') && !next.includes('//')) return next;
  return `/${locale}/admin`;
}
