// The answer to a request the guard refuses (wrong role, cross-site post, missing CSRF token, …):
// a small page in the request's language, built here because Astro never sees the request.
import type { Locale } from '../config.ts';
import { consoleDictionary } from '../i18n/console/index.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function refusalPage(locale: Locale, status: number, title: string, message: string, o: { back?: string; allow?: string } = {}): Response {
  const t = consoleDictionary(locale);
  const back = o.back ?? `/${locale}/admin`;
  const body = `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} – ${escape(t.layout.consoleName)}</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;color:#1f2328;margin:0;padding:2rem 1rem}main{max-width:36rem;margin:0 auto}a{color:#0550ae}</style></head>
<body><main><h1>${escape(title)}</h1><p>${escape(message)}</p><p><a href="${escape(back)}">${escape(t.refusal.backToDashboard)}</a></p></main></body>
</html>`;
  const headers = new Headers({ 'content-type': 'text/html; charset=utf-8' });
  if (o.allow) headers.set('allow', o.allow);
  return new Response(body, { status, headers });
}
