// Configuration is read once from the environment and validated at start-up; a bad value stops
// the process with a message that names the variable.
import { z } from 'zod';
import { isValidTimeZone } from './domain/calendar.ts';
import { compileTrust } from './lib/client-address.ts';

export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const envSchema = z.object({
  HOST: z.string().min(1).default('localhost'),
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  DATABASE_PATH: z.string().min(1).default('./data/baken.db'),
  // PostgreSQL instead of the SQLite file: for several instances on one database.
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL').optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  BAKEN_TIMEZONE: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Amsterdam').default('Europe/Amsterdam'),
  BAKEN_DEFAULT_LOCALE: z.enum(LOCALES).default('nl'),
  BAKEN_DEMO: z.enum(['0', '1']).default('1'),
  BAKEN_PAGE_NAME: z.string().min(1).default('Sensey'),
  // Accepted as an admin key so a fresh install (and tests) can start without a CLI step.
  ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  // Signs subscriber links (confirm, manage, unsubscribe). Unset: generated once and kept in the database.
  BAKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Email through Resend; without a key, emails go to a dev mailbox under the data directory.
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  RESEND_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must start with whsec_').optional(),
  MAIL_FROM: z.string().min(3).default('Sensey status <status@localhost>'),
  // Tests and reproducible screenshots: the clock stands still at this instant. Never in production.
  BAKEN_NOW: z.iso.datetime({ offset: true }).optional(),
  // The public response cache: its bound in MiB (every encoding of every answer counts), and how
  // long an answer is fresh (also the max-age given to browsers and CDNs).
  BAKEN_CACHE_MB: z.coerce.number().positive('must be a positive number of MiB').max(65536).default(64),
  BAKEN_CACHE_MAX_AGE: z.coerce.number().int().min(1, 'must be at least 1 second').max(3600).default(10),
  // Proxies whose X-Forwarded-For is believed (comma-separated addresses, CIDR ranges, or
  // loopback / linklocal / uniquelocal). Unset: the socket address is the client, whatever it sends.
  TRUST_PROXY: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''))
    .superRefine((list, ctx) => {
      try {
        compileTrust(list);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `${(e as Error).message} (use addresses, CIDR ranges, loopback, linklocal or uniquelocal)` });
      }
    })
    .default([]),
  // Webhook subscribers: whether their URLs may point at loopback, private or link-local addresses
  // (off: a staff member cannot make Baken probe the internal network), and the retry policy.
  WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).max(1000).default(30),
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  // How long an email batch being sent belongs to its instance before another may take it over.
  OUTBOX_CLAIM_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
});

export type Config = {
  host: string;
  port: number;
  databasePath: string;
  databaseUrl: string | undefined;
  /** What createDb opens: DATABASE_URL when set, else the SQLite file. */
  database: string;
  publicUrl: string;
  timeZone: string;
  defaultLocale: Locale;
  demo: boolean;
  pageName: string;
  adminToken: string | undefined;
  secret: string | undefined;
  resendApiKey: string | undefined;
  resendBaseUrl: string | undefined;
  resendWebhookSecret: string | undefined;
  mailFrom: string;
  /** BAKEN_NOW as epoch ms: the application clock stands still there. */
  frozenNow: number | undefined;
  /** Byte bound of the public response cache. */
  cacheMaxBytes: number;
  /** Seconds a cached public answer is fresh (Cache-Control max-age). */
  cacheMaxAge: number;
  /** TRUST_PROXY: proxies whose X-Forwarded-For names the client (see lib/client-address.ts). */
  trustProxy: readonly string[];
  webhooks: WebhookConfig;
  outboxClaimMs: number;
};

export interface WebhookConfig {
  allowPrivate: boolean;
  /** Tries of one delivery before it is given up. */
  maxAttempts: number;
  /** Failed attempts in a row (any delivery) after which the endpoint is disabled. */
  disableAfter: number;
  /** First retry delay; doubled per try (with jitter), capped at an hour. */
  backoffBaseMs: number;
  timeoutMs: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty variables count as unset, as in most twelve-factor tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL,
    database: e.DATABASE_URL ?? e.DATABASE_PATH,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    timeZone: e.BAKEN_TIMEZONE,
    defaultLocale: e.BAKEN_DEFAULT_LOCALE,
    demo: e.BAKEN_DEMO === '1',
    pageName: e.BAKEN_PAGE_NAME,
    adminToken: e.ADMIN_TOKEN,
    secret: e.BAKEN_SECRET,
    resendApiKey: e.RESEND_API_KEY,
    resendBaseUrl: e.RESEND_BASE_URL?.replace(/\/+$/, ''),
    resendWebhookSecret: e.RESEND_WEBHOOK_SECRET,
    mailFrom: e.MAIL_FROM,
    frozenNow: e.BAKEN_NOW === undefined ? undefined : Date.parse(e.BAKEN_NOW),
    cacheMaxBytes: Math.round(e.BAKEN_CACHE_MB * 1024 * 1024),
    cacheMaxAge: e.BAKEN_CACHE_MAX_AGE,
    trustProxy: e.TRUST_PROXY,
    outboxClaimMs: e.OUTBOX_CLAIM_MS,
    webhooks: {
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE === '1',
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      disableAfter: e.WEBHOOK_DISABLE_AFTER,
      backoffBaseMs: e.WEBHOOK_BACKOFF_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    },
  };
}
