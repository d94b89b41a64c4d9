// The outbox worker: turns announcements into emails, inside the server process.
//
//  1. expand — each unprocessed outbox event becomes one `deliveries` row per matching subscriber,
//     in short transactions of at most EXPAND_CHUNK subscribers (100,000 subscribers never hold the
//     event loop or the write lock for long); the last chunk marks the event processed.
//     INSERT … ON CONFLICT DO NOTHING makes a repeated chunk (after a crash) harmless.
//  2. freeze — up to 100 pending rows, in id order, get a batch key plus the address and language
//     they will be sent to, in one transaction, BEFORE any HTTP call.
//  3. send — a frozen batch is rendered (deterministically: same rows → same bytes) and sent with
//     its key; the answer is recorded in one transaction. A crash between Resend accepting and us
//     recording leaves the batch frozen; after the restart it is sent again with the same rows,
//     bytes and key, and Resend (which keeps keys for 24 h) answers with the original ids instead
//     of sending again. Nothing is lost because every step is a committed row before the next.
//
// Rows whose subscriber left (unsubscribed, suppressed, never confirmed) before their batch was
// frozen are not sent: they become `failed` with last_error `skipped: <reason>`, counted apart by
// the admin API. A frozen batch is sent as frozen: an unsubscribe landing while its batch is on the
// wire cannot recall it, like a letter already posted.
//
// One worker per database file: that is how the server runs (one process), and a second worker
// would at worst make Resend answer 409 concurrent_idempotent_requests, which is retried.
import { randomBytes } from 'node:crypto';
import type { Locale } from '../../config.ts';
import { iso } from '../../lib/time.ts';
import type { AppContext } from '../kernel/context.ts';
import { OutboxPayloadError, readOutboxEvent, type OutboxEvent } from '../kernel/outbox-events.ts';
import { insertOutboxEvent } from '../kernel/write.ts';
import { createRenderer, hasTemplate, type Renderer, type TemplateEvent } from './templates.ts';
import { MAX_BATCH, type BatchOutcome, type Mailer } from './mailer.ts';
import { recipientSql } from '../subscriptions/recipients.ts';
import { tokenSecret } from '../subscriptions/tokens.ts';

export const EXPAND_CHUNK = 5000;
const HOUR = 3_600_000;

export interface WorkerOptions {
  /** Emails per batch request (≤ 100). */
  batchSize?: number;
  /** Subscribers per expansion transaction. */
  expandChunk?: number;
  /** Pace until Resend tells us its limit (ratelimit-limit on every answer); Resend's default is 2/s. */
  requestsPerSecond?: number;
  /** Batch requests in flight at once. */
  concurrency?: number;
  /** Poll interval when there is nothing to do. */
  idleMs?: number;
  /** How often to look for maintenance starting within the hour. */
  reminderIntervalMs?: number;
  /** Tries of one batch on 5xx/network errors before it is given up as failed. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /**
   * How long a batch being sent is this worker's: another instance sharing the database takes it
   * over (under the same key, which Resend answers from) only when its sender has died.
   */
  claimMs?: number;
  /** Jitter source (tests pass a seeded one). */
  random?: () => number;
}

type Opts = Required<WorkerOptions>;
const DEFAULTS: Opts = {
  batchSize: MAX_BATCH,
  expandChunk: EXPAND_CHUNK,
  requestsPerSecond: 2,
  concurrency: 4,
  idleMs: 200,
  reminderIntervalMs: 5_000,
  maxAttempts: 30,
  backoffBaseMs: 1_000,
  backoffMaxMs: 5 * 60_000,
  claimMs: 60_000,
  random: Math.random,
};
const withDefaults = (o: WorkerOptions = {}): Opts => ({ ...DEFAULTS, ...(Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as WorkerOptions) });

// ---- 1. expand ----

interface EventRow {
  id: number;
  type: string;
  service_ids: string;
  payload: string;
  notify: number;
}

function readEvent(row: { id: number; type: string; payload: string }): (OutboxEvent & { id: number }) | undefined {
  try {
    return { id: row.id, ...readOutboxEvent(row.type, row.payload) };
  } catch (err) {
    if (!(err instanceof OutboxPayloadError)) throw err;
    console.error(`Outbox event ${row.id} is not sent: ${err.message}`);
    return undefined;
  }
}

const INSERT_SELECT = `INSERT INTO deliveries (event_id, subscriber_id, state, attempts, next_attempt_at, created_at) SELECT @eventId, s.id, 'pending', 0, @now, @now FROM subscribers s`;

/** Where expansion of an event got to (subscriber id), so chunks that matched nobody are not rescanned. */
const cursors = new WeakMap<AppContext, Map<number, number>>();

/**
 * One step of expansion: at most `expandChunk` subscribers of the oldest unprocessed event, in one
 * transaction. Returns false when no event is waiting.
 */
export function expandStep(ctx: AppContext, o: WorkerOptions = {}): boolean {
  const { expandChunk } = withDefaults(o);
  const db = ctx.db.$client;
  const now = ctx.clock();
  const memory = cursors.get(ctx) ?? cursors.set(ctx, new Map()).get(ctx)!;
  return db.transaction((): boolean => {
    const event = db.prepare('SELECT id, type, service_ids, payload, notify FROM outbox_events WHERE processed_at IS NULL ORDER BY processed_at, id LIMIT 1').get() as EventRow | undefined;
    if (!event) return false;
    const done = () => {
      db.prepare('UPDATE outbox_events SET processed_at = ? WHERE id = ?').run(now, event.id);
      memory.delete(event.id);
      return true;
    };
    // notify=false, or a type nobody is emailed about: processed, no deliveries.
    if (!event.notify || !hasTemplate(event.type)) return done();
    const typed = readEvent(event);
    // A payload that does not match its kind cannot be rendered: nobody gets a broken email.
    if (!typed) return done();
    if (typed.type === 'subscription.confirm') {
      // Just the (unconfirmed) address that asked, unless it left or bounced meanwhile.
      db.prepare(`${INSERT_SELECT} WHERE s.id = @sid AND s.unsubscribed_at IS NULL AND s.suppressed_at IS NULL ON CONFLICT (event_id, subscriber_id) DO NOTHING`).run({ eventId: event.id, now, sid: typed.payload.subscriberId });
      return done();
    }
    // Chunks commit in subscriber-id order, so after a restart the largest expanded id is a safe
    // place to resume (a partly repeated chunk inserts nothing twice).
    const expanded = (db.prepare('SELECT MAX(subscriber_id) AS m FROM deliveries WHERE event_id = ?').get(event.id) as { m: number | null }).m ?? 0;
    const from = Math.max(expanded, memory.get(event.id) ?? 0);
    const bound = db.prepare('SELECT id FROM subscribers WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?').get(from, expandChunk - 1) as { id: number } | undefined;
    const to = bound?.id ?? Number.MAX_SAFE_INTEGER;
    db.prepare(
      `${INSERT_SELECT} WHERE s.id > @from AND s.id <= @to
         AND ${recipientSql(ctx.db.engine)}
       ORDER BY s.id ON CONFLICT (event_id, subscriber_id) DO NOTHING`,
    ).run({ eventId: event.id, now, from, to, services: event.service_ids });
    if (!bound) return done();
    memory.set(event.id, to);
    return true;
  })();
}

// ---- 2. freeze ----
// The sender's queries name their partial index (INDEXED BY): the planner, without statistics,
// would otherwise walk deliveries_due over every pending row and sort them, at 100,000 rows a
// cost paid on every batch.

/** A stable id for this database, so two installs sharing a Resend account never share a key. */
export function outboxInstance(ctx: AppContext): string {
  let instance = instances.get(ctx.db);
  if (instance === undefined) {
    const db = ctx.db.$client;
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING').run('outbox_instance', randomBytes(9).toString('base64url'), ctx.clock());
    instance = (db.prepare('SELECT value FROM settings WHERE key = ?').get('outbox_instance') as { value: string }).value;
    instances.set(ctx.db, instance);
  }
  return instance;
}
const instances = new WeakMap<object, string>();

/** The key for a batch: derived from its rows alone, unique for ever (a row is in one batch only). */
export function batchKeyFor(instance: string, ids: number[]): string {
  return `baken/${instance}/batch/${ids[0]}-${ids[ids.length - 1]}-${ids.length}`;
}

interface Candidate {
  id: number;
  email: string;
  locale: Locale;
  confirmed_at: number | null;
  unsubscribed_at: number | null;
  suppressed_at: number | null;
  type: string;
}

function skipReason(c: Candidate): string | undefined {
  if (c.suppressed_at !== null) return 'skipped: suppressed';
  if (c.unsubscribed_at !== null) return 'skipped: unsubscribed';
  if (c.type === 'subscription.confirm') return c.confirmed_at !== null ? 'skipped: already confirmed' : undefined;
  if (c.confirmed_at === null) return 'skipped: unconfirmed';
  if (!hasTemplate(c.type)) return `skipped: no template for ${c.type}`;
  return undefined;
}

/**
 * Freezes the next batch of due, unbatched rows (oldest first) and returns its key, or undefined
 * when there are none. Rows whose subscriber left are marked skipped in the same transaction.
 */
export function freezeBatch(ctx: AppContext, o: WorkerOptions = {}): string | undefined {
  const { batchSize } = withDefaults(o);
  const db = ctx.db.$client;
  const now = ctx.clock();
  const instance = outboxInstance(ctx);
  const pick = db.prepare(
    `SELECT d.id, s.email, s.locale, s.confirmed_at, s.unsubscribed_at, s.suppressed_at, e.type
       FROM deliveries d INDEXED BY deliveries_unbatched JOIN subscribers s ON s.id = d.subscriber_id JOIN outbox_events e ON e.id = d.event_id
      WHERE d.state = 'pending' AND d.batch_key IS NULL AND d.next_attempt_at <= ? ORDER BY d.id LIMIT ?`,
  );
  const skip = db.prepare(`UPDATE deliveries SET state = 'failed', last_error = ? WHERE id = ?`);
  const freeze = db.prepare('UPDATE deliveries SET batch_key = ?, to_email = ?, locale = ? WHERE id = ?');
  return db.transaction((): string | undefined => {
    for (;;) {
      const rows = pick.all(now, Math.min(batchSize, MAX_BATCH)) as Candidate[];
      if (rows.length === 0) return undefined;
      const chosen: Candidate[] = [];
      for (const r of rows) {
        const reason = skipReason(r);
        if (reason) skip.run(reason, r.id);
        else chosen.push(r);
      }
      if (chosen.length === 0) continue;
      const key = batchKeyFor(instance, chosen.map((r) => r.id));
      for (const r of chosen) freeze.run(key, r.email, r.locale, r.id);
      return key;
    }
  })();
}

/** Frozen batches that are due (a retry's time has come, or a crash interrupted them), oldest first. */
export function dueBatches(ctx: AppContext, limit = 16): string[] {
  const rows = ctx.db.$client
    .prepare(
      `SELECT batch_key AS key FROM deliveries INDEXED BY deliveries_batched WHERE state = 'pending' AND batch_key IS NOT NULL
        GROUP BY batch_key HAVING MAX(next_attempt_at) <= ? ORDER BY MIN(id) LIMIT ?`,
    )
    .all(ctx.clock(), limit) as { key: string }[];
  return rows.map((r) => r.key);
}

/**
 * Takes a due batch for this worker: its pending rows' next attempt moves claimMs ahead, in one
 * statement that changes nothing when any row is not due — another worker (another instance on
 * the same database) claimed it first, and holds it until it records the answer or its claim runs
 * out because it died. A statement is atomic on either engine, so no batch is claimed twice.
 */
export function claimBatch(ctx: AppContext, key: string, o: WorkerOptions = {}): boolean {
  const { claimMs } = withDefaults(o);
  const now = ctx.clock();
  return (
    ctx.db.$client
      .prepare(
        `UPDATE deliveries SET next_attempt_at = ? WHERE batch_key = ? AND state = 'pending'
            AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.batch_key = ? AND o.state = 'pending' AND o.next_attempt_at > ?)`,
      )
      .run(now + claimMs, key, key, now).changes > 0
  );
}

// ---- 3. send ----

interface BatchRow {
  id: number;
  subscriber_id: number;
  to_email: string;
  locale: Locale;
  created_at: number;
  attempts: number;
  event_id: number;
  type: string;
  payload: string;
}

export interface SendResult {
  outcome: BatchOutcome | undefined;
  sent: number;
  failed: number;
}

export function templateSettings(ctx: AppContext) {
  const c = ctx.config;
  return { pageName: c.pageName, publicUrl: c.publicUrl, timeZone: c.timeZone, mailFrom: c.mailFrom, secret: tokenSecret(ctx.db, c.secret, ctx.clock()) };
}

/**
 * Sends one frozen batch and records the answer. Retriable answers (429, 5xx, network) leave the
 * batch frozen with a later next_attempt_at; the same key is used on every try.
 */
export async function sendBatch(ctx: AppContext, mailer: Mailer, key: string, o: WorkerOptions = {}, renderer?: Renderer): Promise<SendResult> {
  const opts = withDefaults(o);
  const db = ctx.db.$client;
  const rows = db
    .prepare(
      `SELECT d.id, d.subscriber_id, d.to_email, d.locale, d.created_at, d.attempts, e.id AS event_id, e.type, e.payload
         FROM deliveries d INDEXED BY deliveries_batched JOIN outbox_events e ON e.id = d.event_id
        WHERE d.state = 'pending' AND d.batch_key = ? ORDER BY d.id`,
    )
    .all(key) as BatchRow[];
  if (rows.length === 0) return { outcome: undefined, sent: 0, failed: 0 };
  const r = renderer ?? createRenderer(templateSettings(ctx));
  const events = new Map<number, TemplateEvent | undefined>();
  const eventOf = (row: BatchRow) => (events.has(row.event_id) ? events.get(row.event_id) : events.set(row.event_id, readEvent({ id: row.event_id, type: row.type, payload: row.payload })).get(row.event_id));
  const unreadable = rows.filter((row) => !eventOf(row));
  if (unreadable.length > 0) {
    // Checked at expansion already, so only a row edited since then lands here; its batch fails whole.
    const fail = db.prepare(`UPDATE deliveries SET state = 'failed', last_error = 'invalid event payload' WHERE batch_key = ? AND state = 'pending'`);
    return { outcome: undefined, sent: 0, failed: fail.run(key).changes };
  }
  const emails = rows.map((row) => r.render(eventOf(row)!, { deliveryId: row.id, subscriberId: row.subscriber_id, email: row.to_email, locale: row.locale, issuedAt: row.created_at }));

  const outcome = await mailer.sendBatch(emails, { idempotencyKey: key });
  const now = ctx.clock();
  const attempts = rows[0]!.attempts + 1;
  let sent = 0;
  let failed = 0;
  const markSent = db.prepare(`UPDATE deliveries SET state = 'sent', resend_id = ?, sent_at = ?, attempts = ?, last_error = NULL WHERE id = ? AND state = 'pending'`);
  const markFailed = db.prepare(`UPDATE deliveries SET state = 'failed', last_error = ?, attempts = ? WHERE id = ? AND state = 'pending'`);
  const retryAt = db.prepare(`UPDATE deliveries SET next_attempt_at = ?, attempts = ?, last_error = ? WHERE batch_key = ? AND state = 'pending'`);
  db.transaction(() => {
    if (outcome.ok) {
      outcome.results.forEach((res, i) => {
        const id = rows[i]!.id;
        if ('id' in res) (markSent.run(res.id, now, attempts, id), sent++);
        else (markFailed.run(res.error, attempts, id), failed++);
      });
      return;
    }
    const e = outcome.error;
    if (e.kind === 'rate_limited') {
      // Nothing was sent; a 429 is not the batch's fault, so it does not count as an attempt.
      retryAt.run(now + e.retryAfterMs, rows[0]!.attempts, e.message, key);
    } else if (e.kind === 'transient' && attempts < opts.maxAttempts) {
      retryAt.run(now + backoffMs(attempts, opts), attempts, e.message, key);
    } else if (e.kind === 'key_conflict') {
      // Resend has processed a request under this key with other bytes. A frozen batch never
      // changes, so the render changed underneath it (PUBLIC_URL, MAIL_FROM or the page name edited
      // between a crash and the restart): the first request went out. Recorded as sent, without
      // Resend ids, and never sent again under a new key.
      const note = `sent earlier under this idempotency key; Resend id unknown (${e.message})`;
      sent = db.prepare(`UPDATE deliveries SET state = 'sent', resend_id = NULL, sent_at = ?, attempts = ?, last_error = ? WHERE batch_key = ? AND state = 'pending'`).run(now, attempts, note, key).changes;
    } else {
      // A permanent 4xx for the whole batch, or too many tries.
      const reason = e.kind === 'transient' ? `gave up after ${attempts} attempts: ${e.message}` : e.message;
      for (const row of rows) (markFailed.run(reason, attempts, row.id), failed++);
    }
  })();
  return { outcome, sent, failed };
}

/** Exponential backoff with "equal jitter": between half and all of base·2^(n-1), capped. */
export function backoffMs(attempt: number, o: Pick<Opts, 'backoffBaseMs' | 'backoffMaxMs' | 'random'>): number {
  const ceiling = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + o.random() * (ceiling / 2));
}

// ---- maintenance reminders ----

/**
 * Writes one `maintenance.reminder` outbox event per window (and per scheduled start: a rescheduled
 * window is reminded again) once it starts within the hour. The marker in `settings` and the event
 * are one transaction, so it happens exactly once. Skipped when the window was announced (or last
 * changed) within that hour anyway, and sent only if its announcement notified subscribers.
 */
export function remindMaintenances(ctx: AppContext): number {
  const db = ctx.db.$client;
  const now = ctx.clock();
  const windows = db
    .prepare(`SELECT id, title, body, scheduled_start AS start, scheduled_end AS end FROM maintenances WHERE status = 'scheduled' AND scheduled_start > ? AND scheduled_start <= ?`)
    .all(now, now + HOUR) as { id: number; title: string; body: string; start: number; end: number }[];
  let written = 0;
  for (const w of windows) {
    db.transaction(() => {
      const last = db
        .prepare(`SELECT notify, created_at FROM outbox_events WHERE entity_type = 'maintenance' AND entity_id = ? AND type IN ('maintenance.scheduled', 'maintenance.changed') ORDER BY id DESC LIMIT 1`)
        .get(w.id) as { notify: number; created_at: number } | undefined;
      if (!last || !last.notify || last.created_at >= w.start - HOUR) return;
      const marker = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING').run(`maintenance_reminder:${w.id}:${w.start}`, String(now), now);
      if (marker.changes === 0) return;
      const services = db.prepare('SELECT s.id, s.slug, s.name FROM maintenance_services ms JOIN services s ON s.id = ms.service_id WHERE ms.maintenance_id = ? ORDER BY s.name, s.id').all(w.id) as { id: number; slug: string; name: string }[];
      const payload = { maintenanceId: w.id, title: w.title, status: 'scheduled' as const, message: w.body, scheduledStart: iso(w.start), scheduledEnd: iso(w.end), actualStart: null, actualEnd: null, services, backfilled: false };
      insertOutboxEvent(ctx.db, { type: 'maintenance.reminder', entityType: 'maintenance', entityId: w.id, serviceIds: services.map((s) => s.id), payload, notify: true }, now);
      written++;
    })();
  }
  return written;
}

// ---- the loop ----

/**
 * The next batch to send, claimed: a due one (a retry, or one whose sender died), else a newly
 * frozen one — undefined when another worker claimed it between the freeze and the claim.
 */
function nextBatch(ctx: AppContext, o: WorkerOptions, eligible: (key: string) => boolean): string | undefined {
  const due = dueBatches(ctx).find((k) => eligible(k) && claimBatch(ctx, k, o));
  if (due) return due;
  const frozen = freezeBatch(ctx, o);
  return frozen && eligible(frozen) && claimBatch(ctx, frozen, o) ? frozen : undefined;
}

/**
 * Runs expansion and sending until nothing is due (for tests): returns when every
 * event is expanded and every due batch was tried once more. Retries scheduled later wait.
 */
export async function drainOutbox(ctx: AppContext, mailer: Mailer, o: WorkerOptions = {}): Promise<void> {
  while (expandStep(ctx, o));
  const renderer = createRenderer(templateSettings(ctx));
  const tried = new Set<string>();
  for (;;) {
    const key = nextBatch(ctx, o, (k) => !tried.has(k));
    if (!key) return;
    tried.add(key);
    await sendBatch(ctx, mailer, key, o, renderer);
  }
}

/** The loop's timer: a finished request or stop() wakes it early. */
function createWaiter() {
  let wake: (() => void) | undefined;
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(0, ms));
        timer.unref();
        function done() {
          clearTimeout(timer);
          // An older sleep that lost a race to a finished request must not unhook the current one.
          if (wake === done) wake = undefined;
          resolve();
        }
        wake = done;
      }),
    wake: () => wake?.(),
  };
}

/**
 * Batches on the wire: at most `concurrency` at once, started evenly at the provider's announced
 * limit (never a burst that earns a 429), all paused for retry-after after one.
 */
function createSender(ctx: AppContext, mailer: Mailer, o: Opts, waiter: ReturnType<typeof createWaiter>) {
  // The dev mailbox has no rate limit; Resend tells us its own on every answer.
  let perSecond = mailer.kind === 'mailbox' ? Infinity : o.requestsPerSecond;
  let nextStart = 0;
  let pausedUntil = 0;
  const inFlight = new Map<string, Promise<void>>();
  const renderer = createRenderer(templateSettings(ctx));
  return {
    inFlight,
    /** How long to wait before another batch may start at `t` (0: now), and whether to wake on a finished request. */
    waitAt(t: number): { ms: number; untilSettled: boolean } {
      if (t < pausedUntil) return { ms: pausedUntil - t, untilSettled: true };
      if (inFlight.size >= o.concurrency) return { ms: o.idleMs, untilSettled: true };
      if (t < nextStart) return { ms: nextStart - t, untilSettled: false };
      return { ms: 0, untilSettled: false };
    },
    settle: (ms: number) => Promise.race([waiter.sleep(ms), ...inFlight.values()]),
    launch(key: string, t: number) {
      nextStart = Math.max(t, nextStart) + (Number.isFinite(perSecond) ? 1000 / perSecond : 0);
      const p = sendBatch(ctx, mailer, key, o, renderer)
        .then(({ outcome }) => {
          if (outcome?.rate.perSecond) perSecond = outcome.rate.perSecond;
          if (outcome && !outcome.ok && outcome.error.kind === 'rate_limited') pausedUntil = Math.max(pausedUntil, performance.now() + outcome.error.retryAfterMs);
          if (outcome && !outcome.ok) console.warn(`Outbox: batch ${key} not sent (${outcome.error.kind}): ${outcome.error.message}`);
        })
        .catch((err) => console.error(`Outbox: batch ${key} failed unexpectedly; it stays queued.`, err))
        .finally(() => {
          inFlight.delete(key);
          waiter.wake();
        });
      inFlight.set(key, p);
    },
  };
}

/**
 * Starts the worker: expansion chunks, reminders and paced batch sends interleaved, each a short
 * synchronous step between awaits, so the server keeps answering. Returns stop(), which lets
 * requests in flight finish (and be recorded) and resolves when the loop has ended.
 */
export function startOutboxWorker(ctx: AppContext, mailer: Mailer, options: WorkerOptions = {}): () => Promise<void> {
  const o = withDefaults(options);
  const waiter = createWaiter();
  const sender = createSender(ctx, mailer, o, waiter);
  const nextTick = () => new Promise((resolve) => setImmediate(resolve));
  let lastReminder = -Infinity;
  let stopping = false;

  const step = async () => {
    const t = performance.now();
    if (t - lastReminder >= o.reminderIntervalMs) {
      lastReminder = t;
      remindMaintenances(ctx);
    }
    const expanding = expandStep(ctx, o);
    const wait = sender.waitAt(t);
    if (wait.ms > 0) return wait.untilSettled ? sender.settle(wait.ms) : waiter.sleep(wait.ms);
    const key = nextBatch(ctx, o, (k) => !sender.inFlight.has(k));
    if (key) {
      sender.launch(key, t);
      return nextTick();
    }
    return expanding ? nextTick() : sender.settle(o.idleMs);
  };

  const loop = async () => {
    while (!stopping) {
      try {
        await step();
      } catch (err) {
        console.error('Outbox: step failed; retrying shortly.', err);
        await waiter.sleep(1000);
      }
    }
    await Promise.allSettled(sender.inFlight.values());
  };
  const running = loop();
  return async () => {
    stopping = true;
    waiter.wake();
    await running;
  };
}
