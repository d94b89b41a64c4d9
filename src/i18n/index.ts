// Locale handling for the public pages: which locales exist, their dictionaries, and the paths of
// the same page in another locale. Every page validates its [locale] param through `parseLocale`.
import { LOCALES, type Locale } from '../config.ts';
import { en, type Dictionary } from './en.ts';
import { nl } from './nl.ts';

export { LOCALES, type Locale };
export type { Dictionary };

const DICTIONARIES: Record<Locale, Dictionary> = { nl, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The locale named by a route param, or undefined (the page then answers 404). */
export function parseLocale(param: string | undefined): Locale | undefined {
  return isLocale(param) ? param : undefined;
}

export function dictionary(locale: Locale): Dictionary {
  return DICTIONARIES[locale];
}

export function otherLocales(locale: Locale): Locale[] {
  return LOCALES.filter((l) => l !== locale);
}

/** `/en/incidents?page=2` → `/nl/incidents?page=2`; paths outside a locale go to that locale's home. */
export function pathInLocale(pathname: string, search: string, to: Locale): string {
  const parts = pathname.split('/');
  if (isLocale(parts[1])) {
    parts[1] = to;
    return parts.join('/') + search;
  }
  return `/${to}/`;
}

/** The locale of a request path (`/en/…` → en), for pages such as 404 that have no param. */
export function localeOfPath(pathname: string, fallback: Locale): Locale {
  const first = pathname.split('/')[1];
  return isLocale(first) ? first : fallback;
}

/**
 * Where an unprefixed page path goes: `/` → `/nl/`, `/incidents?page=2` → `/nl/incidents?page=2`
 * (the default locale is a runtime setting, so Astro's build-time i18n cannot do it). Undefined for
 * paths in a locale, internal paths (`/_astro/…`), files (with an extension) and the API.
 */
export function defaultLocaleRedirect(pathname: string, search: string, defaultLocale: Locale): string | undefined {
  const end = pathname.indexOf('/', 1);
  const first = pathname.slice(1, end < 0 ? undefined : end);
  if (isLocale(first) || first.startsWith('_') || first === 'api' || /\.[a-z0-9]+$/i.test(pathname)) return undefined;
  return `/${defaultLocale}${pathname === '/' ? '/' : pathname}${search}`;
}

/** Label of an update's status: incident statuses and maintenance statuses share one timeline shape. */
export function updateStatusLabel(t: Dictionary, status: string): string {
  return (t.incidentStatus as Record<string, string>)[status] ?? (t.maintenanceStatus as Record<string, string>)[status] ?? status;
}
