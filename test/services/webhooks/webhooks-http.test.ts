// Webhook, Slack and Teams endpoints against local receivers over real HTTP, through the real built
// server: the Statuspage payload shape, the signature, per-service filtering, retries with backoff
// on 500 with every attempt recorded, and disabling after repeated failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { verifySignature } from '../../../src/services/webhooks/signature.ts';
import { makeService } from '../../support/factories.ts';
import { startReceiver, type Receiver } from '../../support/webhook-receiver.ts';
import { startServer, tempDbPath, type RunningServer } from '../../support/server.ts';

const TOKEN = 'webhook-admin-token-0123456789abcdef';
let server: RunningServer;
let rx: Receiver;

async function admin(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/admin${p}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function waitFor(what: string, probe: () => boolean | Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.output().slice(-1500)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const at = (path: string) => rx.received.filter((r) => r.path === path);

beforeAll(async () => {
  rx = await startReceiver();
  const path = tempDbPath('webhooks');
  const db = createDb(path);
  makeService(db, { slug: 'webmail', name: 'Webmail' });
  makeService(db, { slug: 'dns', name: 'DNS', position: 1 });
  db.$client.close();
  server = await startServer({
    databasePath: path,
    env: { ADMIN_TOKEN: TOKEN, PUBLIC_URL: 'https://status.example.test', WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_BACKOFF_MS: '200', WEBHOOK_MAX_ATTEMPTS: '6', WEBHOOK_DISABLE_AFTER: '5' },
  });
});
afterAll(async () => {
  await server?.stop();
  await rx?.close();
});

describe('webhook endpoints', () => {
  const secrets: Record<string, string> = {};

  it('refuses URLs that are not http(s), and unknown services, changing nothing', async () => {
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'not a url', 'https://user:pw@example.com/']) {
      const r = await admin('POST', '/webhooks', { name: 'Bad', url });
      expect(r.status, url).toBe(400);
      expect(r.body.error.code).toBe('invalid_webhook_url');
    }
    const unknown = await admin('POST', '/webhooks', { name: 'X', url: `${rx.url}/x`, services: ['nope'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('unknown_service');
    expect((await admin('GET', '/webhooks')).body.webhooks).toEqual([]);
  });

  it('adds endpoints: Statuspage JSON for all, Slack for webmail, Teams for DNS, a flaky and a broken one', async () => {
    const add = async (name: string, body: object) => {
      const r = await admin('POST', '/webhooks', { name, ...body });
      expect(r.status).toBe(201);
      expect(r.body.secret).toMatch(/^whsec_[\w-]{32}$/);
      expect(r.body.secretPrefix).toBe(r.body.secret.slice(0, 10));
      secrets[name] = r.body.secret;
      return r.body;
    };
    const all = await add('all', { url: `${rx.url}/all` });
    expect(all).toMatchObject({ preset: 'statuspage', allServices: true, services: [], enabled: true, counts: { pending: 0, sent: 0, failed: 0 } });
    const slack = await add('slack', { url: `${rx.url}/slack`, preset: 'slack', services: ['webmail'] });
    expect(slack.services.map((s: any) => s.slug)).toEqual(['webmail']);
    await add('teams', { url: `${rx.url}/teams`, preset: 'teams', services: ['dns'] });
    rx.answer('/flaky', (n) => (n <= 2 ? 500 : 204));
    await add('flaky', { url: `${rx.url}/flaky`, services: ['webmail'] });
    rx.answer('/broken', 500);
    await add('broken', { url: `${rx.url}/broken`, services: ['webmail'] });
    // Secrets are never listed again.
    expect(JSON.stringify((await admin('GET', '/webhooks')).body)).not.toContain(secrets.all);
  });

  it('an incident reaches every matching endpoint in its format, signed', async () => {
    const created = await admin('POST', '/incidents', { title: 'Mail <down>', severity: 'critical', message: 'We are **investigating**.', services: [{ service: 'webmail', impact: 'major_outage' }] });
    expect(created.status).toBe(201);
    await waitFor('incident and component update at /all', () => at('/all').length === 2);

    const [incident, component] = at('/all').sort((a, b) => String(a.headers['baken-event-id']).localeCompare(String(b.headers['baken-event-id'])));
    const incidentBody = JSON.parse(incident!.body);
    expect(incident!.headers['content-type']).toBe('application/json');
    expect(incident!.headers['baken-event-type']).toBe('incident.created');
    const eventId = String(incident!.headers['baken-event-id']);
    expect(eventId).toMatch(/^evt_\d+$/);
    expect(incidentBody).toEqual({
      meta: { unsubscribe: null, documentation: 'https://status.example.test/en/integrations#webhooks' },
      page: { id: 'sensey', status_indicator: 'major', status_description: 'Partial System Outage' },
      incident: {
        id: String(created.body.id),
        name: 'Mail <down>',
        status: 'investigating',
        impact: 'critical',
        created_at: expect.stringMatching(/Z$/),
        updated_at: expect.any(String),
        monitoring_at: null,
        resolved_at: null,
        started_at: expect.any(String),
        shortlink: `https://status.example.test/incidents/${created.body.id}`,
        page_id: 'sensey',
        incident_updates: [{ id: expect.any(String), status: 'investigating', body: 'We are **investigating**.', incident_id: String(created.body.id), created_at: expect.any(String), updated_at: expect.any(String), display_at: expect.any(String) }],
        components: [{ id: '1', name: 'Webmail', status: 'major_outage' }],
      },
    });
    expect(component!.headers['baken-event-id']).toBe(`${eventId}_c1`);
    expect(component!.headers['baken-event-type']).toBe('component.updated');
    expect(JSON.parse(component!.body)).toMatchObject({
      component_update: { component_id: '1', old_status: 'operational', new_status: 'major_outage' },
      component: { id: '1', name: 'Webmail', status: 'major_outage' },
    });

    // The signature: HMAC-SHA256 over "t.body" under the endpoint's secret; any change breaks it.
    const sig = String(incident!.headers['baken-signature']);
    expect(sig).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(secrets.all!, sig, incident!.body, now)).toBe(true);
    expect(verifySignature(secrets.all!, sig, incident!.body.replace('investigating', 'resolved'), now)).toBe(false);
    expect(verifySignature(secrets.slack!, sig, incident!.body, now)).toBe(false);
    expect(verifySignature(secrets.all!, sig, incident!.body, now + 3600)).toBe(false);

    // Slack (webmail only): { text, blocks }, mrkdwn's control characters escaped.
    await waitFor('slack', () => at('/slack').length === 2);
    const slack = at('/slack').map((r) => JSON.parse(r.body));
    expect(slack.map((s) => s.text).sort()).toEqual(['Sensey incident: Mail &lt;down&gt; (investigating)', 'Sensey incident: Webmail: Operational → Major outage (Major outage)']);
    expect(slack[0].blocks.map((b: any) => b.type)).toEqual(['header', 'section', 'context']);
    // Teams is subscribed to DNS only: nothing.
    expect(at('/teams')).toEqual([]);
  });

  // The flaky endpoint fails twice per event: 4 failures in a row at most, under the limit of 5.
  it('retries a 500 with backoff and records every attempt; a 2xx ends it', async () => {
    await waitFor('flaky answered 204 twice (incident + component)', () => at('/flaky').length === 6);
    const flaky = (await admin('GET', '/webhooks')).body.webhooks.find((w: any) => w.name === 'flaky');
    const d = (await admin('GET', `/webhooks/${flaky.id}/deliveries`)).body.deliveries;
    expect(d).toHaveLength(2);
    for (const delivery of d) {
      expect(delivery.state).toBe('sent');
      expect(delivery.attempts.map((a: any) => [a.statusCode, a.error])).toEqual([
        [500, 'HTTP 500'],
        [500, 'HTTP 500'],
        [204, null],
      ]);
      // Equal jitter: the n-th retry waits between half and all of 200·2^(n−1) ms.
      const times = delivery.attempts.map((a: any) => Date.parse(a.at));
      expect(times[1] - times[0]).toBeGreaterThanOrEqual(100);
      expect(times[2] - times[1]).toBeGreaterThanOrEqual(200);
    }
    // The same event id and body on every try.
    const byId = Map.groupBy(at('/flaky'), (r) => String(r.headers['baken-event-id']));
    expect([...byId.values()].map((list) => new Set(list.map((r) => r.body)).size)).toEqual([1, 1]);
    expect(flaky).toMatchObject({ enabled: true, consecutiveFailures: 0, counts: { pending: 0, sent: 2, failed: 0 } });
  });

  it('disables an endpoint after 5 failed attempts in a row, with the reason, and sends it nothing more', async () => {
    await waitFor('broken disabled', async () => (await admin('GET', '/webhooks')).body.webhooks.find((w: any) => w.name === 'broken').enabled === false);
    const broken = (await admin('GET', '/webhooks')).body.webhooks.find((w: any) => w.name === 'broken');
    expect(broken.consecutiveFailures).toBe(5);
    expect(broken.disabledReason).toMatch(/^Disabled after 5 failed attempts in a row; the last, at \d{4}-\d\d-\d\dT[\d:.]+Z: HTTP 500\.$/);
    expect(broken.counts).toEqual({ pending: 2, sent: 0, failed: 0 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(at('/broken')).toHaveLength(5);

    // Re-enabled once it works: the waiting deliveries go out.
    rx.answer('/broken', 200);
    const enabled = await admin('PATCH', `/webhooks/${broken.id}`, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
    await waitFor('broken delivered after re-enable', async () => (await admin('GET', `/webhooks/${broken.id}`)).body.counts.sent === 2);
  });

  it('a resolution tells Teams nothing (webmail only), Slack and the JSON endpoint the component recovered', async () => {
    const before = at('/all').length;
    const id = (await admin('GET', '/webhooks')).body.webhooks.length;
    expect(id).toBe(5);
    const incidents = (await admin('GET', '/incidents')).body;
    const incidentId = (incidents.incidents ?? incidents)[0].id;
    expect((await admin('POST', `/incidents/${incidentId}/updates`, { status: 'resolved', message: 'Fixed.' })).status).toBe(201);
    await waitFor('resolution at /all', () => at('/all').length === before + 2);
    const bodies = at('/all').slice(before).map((r) => JSON.parse(r.body));
    expect(bodies.find((b) => b.incident)?.incident).toMatchObject({ status: 'resolved', resolved_at: expect.any(String), incident_updates: [{ status: 'resolved', body: 'Fixed.' }, { status: 'investigating' }] });
    expect(bodies.find((b) => b.incident)?.page).toEqual({ id: 'sensey', status_indicator: 'none', status_description: 'All Systems Operational' });
    expect(bodies.find((b) => b.component_update)?.component_update).toMatchObject({ old_status: 'major_outage', new_status: 'operational' });
    expect(at('/teams')).toEqual([]);
  });
  it('maintenance: scheduled, started and completed reach Teams (DNS) as cards and the JSON endpoint as Statuspage incidents with components under maintenance', async () => {
    const before = at('/all').length;
    const start = new Date(Date.now() + 72 * 3_600_000).toISOString();
    const end = new Date(Date.now() + 74 * 3_600_000).toISOString();
    const m = await admin('POST', '/maintenances', { title: 'Resolver upgrade', message: 'Short interruptions.', services: ['dns'], scheduledStart: start, scheduledEnd: end });
    expect(m.status).toBe(201);
    expect((await admin('POST', `/maintenances/${m.body.id}/updates`, { status: 'in_progress', message: 'Started.' })).status).toBe(201);
    expect((await admin('POST', `/maintenances/${m.body.id}/updates`, { status: 'completed', message: 'Done.' })).status).toBe(201);
    // scheduled (1), started (1 + component), completed (1 + component).
    await waitFor('maintenance at /all', () => at('/all').length === before + 5);
    const got = at('/all').slice(before).map((r) => ({ type: r.headers['baken-event-type'], body: JSON.parse(r.body) }));
    const scheduled = got.find((g) => g.type === 'maintenance.scheduled')!.body.incident;
    expect(scheduled).toMatchObject({ id: String(m.body.id), name: 'Resolver upgrade', status: 'scheduled', impact: 'maintenance', scheduled_for: start, shortlink: `https://status.example.test/maintenance/${m.body.id}`, components: [{ id: '2', name: 'DNS', status: 'operational' }] });
    expect(got.find((g) => g.type === 'maintenance.started')!.body.incident).toMatchObject({ status: 'in_progress', components: [{ id: '2', status: 'under_maintenance' }] });
    expect(got.filter((g) => g.type === 'component.updated').map((g) => [g.body.component_update.old_status, g.body.component_update.new_status])).toEqual([
      ['operational', 'under_maintenance'],
      ['under_maintenance', 'operational'],
    ]);
    await waitFor('teams', () => at('/teams').length === 5);
    const cards = at('/teams').map((r) => JSON.parse(r.body));
    expect(cards.every((c) => c['@type'] === 'MessageCard' && c['@context'] === 'https://schema.org/extensions')).toBe(true);
    expect(cards.map((c) => c.title)).toContain('Sensey maintenance: Resolver upgrade');
  });
});
