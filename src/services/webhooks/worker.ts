// The webhook worker: the same outbox as email, a second reader with its own cursor.
//
//  1. expand — the next outbox event after the cursor becomes one `webhook_deliveries` row per
//     matching endpoint and message (the record, and one per component whose status it changed),
//     with the body rendered for the endpoint's preset; the cursor moves in the same transaction.
//     INSERT … ON CONFLICT DO NOTHING makes a repeated expansion harmless.
//  2. send — due rows are POSTed, at most one per endpoint at a time, under their Baken-Event-Id
//     and a fresh Baken-Signature; each attempt and the delivery's new state are one transaction
//     written when the answer (or the error) is in. A 2xx is delivered; anything else (3xx too) is
//     retried with exponential backoff until WEBHOOK_MAX_ATTEMPTS, and WEBHOOK_DISABLE_AFTER failed
//     attempts in a row disable the endpoint, with the reason, until staff re-enable it (its
//     pending deliveries wait and go out then).
//
// A crash while a request is on the wire leaves its row pending: it is sent again after the restart
// with the same event id and body. Delivery is at least once; a receiver that remembers the event
// ids it has processed (the README shows how) processes each event exactly once.
import http from 'node:http';
import https from 'node:https';
import ipaddr from 'ipaddr.js';
import type { AppContext } from '../kernel/context.ts';
import { OutboxPayloadError, readOutboxEvent } from '../kernel/outbox-events.ts';
import type { WebhookPreset } from './endpoints.ts';
import { isWebhookEvent, renderEvent } from './payload.ts';
import { SIGNATURE_HEADER, signatureHeader } from './signature.ts';
import { guardedLookup, isPublicAddress } from './urls.ts';

const CURSOR_KEY = 'webhook_outbox_cursor';
const BACKOFF_MAX_MS = 3_600_000;
const USER_AGENT = 'Baken-Webhooks/1';

export interface WebhookWorkerOptions {
  concurrency?: number;
  idleMs?: number;
  random?: () => number;
}

// ---- 1. expand ----

function cursor(ctx: AppContext): number | undefined {
  const db = ctx.db.$client;
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(CURSOR_KEY) as { value: string } | undefined;
  if (row) return Number(row.value);
  // No cursor yet: start after the events every endpoint was made after (none: nothing to do).
  const first = (db.prepare('SELECT MIN(from_event_id) AS m FROM webhook_endpoints').get() as { m: number | null }).m;
  return first ?? undefined;
}

interface EndpointMatch {
  id: number;
  preset: WebhookPreset;
  all_services: number;
}

/** Expands the next event after the cursor; false when there is none. */
export function expandWebhookStep(ctx: AppContext): boolean {
  const db = ctx.db.$client;
  return db.transaction((): boolean => {
    const from = cursor(ctx);
    if (from === undefined) return false;
    const event = db.prepare('SELECT id, type, payload, notify, created_at FROM outbox_events WHERE id > ? ORDER BY id LIMIT 1').get(from) as
      | { id: number; type: string; payload: string; notify: number; created_at: number }
      | undefined;
    if (!event) return false;
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(CURSOR_KEY, String(event.id), ctx.clock());
    // notify=false (a correction, a backfill) tells nobody, as with email.
    if (!event.notify || !isWebhookEvent(event.type)) return true;
    const endpoints = db
      .prepare(
        `SELECT e.id, e.preset, e.all_services FROM webhook_endpoints e
          WHERE e.deleted_at IS NULL AND e.disabled_at IS NULL AND e.from_event_id < ? ORDER BY e.id`,
      )
      .all(event.id) as EndpointMatch[];
    if (endpoints.length === 0) return true;
    const chosen = new Map<number, Set<number>>();
    const pairs = db.prepare('SELECT endpoint_id, service_id FROM webhook_endpoint_services WHERE endpoint_id IN (SELECT id FROM webhook_endpoints WHERE deleted_at IS NULL AND disabled_at IS NULL)').all() as { endpoint_id: number; service_id: number }[];
    for (const p of pairs) (chosen.get(p.endpoint_id) ?? chosen.set(p.endpoint_id, new Set()).get(p.endpoint_id)!).add(p.service_id);
    let messages;
    try {
      messages = renderEvent(ctx, { id: event.id, createdAt: event.created_at, ...readOutboxEvent(event.type, event.payload) });
    } catch (err) {
      if (!(err instanceof OutboxPayloadError)) throw err;
      console.error(`Webhooks: outbox event ${event.id} is not sent: ${err.message}`);
      return true;
    }
    const now = ctx.clock();
    const insert = db.prepare(
      `INSERT INTO webhook_deliveries (event_id, endpoint_id, subject, event_key, event_type, body, state, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (event_id, endpoint_id, subject) DO NOTHING`,
    );
    for (const e of endpoints) {
      const mine = chosen.get(e.id) ?? new Set<number>();
      for (const m of messages) {
        if (!e.all_services && !m.serviceIds.some((id) => mine.has(id))) continue;
        insert.run(event.id, e.id, m.subject, m.eventKey, m.eventType, m.bodies[e.preset], now, now);
      }
    }
    return true;
  })();
}

// ---- 2. send ----

interface DueRow {
  id: number;
  endpoint_id: number;
  event_key: string;
  event_type: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

export function dueDeliveries(ctx: AppContext, busyEndpoints: ReadonlySet<number>, limit: number): DueRow[] {
  const rows = ctx.db.$client
    .prepare(
      `SELECT d.id, d.endpoint_id, d.event_key, d.event_type, d.body, d.attempts, e.url, e.secret
         FROM webhook_deliveries d INDEXED BY webhook_deliveries_due JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.state = 'pending' AND d.next_attempt_at <= ? AND e.disabled_at IS NULL AND e.deleted_at IS NULL
        ORDER BY d.next_attempt_at, d.id LIMIT ?`,
    )
    .all(ctx.clock(), limit + busyEndpoints.size * 4) as DueRow[];
  // One request per endpoint at a time, oldest first.
  const chosen: DueRow[] = [];
  const taken = new Set(busyEndpoints);
  for (const r of rows) {
    if (taken.has(r.endpoint_id)) continue;
    taken.add(r.endpoint_id);
    chosen.push(r);
    if (chosen.length === limit) break;
  }
  return chosen;
}

export interface PostOutcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** One POST, no redirects followed, bounded in time; never throws. */
export function postWebhook(ctx: AppContext, row: Pick<DueRow, 'url' | 'secret' | 'body' | 'event_key' | 'event_type' | 'id'>): Promise<PostOutcome> {
  const { timeoutMs, allowPrivate } = ctx.config.webhooks;
  const started = performance.now();
  const t = Math.floor(ctx.clock() / 1000);
  const url = new URL(row.url);
  const client = url.protocol === 'https:' ? https : http;
  // A literal address never reaches the lookup: checked here (the endpoint may predate the setting).
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && ipaddr.isValid(literal) && !isPublicAddress(literal)) {
    return Promise.resolve({ statusCode: null, error: `${literal} is not a public address; refused (WEBHOOK_ALLOW_PRIVATE is off)`, durationMs: 0 });
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      resolve({ statusCode, error, durationMs: Math.round(performance.now() - started) });
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(allowPrivate) as never,
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(row.body),
          'user-agent': USER_AGENT,
          'baken-event-id': row.event_key,
          'baken-event-type': row.event_type,
          'baken-delivery-id': String(row.id),
          [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(row.secret, t, row.body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? null, null));
        res.on('error', () => done(res.statusCode ?? null, null));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => done(null, err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message));
    req.end(row.body);
  });
}

/** Exponential backoff with equal jitter: between half and all of base·2^(n-1), capped at an hour. */
export function webhookBackoffMs(attempt: number, baseMs: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Records one attempt and what follows from it (delivered, retry, given up, endpoint disabled). */
export function recordAttempt(ctx: AppContext, row: Pick<DueRow, 'id' | 'endpoint_id' | 'attempts'>, outcome: PostOutcome, random: () => number = Math.random): void {
  const db = ctx.db.$client;
  const { maxAttempts, disableAfter, backoffBaseMs } = ctx.config.webhooks;
  const now = ctx.clock();
  const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
  const attempts = row.attempts + 1;
  const what = outcome.statusCode !== null ? `HTTP ${outcome.statusCode}` : (outcome.error ?? 'no answer');
  db.transaction(() => {
    db.prepare('INSERT INTO webhook_attempts (delivery_id, at, duration_ms, status_code, error) VALUES (?, ?, ?, ?, ?)').run(row.id, now, outcome.durationMs, outcome.statusCode, ok ? null : what);
    if (ok) {
      db.prepare(`UPDATE webhook_deliveries SET state = 'sent', sent_at = ?, attempts = ?, last_status = ?, last_error = NULL WHERE id = ? AND state = 'pending'`).run(now, attempts, outcome.statusCode, row.id);
      db.prepare('UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = ?').run(row.endpoint_id);
      return;
    }
    if (attempts >= maxAttempts) {
      db.prepare(`UPDATE webhook_deliveries SET state = 'failed', attempts = ?, last_status = ?, last_error = ? WHERE id = ? AND state = 'pending'`).run(attempts, outcome.statusCode, `gave up after ${attempts} attempts; last: ${what}`, row.id);
    } else {
      db.prepare(`UPDATE webhook_deliveries SET next_attempt_at = ?, attempts = ?, last_status = ?, last_error = ? WHERE id = ? AND state = 'pending'`).run(now + webhookBackoffMs(attempts, backoffBaseMs, random), attempts, outcome.statusCode, what, row.id);
    }
    const failures = (db.prepare('UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1 WHERE id = ? RETURNING consecutive_failures AS n').get(row.endpoint_id) as { n: number }).n;
    if (failures >= disableAfter) {
      const reason = `Disabled after ${failures} failed attempts in a row; the last, at ${new Date(now).toISOString()}: ${what}.`;
      db.prepare('UPDATE webhook_endpoints SET disabled_at = ?, disabled_reason = ? WHERE id = ? AND disabled_at IS NULL').run(now, reason, row.endpoint_id);
    }
  })();
}

// ---- the loop ----

/** For tests: expands everything, then sends each due delivery once (retries scheduled later wait). */
export async function drainWebhooks(ctx: AppContext, random: () => number = Math.random): Promise<void> {
  while (expandWebhookStep(ctx));
  const tried = new Set<number>();
  for (;;) {
    const rows = dueDeliveries(ctx, new Set(), 64).filter((r) => !tried.has(r.id));
    if (rows.length === 0) return;
    await Promise.all(
      rows.map(async (r) => {
        tried.add(r.id);
        recordAttempt(ctx, r, await postWebhook(ctx, r), random);
      }),
    );
  }
}

/** Starts the worker in the server process; stop() lets requests in flight finish and be recorded. */
export function startWebhookWorker(ctx: AppContext, o: WebhookWorkerOptions = {}): () => Promise<void> {
  const concurrency = o.concurrency ?? 8;
  const idleMs = o.idleMs ?? 200;
  const random = o.random ?? Math.random;
  const inFlight = new Map<number, Promise<void>>();
  let stopping = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), ms);
      timer.unref();
      wake = () => (clearTimeout(timer), resolve());
    });

  const step = async () => {
    // Expansion first, in short transactions, yielding between events.
    if (expandWebhookStep(ctx)) return new Promise((r) => setImmediate(r));
    const free = concurrency - inFlight.size;
    const rows = free > 0 ? dueDeliveries(ctx, new Set(inFlight.keys()), free) : [];
    for (const r of rows) {
      const p = postWebhook(ctx, r)
        .then((outcome) => {
          // After stop() the database may already be closed by shutdown; the row stays pending.
          if (ctx.db.$client.open) recordAttempt(ctx, r, outcome, random);
        })
        .catch((err) => console.error(`Webhooks: delivery ${r.id} failed unexpectedly; it stays queued.`, err))
        .finally(() => {
          inFlight.delete(r.endpoint_id);
          wake?.();
        });
      inFlight.set(r.endpoint_id, p);
    }
    return sleep(idleMs);
  };
  const loop = async () => {
    while (!stopping) {
      try {
        await step();
      } catch (err) {
        console.error('Webhooks: step failed; retrying shortly.', err);
        await sleep(1000);
      }
    }
    await Promise.allSettled(inFlight.values());
  };
  const running = loop();
  return async () => {
    stopping = true;
    wake?.();
    await running;
  };
}
