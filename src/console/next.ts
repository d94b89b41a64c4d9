// Where to go after signing in: only a console path on this site (never `//evil.example`, an
// absolute URL, a dot segment or an encoded slash), else the dashboard.
import type { Locale } from '../config.ts';

const SAFE = /^\/(nl|en)\/admin(\/[A-Za-z0-9\-_~/%]*)?(\?[A-Za-z0-9\-._~=&%+]*)?$/;
const UNSAFE = /\/\/|\/(sign-in|sign-out)\b|%2e|%2f|%5c/i;

export function afterSignIn(next: string | null, locale: Locale): string {
  const path = next?.split('?')[0] ?? '';
  if (next && SAFE.test(next) && !UNSAFE.test(path)) return next;
  return `/${locale}/admin`;
}
