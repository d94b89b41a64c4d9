// Which requests the public cache answers, and under which key. The key is also the URL the page
// is rendered from, so one key always has one body: query parameters a route does not read are
// dropped (`/en/?r=123` is `/en/`), and the ones it reads are put in one canonical form.

import { normaliseSearch } from '../services/status/history.ts';

/** Personal or state-changing traffic: admin API and staff console, subscriber pages (they carry tokens), webhooks. */
const NEVER_CACHED = /^\/(api\/(admin|subscriptions|webhooks)|((nl|en)\/)?admin|(nl|en)\/(subscribe|unsubscribe|subscriptions))(\/|$)/;

/**
 * Paths a link of ours never contains: percent-encoding, empty or dot segments, backslashes. Astro
 * would decode or resolve them into another route (`/en/%73ubscribe` is the subscribe page), so
 * they go to Astro uncached rather than be checked here in a second way.
 */
const UNUSUAL = /%|\/\/|\/\.|\\/;

/** A kept parameter's canonical value; undefined drops it (same page as without it). */
type Canonical = (value: string) => string | undefined;

// A value the route refuses is kept as sent: the route answers 4xx (never stored) for it.
const pageNumber: Canonical = (v) => (/^[1-9][0-9]{0,6}$/.test(v) ? (v === '1' ? undefined : v) : v);
const dayCount: Canonical = (v) => (/^\d{1,6}$/.test(v) ? String(Number(v)) : v);
// The badge's default style is the same badge as no style at all.
const badgeStyle: Canonical = (v) => (v === 'flat' ? undefined : v);
// A slug as the catalogue writes them; anything else is kept as sent and answered 404 (never stored).
const serviceSlug: Canonical = (v) => (v === '' ? undefined : v);
// The search text in the one form the page searches for (trimmed, spaces collapsed, lower case, at
// most 100 characters), so "DNS", " dns " and "dns" are one entry, and no text makes a key longer
// than that. The LRU's byte bound does the rest.
const searchText: Canonical = (v) => normaliseSearch(v) || undefined;

// Every other public path is its own key, query dropped: the Statuspage v2 endpoints too, the
// single-record ones included (/api/v2/incidents/<id>.json, /api/v2/components/<id>.json). Those
// accept only the canonical id ("7", "group-3"), so one record has one key; any other spelling
// answers 404, which the front never stores.

/** The query parameters each route reads (see src/pages/[locale]/incidents/index.astro and src/api/public/uptime.ts and badges.ts). */
const ROUTE_PARAMS: [RegExp, Record<string, Canonical>][] = [
  [/^\/(nl|en)\/incidents\/?$/, { page: pageNumber, service: serviceSlug, q: searchText }],
  [/^\/api\/uptime\.json$/, { days: dayCount }],
  [/^\/badge\/([^/]+\/)?(status|uptime)\.svg$/, { style: badgeStyle }],
];

/** The cache key (and render URL) of a GET/HEAD request target, or undefined when it is never cached. */
export function cacheKey(target: string): string | undefined {
  const q = target.indexOf('?');
  const pathname = q < 0 ? target : target.slice(0, q);
  if (!pathname.startsWith('/') || UNUSUAL.test(pathname) || NEVER_CACHED.test(pathname)) return undefined;
  const declared = ROUTE_PARAMS.find(([route]) => route.test(pathname))?.[1];
  if (!declared || q < 0) return pathname;
  const query = new URLSearchParams(target.slice(q + 1));
  const kept: string[] = [];
  for (const [name, canonical] of Object.entries(declared)) {
    const value = query.get(name);
    const form = value === null ? undefined : canonical(value);
    if (form !== undefined) kept.push(`${name}=${encodeURIComponent(form)}`);
  }
  return kept.length ? `${pathname}?${kept.join('&')}` : pathname;
}
