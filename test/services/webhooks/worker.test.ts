// The webhook worker in-process, on a :memory: database with a clock the test moves and a real
// local receiver: a delivery given up after WEBHOOK_MAX_ATTEMPTS with the last answer; an
// expansion repeated after a crash (cursor rolled back) inserts nothing twice; notify=false and
// events from before the endpoint existed are sent to nobody; a removed endpoint gets nothing more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { CLI_ACTOR } from '../../../src/cli/common.ts';
import { loadConfig } from '../../../src/config.ts';
import { createService } from '../../../src/services/catalog/admin.ts';
import { createContext, type AppContext } from '../../../src/services/kernel/context.ts';
import { createIncident, postIncidentUpdate } from '../../../src/services/incidents/commands.ts';
import { createEndpoint, deleteEndpoint, endpointDeliveries } from '../../../src/services/webhooks/endpoints.ts';
import { drainWebhooks, expandWebhookStep } from '../../../src/services/webhooks/worker.ts';
import { startReceiver, type Receiver } from '../../support/webhook-receiver.ts';

let rx: Receiver;
beforeAll(async () => (rx = await startReceiver()));
afterAll(() => rx.close());

function world(): { ctx: AppContext; clock: { now: number } } {
  const clock = { now: Date.parse('2026-11-02T10:00:00Z') };
  const config = loadConfig({ BAKEN_DEMO: '0', WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_DISABLE_AFTER: '100', WEBHOOK_BACKOFF_MS: '1000', WEBHOOK_TIMEOUT_MS: '2000' });
  const ctx = createContext({ db: createDb(':memory:'), config, clock: () => clock.now });
  createService(ctx, CLI_ACTOR, { name: 'Webmail', slug: 'webmail' });
  return { ctx, clock };
}
const incident = (ctx: AppContext, notify = true) => createIncident(ctx, CLI_ACTOR, { title: 'Down', severity: 'high', message: 'Looking.', services: [{ service: 'webmail', impact: 'partial_outage' }], notify }).id;
const rows = (ctx: AppContext) => ctx.db.$client.prepare('SELECT event_id, endpoint_id, subject, state, attempts FROM webhook_deliveries ORDER BY id').all();

describe('the webhook worker', () => {
  it('gives a delivery up after the last attempt, with the last answer; retries wait for their backoff', async () => {
    const { ctx, clock } = world();
    rx.answer('/down', 503);
    const e = createEndpoint(ctx, CLI_ACTOR, { name: 'down', url: `${rx.url}/down` });
    incident(ctx);
    await drainWebhooks(ctx, () => 0);
    expect(rx.received.filter((r) => r.path === '/down')).toHaveLength(2);
    // Not due yet: the first retry waits half to all of 1 s (random 0 → 500 ms).
    await drainWebhooks(ctx, () => 0);
    expect(rx.received.filter((r) => r.path === '/down')).toHaveLength(2);
    clock.now += 500;
    await drainWebhooks(ctx, () => 0);
    clock.now += 1000;
    await drainWebhooks(ctx, () => 0);
    expect(rx.received.filter((r) => r.path === '/down')).toHaveLength(6);
    const d = endpointDeliveries(ctx, e.id);
    expect(d.map((x) => [x.state, x.attempts.map((a) => a.statusCode), x.lastError])).toEqual([
      ['failed', [503, 503, 503], 'gave up after 3 attempts; last: HTTP 503'],
      ['failed', [503, 503, 503], 'gave up after 3 attempts; last: HTTP 503'],
    ]);
    clock.now += 3_600_000;
    await drainWebhooks(ctx, () => 0);
    expect(rx.received.filter((r) => r.path === '/down')).toHaveLength(6);
  });

  it('a repeated expansion inserts nothing twice; notify=false and earlier events reach nobody; a removed endpoint gets nothing more', async () => {
    const { ctx } = world();
    const early = incident(ctx);
    const e = createEndpoint(ctx, CLI_ACTOR, { name: 'ok', url: `${rx.url}/ok` });
    postIncidentUpdate(ctx, CLI_ACTOR, early, { status: 'identified', message: 'Found it.' });
    incident(ctx, false);
    while (expandWebhookStep(ctx));
    const expanded = rows(ctx);
    // The update of the earlier incident (impact unchanged): one message; the quiet incident: none.
    expect(expanded).toEqual([{ event_id: 2, endpoint_id: e.id, subject: '', state: 'pending', attempts: 0 }]);
    // A crash before the cursor's transaction committed would replay the event: same rows.
    ctx.db.$client.prepare(`UPDATE settings SET value = '0' WHERE key = 'webhook_outbox_cursor'`).run();
    while (expandWebhookStep(ctx));
    expect(rows(ctx)).toEqual(expanded);
    await drainWebhooks(ctx);
    expect(rows(ctx)).toEqual([{ event_id: 2, endpoint_id: e.id, subject: '', state: 'sent', attempts: 1 }]);
    deleteEndpoint(ctx, CLI_ACTOR, e.id);
    incident(ctx);
    await drainWebhooks(ctx);
    expect(rows(ctx)).toHaveLength(1);
  });
});
