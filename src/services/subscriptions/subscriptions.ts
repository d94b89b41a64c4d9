// Email subscriptions: subscribe (double opt-in), confirm, manage preferences, unsubscribe, and the
// suppressions Resend reports. The JSON API and the no-JS pages both call these, so both answer the
// same way and share one set of rate limits.
//
// No enumeration: a subscribe request is answered identically whether the address is new, pending,
// confirmed, unsubscribed or suppressed. Every email goes out later through the outbox worker, so no
// branch does slow work inline; each branch is one small synchronous SQLite transaction.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import { subscriberServices, subscribers, webhookMessages } from '../../../db/schema.ts';
import { LOCALES, type Locale } from '../../config.ts';
import type { SubscriptionFieldError } from '../../domain/vocabulary.ts';
import { listActiveServices, listGroups } from '../catalog/lookup.ts';
import type { AppContext } from '../kernel/context.ts';
import { RateLimiter, type RateLimit } from '../kernel/rate-limit.ts';
import { insertOutboxEvent } from '../kernel/write.ts';
import { CONFIRM_TTL_MS, signToken, tokenSecret, verifyToken, type TokenPurpose } from './tokens.ts';

export type SubscriberRow = typeof subscribers.$inferSelect;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const MAX_EMAIL_LENGTH = 254;
const MINUTE = 60_000;

/** 10 subscribe requests per client per 10 minutes; 3 confirmation emails per address per hour. */
export const SUBSCRIBE_LIMITS: { perClient: RateLimit; perAddress: RateLimit } = {
  perClient: { limit: 10, windowMs: 10 * MINUTE },
  perAddress: { limit: 3, windowMs: 60 * MINUTE },
};

// One pair of limiters per application context, counting in its database: the API and the Astro
// pages share them, and so does every instance on the same database.
const limiters = new WeakMap<AppContext, { perClient: RateLimiter; perAddress: RateLimiter }>();
function limitsOf(ctx: AppContext) {
  let l = limiters.get(ctx);
  if (!l) limiters.set(ctx, (l = { perClient: new RateLimiter(ctx.db, 'subscribe.client', SUBSCRIBE_LIMITS.perClient), perAddress: new RateLimiter(ctx.db, 'subscribe.address', SUBSCRIBE_LIMITS.perAddress) }));
  return l;
}

// ---------------------------------------------------------------------------------------------
// Input

export type FieldName = 'email' | 'locale' | 'services';
export type FieldErrorCode = SubscriptionFieldError;
export interface FieldError {
  field: FieldName;
  code: FieldErrorCode;
  /** For unknown_service: the slugs that name no active service. */
  slugs?: string[];
}

/** Raw input as either entry point received it: JSON body, or form fields (services repeated). */
export interface SubscriptionInput {
  email?: unknown;
  locale?: unknown;
  services?: unknown;
}

/** 'all': every service, including ones added later; otherwise the chosen service ids. */
export type ServiceChoice = 'all' | number[];

export interface Preferences {
  locale: Locale;
  services: ServiceChoice;
}

const emailFormat = z.email();

export function parseEmail(value: unknown): { email: string } | FieldError {
  if (typeof value !== 'string' || value.trim() === '') return { field: 'email', code: 'required' };
  const email = value.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH) return { field: 'email', code: 'too_long' };
  if (!emailFormat.safeParse(email).success) return { field: 'email', code: 'invalid_email' };
  return { email };
}

/**
 * Locale and services. Services: absent, empty, 'all' or ['all'] mean every service; otherwise
 * slugs of active services (a string may list several, comma-separated).
 */
export function parsePreferences(db: Db, input: SubscriptionInput, fallbackLocale: Locale): { ok: true; value: Preferences } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let locale = fallbackLocale;
  if (input.locale !== undefined && input.locale !== '') {
    if (typeof input.locale === 'string' && (LOCALES as readonly string[]).includes(input.locale)) locale = input.locale as Locale;
    else errors.push({ field: 'locale', code: 'invalid_locale' });
  }
  const services = parseServiceChoice(db, input.services);
  if ('field' in services) return { ok: false, errors: [...errors, services] };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { locale, services: services.choice } };
}

function parseServiceChoice(db: Db, value: unknown): { choice: ServiceChoice } | FieldError {
  const list = value === undefined || value === null ? [] : typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list) || list.length > 500 || !list.every((s) => typeof s === 'string' && s.length <= 100)) return { field: 'services', code: 'invalid_services' };
  const slugs = [...new Set((list as string[]).map((s) => s.trim()).filter((s) => s !== ''))];
  if (slugs.length === 0 || (slugs.length === 1 && slugs[0] === 'all')) return { choice: 'all' };
  const bySlug = new Map(listActiveServices(db).map((s) => [s.slug, s.id]));
  const unknown = slugs.filter((s) => !bySlug.has(s));
  if (unknown.length > 0) return { field: 'services', code: 'unknown_service', slugs: unknown };
  return { choice: slugs.map((s) => bySlug.get(s)!) };
}

// ---------------------------------------------------------------------------------------------
// Subscribe

export type SubscribeResult =
  | { status: 'accepted'; locale: Locale }
  | { status: 'invalid'; errors: FieldError[] }
  | { status: 'rate_limited'; retryAfterSeconds: number };

/**
 * A subscribe request from `client` (a rate-limit key, see clientKey). The client's window counts
 * every request, valid or not; the address window counts valid requests for that address whether
 * or not it is known, so a 429 reveals nothing either.
 */
export function requestSubscription(ctx: AppContext, input: SubscriptionInput, o: { client: string; fallbackLocale: Locale }): SubscribeResult {
  const now = ctx.clock();
  const limits = limitsOf(ctx);
  const perClient = limits.perClient.take(o.client, now);
  if (!perClient.ok) return { status: 'rate_limited', retryAfterSeconds: perClient.retryAfterSeconds };

  const email = parseEmail(input.email);
  const prefs = parsePreferences(ctx.db, input, o.fallbackLocale);
  const errors = [...('field' in email ? [email] : []), ...(prefs.ok ? [] : prefs.errors)];
  if ('field' in email || !prefs.ok) return { status: 'invalid', errors };

  const perAddress = limits.perAddress.take(email.email, now);
  if (!perAddress.ok) return { status: 'rate_limited', retryAfterSeconds: perAddress.retryAfterSeconds };

  subscribe(ctx, email.email, prefs.value);
  return { status: 'accepted', locale: prefs.value.locale };
}

/**
 * The write behind a subscribe request. New, pending and unsubscribed addresses become (or stay)
 * unconfirmed with the new choices and get one confirmation event; a confirmed address is left
 * exactly as it is (a stranger must not change someone's preferences), and a suppressed one too.
 */
export function subscribe(ctx: AppContext, email: string, prefs: Preferences): void {
  const now = ctx.clock();
  ctx.db.transaction((tx) => {
    const row = tx.select().from(subscribers).where(eq(subscribers.email, email)).get();
    if (row && (row.suppressedAt !== null || (row.confirmedAt !== null && row.unsubscribedAt === null))) return;
    const fields = { locale: prefs.locale, allServices: prefs.services === 'all', confirmedAt: null, unsubscribedAt: null, updatedAt: now };
    const id = row
      ? (tx.update(subscribers).set(fields).where(eq(subscribers.id, row.id)).run(), row.id)
      : tx.insert(subscribers).values({ ...fields, email, createdAt: now }).returning({ id: subscribers.id }).get().id;
    setServices(tx, id, prefs.services);
    // The mail worker turns this into the confirmation email (link: signToken(secret, 'confirm', id, now)).
    insertOutboxEvent(tx, { type: 'subscription.confirm', entityType: 'subscriber', entityId: id, serviceIds: [], payload: { subscriberId: id }, notify: true }, now);
  });
}

function setServices(tx: Tx, subscriberId: number, choice: ServiceChoice): void {
  tx.delete(subscriberServices).where(eq(subscriberServices.subscriberId, subscriberId)).run();
  if (choice !== 'all' && choice.length > 0) tx.insert(subscriberServices).values(choice.map((serviceId) => ({ subscriberId, serviceId }))).run();
}

// ---------------------------------------------------------------------------------------------
// Tokens and links

export type TokenResult = { ok: true; subscriber: SubscriberRow; issuedAt: number } | { ok: false; reason: 'invalid' | 'expired' };

/** The subscriber a signed link names; 'expired' when only the expiry is wrong (a real, old link). */
export function subscriberFromToken(ctx: AppContext, token: string | null | undefined, purpose: TokenPurpose): TokenResult {
  if (!token || token.length > 200) return { ok: false, reason: 'invalid' };
  const secret = tokenSecret(ctx.db, ctx.config.secret, ctx.clock());
  const id = verifyToken(secret, token, purpose, ctx.clock());
  if (id === undefined) return { ok: false, reason: verifyToken(secret, token, purpose, 0) === undefined ? 'invalid' : 'expired' };
  const subscriber = ctx.db.select().from(subscribers).where(eq(subscribers.id, id)).get();
  if (!subscriber) return { ok: false, reason: 'invalid' };
  if (purpose !== 'confirm') return { ok: true, subscriber, issuedAt: 0 };
  // A confirm link issued before the address last unsubscribed no longer works: the unsubscribe
  // was the later wish. (Issue time = expiry − 48 h.)
  const issuedAt = Number(token.split('.')[2]) - CONFIRM_TTL_MS;
  if (subscriber.unsubscribedAt !== null && subscriber.unsubscribedAt >= issuedAt) return { ok: false, reason: 'expired' };
  return { ok: true, subscriber, issuedAt };
}

/** Site-relative links a subscriber can use from a page: manage preferences and unsubscribe. */
export function subscriberLinks(ctx: AppContext, subscriberId: number, locale: Locale): { manage: string; unsubscribe: string } {
  const secret = tokenSecret(ctx.db, ctx.config.secret, ctx.clock());
  const now = ctx.clock();
  return {
    manage: `/${locale}/subscriptions/manage?token=${encodeURIComponent(signToken(secret, 'manage', subscriberId, now))}`,
    unsubscribe: `/${locale}/unsubscribe?token=${encodeURIComponent(signToken(secret, 'unsubscribe', subscriberId, now))}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Confirm, unsubscribe, resubscribe, preferences

export type SubscriberState = 'pending' | 'active' | 'unsubscribed' | 'suppressed';

export function subscriberState(s: SubscriberRow): SubscriberState {
  if (s.suppressedAt !== null) return 'suppressed';
  if (s.unsubscribedAt !== null) return 'unsubscribed';
  return s.confirmedAt === null ? 'pending' : 'active';
}

/** Confirms the subscription a confirm link names (idempotent). */
export function confirmSubscription(ctx: AppContext, token: string | null | undefined): TokenResult {
  const found = subscriberFromToken(ctx, token, 'confirm');
  if (!found.ok) return found;
  const s = found.subscriber;
  if (s.confirmedAt !== null) return found;
  const now = ctx.clock();
  ctx.db.update(subscribers).set({ confirmedAt: now, updatedAt: now }).where(and(eq(subscribers.id, s.id), isNull(subscribers.confirmedAt))).run();
  return { ...found, subscriber: { ...s, confirmedAt: now, updatedAt: now } };
}

/** Stops every email at once (idempotent: the first unsubscribe time is kept). */
export function unsubscribe(ctx: AppContext, subscriberId: number): void {
  const now = ctx.clock();
  ctx.db.update(subscribers).set({ unsubscribedAt: now, updatedAt: now }).where(and(eq(subscribers.id, subscriberId), isNull(subscribers.unsubscribedAt))).run();
}

/**
 * Undoes an unsubscribe from the manage page. The manage link arrived by email, which proves the
 * address as well as a confirmation would, so a never-confirmed subscriber is confirmed here too.
 */
export function resubscribe(ctx: AppContext, subscriber: SubscriberRow): void {
  const now = ctx.clock();
  ctx.db
    .update(subscribers)
    .set({ unsubscribedAt: null, confirmedAt: subscriber.confirmedAt ?? now, updatedAt: now })
    .where(eq(subscribers.id, subscriber.id))
    .run();
}

export function updatePreferences(ctx: AppContext, subscriberId: number, prefs: Preferences): void {
  const now = ctx.clock();
  ctx.db.transaction((tx) => {
    tx.update(subscribers).set({ locale: prefs.locale, allServices: prefs.services === 'all', updatedAt: now }).where(eq(subscribers.id, subscriberId)).run();
    setServices(tx, subscriberId, prefs.services);
  });
}

// ---------------------------------------------------------------------------------------------
// Views for the pages

export interface ServiceOption {
  id: number;
  slug: string;
  name: string;
}

/** Active services in display order, by group (ungrouped last), for the service checkboxes. */
export function serviceOptions(db: Db): { group: string | null; services: ServiceOption[] }[] {
  const all = listActiveServices(db);
  const pick = (s: (typeof all)[number]): ServiceOption => ({ id: s.id, slug: s.slug, name: s.name });
  const grouped = listGroups(db)
    .map((g) => ({ group: g.name as string | null, services: all.filter((s) => s.groupId === g.id).map(pick) }))
    .filter((g) => g.services.length > 0);
  const loose = all.filter((s) => s.groupId === null).map(pick);
  return loose.length > 0 ? [...grouped, { group: null, services: loose }] : grouped;
}

/** Slugs of the services a subscriber chose (empty when they follow all). */
export function chosenSlugs(db: Db, subscriber: SubscriberRow): string[] {
  if (subscriber.allServices) return [];
  const ids = db.select({ id: subscriberServices.serviceId }).from(subscriberServices).where(eq(subscriberServices.subscriberId, subscriber.id)).all().map((r) => r.id);
  if (ids.length === 0) return [];
  return listActiveServices(db)
    .filter((s) => ids.includes(s.id))
    .map((s) => s.slug);
}

// ---------------------------------------------------------------------------------------------
// Suppressions (Resend webhooks)

export type WebhookOutcome = 'processed' | 'replay' | 'ignored';
export const SUPPRESSING_EVENTS: Record<string, string> = { 'email.bounced': 'bounced', 'email.complained': 'complained' };

/**
 * Records a verified webhook message once (by its svix-id) and, for bounces and complaints,
 * suppresses the recipients: nothing is ever sent to them again. One transaction, so a replay
 * arriving mid-way finds either nothing or everything done.
 */
export function applyWebhookMessage(ctx: AppContext, msg: { id: string; type: string; recipients: string[]; detail?: string | undefined }): WebhookOutcome {
  const now = ctx.clock();
  return ctx.db.transaction((tx) => {
    const fresh = tx.insert(webhookMessages).values({ id: msg.id, type: msg.type, receivedAt: now }).onConflictDoNothing().run();
    if (fresh.changes === 0) return 'replay';
    const reason = SUPPRESSING_EVENTS[msg.type];
    if (!reason) return 'ignored';
    const emails = [...new Set(msg.recipients.map((r) => extractAddress(r)).filter((r): r is string => r !== undefined))];
    if (emails.length > 0) {
      tx.update(subscribers)
        .set({ suppressedAt: now, suppressionReason: msg.detail ? `${reason}: ${msg.detail}`.slice(0, 500) : reason, updatedAt: now })
        .where(and(inArray(subscribers.email, emails), isNull(subscribers.suppressedAt)))
        .run();
    }
    return 'processed';
  });
}

/** `Name <a@b.example>` or `a@b.example` → `a@b.example`, lower-cased. */
function extractAddress(recipient: string): string | undefined {
  const inBrackets = /<([^<>]+)>\s*$/.exec(recipient);
  const parsed = parseEmail(inBrackets ? inBrackets[1] : recipient);
  return 'email' in parsed ? parsed.email : undefined;
}
