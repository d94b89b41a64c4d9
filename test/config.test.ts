import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration from the environment', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      host: 'localhost',
      port: 4321,
      databasePath: './data/baken.db',
      databaseUrl: undefined,
      database: './data/baken.db',
      publicUrl: 'http://localhost:4321',
      timeZone: 'Europe/Amsterdam',
      defaultLocale: 'nl',
      demo: true,
      pageName: 'Sensey',
      adminToken: undefined,
      secret: undefined,
      resendApiKey: undefined,
      resendBaseUrl: undefined,
      resendWebhookSecret: undefined,
      mailFrom: 'Sensey status <status@localhost>',
      frozenNow: undefined,
      cacheMaxBytes: 64 * 1024 * 1024,
      cacheMaxAge: 10,
      trustProxy: [],
      webhooks: { allowPrivate: false, maxAttempts: 12, disableAfter: 30, backoffBaseMs: 10_000, timeoutMs: 10_000 },
      outboxClaimMs: 60_000,
    });
  });

  it('reads every variable, and treats empty ones as unset', () => {
    const c = loadConfig({ HOST: '0.0.0.0', PORT: '8080', DATABASE_PATH: '/tmp/x.db', PUBLIC_URL: 'https://status.example.nl/', BAKEN_TIMEZONE: 'UTC', BAKEN_DEFAULT_LOCALE: 'en', BAKEN_DEMO: '0', ADMIN_TOKEN: '', BAKEN_PAGE_NAME: 'Acme', BAKEN_CACHE_MB: '0.5', BAKEN_CACHE_MAX_AGE: '30', BAKEN_NOW: '2026-11-18T12:00:00+01:00' });
    expect(c).toMatchObject({ cacheMaxBytes: 524_288, cacheMaxAge: 30, host: '0.0.0.0', port: 8080, databasePath: '/tmp/x.db', publicUrl: 'https://status.example.nl', timeZone: 'UTC', defaultLocale: 'en', demo: false, pageName: 'Acme', adminToken: undefined, frozenNow: Date.parse('2026-11-18T11:00:00Z') });
  });

  it('opens PostgreSQL when DATABASE_URL is set, the SQLite file otherwise', () => {
    expect(loadConfig({ DATABASE_PATH: '/tmp/x.db', DATABASE_URL: 'postgres://baken@db.internal:5432/baken' })).toMatchObject({ databasePath: '/tmp/x.db', databaseUrl: 'postgres://baken@db.internal:5432/baken', database: 'postgres://baken@db.internal:5432/baken' });
    expect(loadConfig({ DATABASE_PATH: '/tmp/x.db', DATABASE_URL: '' })).toMatchObject({ databaseUrl: undefined, database: '/tmp/x.db' });
  });

  it.each([
    ['DATABASE_URL', 'mysql://db/baken'],
    ['DATABASE_URL', '/var/lib/baken.db'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PUBLIC_URL', 'not a url'],
    ['PUBLIC_URL', 'ftp://example.nl'],
    ['BAKEN_TIMEZONE', 'Europe/Atlantis'],
    ['BAKEN_DEFAULT_LOCALE', 'de'],
    ['BAKEN_DEMO', 'yes'],
    ['ADMIN_TOKEN', 'short'],
    ['BAKEN_SECRET', 'short'],
    ['RESEND_BASE_URL', 'localhost:3000'],
    ['RESEND_WEBHOOK_SECRET', 'abc'],
    ['BAKEN_NOW', 'yesterday'],
    ['BAKEN_CACHE_MB', '0'],
    ['BAKEN_CACHE_MB', 'lots'],
    ['BAKEN_CACHE_MAX_AGE', '0'],
    ['BAKEN_CACHE_MAX_AGE', '2.5'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', 'loopback,my-proxy'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it('reads TRUST_PROXY as a list of addresses, ranges and names', () => {
    expect(loadConfig({ TRUST_PROXY: ' loopback, 10.0.0.0/8 ,192.0.2.1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '192.0.2.1']);
  });
});
