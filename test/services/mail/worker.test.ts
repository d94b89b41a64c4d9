// The running worker (real clock, real timers) and the maintenance reminder step.
import { describe, expect, it } from 'vitest';
import { outboxEvents } from '../../../db/schema.ts';
import { createContext } from '../../../src/services/kernel/context.ts';
import { drainOutbox, remindMaintenances, startOutboxWorker } from '../../../src/services/mail/outbox-worker.ts';
import { addSubscribers, deliveryRows, mailWorld, type MailWorld } from './world.ts';

const HOUR = 3_600_000;

async function waitUntil(what: string, probe: () => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function incidentFor(w: MailWorld, subscribers: number) {
  expect((await w.call('POST', '/api/admin/services', { name: 'Webmail', slug: 'webmail' })).status).toBe(201);
  addSubscribers(w.db, { count: subscribers });
  expect((await w.call('POST', '/api/admin/incidents', { title: 'Down', severity: 'high', message: 'Looking.', services: [{ service: 'webmail', impact: 'major_outage' }] })).status).toBe(201);
  return createContext({ db: w.db, config: w.ctx.config, clock: () => Date.now() });
}

describe('the running worker', () => {
  it('paces itself at the limit Resend announces (ratelimit-limit), so it never earns a 429', async () => {
    const w = await mailWorld({ requestsPerSecond: 5 });
    const ctx = await incidentFor(w, 100);
    const stop = startOutboxWorker(ctx, w.mailer, { batchSize: 10, requestsPerSecond: 50 });
    await waitUntil('all sent', () => deliveryRows(w.db).every((d) => d.state === 'sent') && deliveryRows(w.db).length === 100);
    await stop();
    expect(w.fake.requests.map((r) => r.status)).toEqual(Array(10).fill(200));
    // Once the first answer has told it the limit: 5 per second, evenly spaced (the first few
    // left at the configured 50 per second, within the fake's burst allowance).
    const at = w.fake.requests.map((r) => r.at);
    expect(at[9]! - at[4]!).toBeGreaterThanOrEqual(5 * 200 - 50);
  });

  it('pauses the whole sender for retry-after after a 429, then sends everything once', async () => {
    const w = await mailWorld({ script: ['429'], retryAfterSeconds: 1 });
    const ctx = await incidentFor(w, 30);
    const stop = startOutboxWorker(ctx, w.mailer, { batchSize: 10, requestsPerSecond: 100, concurrency: 1 });
    await waitUntil('all sent', () => deliveryRows(w.db).length === 30 && deliveryRows(w.db).every((d) => d.state === 'sent'));
    await stop();
    const [limited, next] = w.fake.requests;
    expect(limited!.status).toBe(429);
    expect(next!.at - limited!.at).toBeGreaterThanOrEqual(950);
    expect(w.fake.emails).toHaveLength(30);
    expect([...w.fake.countsByRecipient().values()].every((n) => n === 1)).toBe(true);
  });

  it('stops cleanly: stop() resolves and nothing is sent afterwards', async () => {
    const w = await mailWorld({ latencyMs: 30 });
    const ctx = await incidentFor(w, 0);
    const stop = startOutboxWorker(ctx, w.mailer, { idleMs: 10 });
    await new Promise((r) => setTimeout(r, 50));
    await stop();
    addSubscribers(w.db, { count: 5 });
    expect((await w.call('POST', '/api/admin/incidents', { title: 'Again', severity: 'low', message: 'x', services: [{ service: 'webmail', impact: 'partial_outage' }] })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 100));
    expect(w.fake.requests).toHaveLength(0);
  });
});

describe('maintenance reminders', () => {
  async function window(w: MailWorld, startsIn: number, notify = true) {
    const start = w.clock.now + startsIn;
    const res = await w.call('POST', '/api/admin/maintenances', { title: 'Database upgrade', message: 'Read-only for a minute.', services: ['webmail'], scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(start + 2 * HOUR).toISOString(), notify });
    expect(res.status).toBe(201);
    return { id: res.body.id as number, start };
  }
  const reminders = (w: MailWorld) => w.db.select().from(outboxEvents).all().filter((e) => e.type === 'maintenance.reminder');

  it('writes one reminder an hour before the start, sends it, and writes another only for a new start time', async () => {
    const w = await mailWorld();
    expect((await w.call('POST', '/api/admin/services', { name: 'Webmail', slug: 'webmail' })).status).toBe(201);
    addSubscribers(w.db, { count: 2 });
    const m = await window(w, 3 * HOUR);
    w.clock.now = m.start - HOUR - 1;
    expect(remindMaintenances(w.ctx)).toBe(0);
    w.clock.now = m.start - HOUR;
    expect(remindMaintenances(w.ctx)).toBe(1);
    expect(remindMaintenances(w.ctx)).toBe(0);
    expect(reminders(w)).toMatchObject([{ entityType: 'maintenance', entityId: m.id, notify: true, payload: { maintenanceId: m.id, title: 'Database upgrade', scheduledStart: new Date(m.start).toISOString() } }]);
    expect(reminders(w)[0]!.serviceIds).toHaveLength(1);

    await drainOutbox(w.ctx, w.mailer);
    expect(w.fake.emails.map((e) => e.subject)).toEqual([...Array(2).fill('[Sensey] Planned maintenance: Database upgrade'), ...Array(2).fill('[Sensey] Maintenance starts in 1 hour: Database upgrade')]);

    // Moved two hours later: reminded again before the new start.
    const later = m.start + 2 * HOUR;
    expect((await w.call('PATCH', `/api/admin/maintenances/${m.id}`, { scheduledStart: new Date(later).toISOString(), scheduledEnd: new Date(later + HOUR).toISOString() })).status).toBe(200);
    w.clock.now = later - HOUR;
    expect(remindMaintenances(w.ctx)).toBe(1);
    expect(reminders(w)).toHaveLength(2);
  });

  it('does not remind windows announced without notification or announced within the hour', async () => {
    const w = await mailWorld();
    expect((await w.call('POST', '/api/admin/services', { name: 'Webmail', slug: 'webmail' })).status).toBe(201);
    const quiet = await window(w, 3 * HOUR, false);
    await window(w, 30 * 60_000);
    w.clock.now = quiet.start - HOUR + 1;
    expect(remindMaintenances(w.ctx)).toBe(0);
    expect(reminders(w)).toEqual([]);
  });
});
