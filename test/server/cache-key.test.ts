import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/server/cache-key.ts';
import { defaultLocaleRedirect } from '../../src/i18n/index.ts';

describe('cache keys', () => {
  it('drops query parameters a route does not read', () => {
    expect(cacheKey('/en/?r=0.123')).toBe('/en/');
    expect(cacheKey('/en/sla?utm_source=x&fbclid=y')).toBe('/en/sla');
    expect(cacheKey('/api/v2/summary.json?callback=z')).toBe('/api/v2/summary.json');
    expect(cacheKey('/feed.rss?')).toBe('/feed.rss');
  });

  it('keeps the parameters a route declares, in one canonical form', () => {
    expect(cacheKey('/en/incidents?page=3&r=9')).toBe('/en/incidents?page=3');
    expect(cacheKey('/nl/incidents/?x=1&page=2')).toBe('/nl/incidents/?page=2');
    // Page 1 is the page without the parameter.
    expect(cacheKey('/en/incidents?page=1')).toBe('/en/incidents');
    // The first of repeated parameters is the one the route reads.
    expect(cacheKey('/en/incidents?page=4&page=5')).toBe('/en/incidents?page=4');
    expect(cacheKey('/api/uptime.json?days=030&z=1')).toBe('/api/uptime.json?days=30');
    expect(cacheKey('/api/uptime.json')).toBe('/api/uptime.json');
    expect(cacheKey('/badge/web/uptime.svg?style=flat-square&r=9')).toBe('/badge/web/uptime.svg?style=flat-square');
    expect(cacheKey('/badge/status.svg?style=flat')).toBe('/badge/status.svg');
  });

  it('keys the single-record Statuspage endpoints by their path (an unknown or non-canonical id answers 404, never stored)', () => {
    expect(cacheKey('/api/v2/incidents/12.json?x=1')).toBe('/api/v2/incidents/12.json');
    expect(cacheKey('/api/v2/components/group-3.json')).toBe('/api/v2/components/group-3.json');
    expect(cacheKey('/api/v2/components/7.json?cb=9')).toBe('/api/v2/components/7.json');
  });

  it('history filter: service and search text kept in one canonical form, in a fixed order', () => {
    expect(cacheKey('/en/incidents?q=DNS&service=dns&page=2&utm=x')).toBe('/en/incidents?page=2&service=dns&q=dns');
    // Case, outer and repeated spaces do not make another entry; '+' and %20 are the same space.
    expect(cacheKey('/nl/incidents?q=%20Mail%20%20Delays%20')).toBe('/nl/incidents?q=mail%20delays');
    expect(cacheKey('/nl/incidents?q=mail+delays')).toBe('/nl/incidents?q=mail%20delays');
    // Empty values are the page without them.
    expect(cacheKey('/en/incidents?service=&q=+')).toBe('/en/incidents');
    // No text makes a key longer than the 100 characters the page searches for.
    expect(cacheKey(`/en/incidents?q=${'a'.repeat(5000)}`)).toBe(`/en/incidents?q=${'a'.repeat(100)}`);
  });

  it('keeps a refused value as sent, so the route answers its 4xx (never stored)', () => {
    expect(cacheKey('/en/incidents?page=abc')).toBe('/en/incidents?page=abc');
    expect(cacheKey('/api/uptime.json?days=1e1')).toBe('/api/uptime.json?days=1e1');
    expect(cacheKey('/api/uptime.json?days=a%26b')).toBe('/api/uptime.json?days=a%26b');
  });

  it('never caches admin, subscriber, webhook and token routes', () => {
    for (const target of ['/api/admin/incidents', '/api/admin', '/api/subscriptions', '/api/subscriptions/confirm?token=x', '/api/webhooks/resend', '/en/subscribe', '/nl/subscribe/confirm?token=t', '/en/unsubscribe?token=t', '/nl/subscriptions/manage?token=t', '/nl/admin', '/en/admin/incidents/3', '/admin', '/nl/admin/sign-in?next=%2Fnl%2Fadmin']) {
      expect(cacheKey(target), target).toBeUndefined();
    }
    expect(cacheKey('*')).toBeUndefined();
    // Encoded or dotted forms of any path are left to Astro, uncached.
    for (const target of ['/en/%73ubscribe', '/en/../api/admin/keys', '/en/./sla', '//api/admin/keys', '/en\\sla', '/api/%61dmin/keys']) expect(cacheKey(target), target).toBeUndefined();
    // Only whole segments: a page that merely starts with the word is cached.
    expect(cacheKey('/en/subscribers-faq')).toBe('/en/subscribers-faq');
  });
});

describe('the default-locale redirect', () => {
  it('sends unprefixed page paths to the default locale, query kept', () => {
    expect(defaultLocaleRedirect('/', '', 'nl')).toBe('/nl/');
    expect(defaultLocaleRedirect('/incidents/3', '?x=1', 'en')).toBe('/en/incidents/3?x=1');
    // A protocol-relative-looking path stays on this site.
    expect(defaultLocaleRedirect('//evil', '', 'nl')).toBe('/nl//evil');
  });

  it('leaves locale paths, internal paths, files and the API alone', () => {
    for (const path of ['/nl/', '/en/incidents', '/_astro/x.css', '/_image', '/feed.rss', '/reports/2026.csv', '/api/v2/status.json', '/api']) {
      expect(defaultLocaleRedirect(path, '', 'nl'), path).toBeUndefined();
    }
  });
});
