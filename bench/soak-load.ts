// The soak's traffic, one kind per function: public page, JSON and feed reads; staff writing
// incidents and maintenance through the admin API; people subscribing (double opt-in through the
// fake Resend's inbox) and leaving again with RFC 8058 one-click unsubscribes. Every call is timed
// and judged by the status it must have; anything else is an error.
import type { FakeResend } from '../test/support/fake-resend.ts';
import type { RunningServer } from '../test/support/server.ts';

export const SOAK_TOKEN = 'soak-admin-token-0123456789abcdefghij';
const TIMEOUT_MS = 10_000;

export interface Sample {
  kind: string;
  ms: number;
  status: number;
  error?: string | undefined;
}

export type Recorder = (s: Sample) => void;

/** A small seeded PRNG, so two soaks send the same mix. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function call(server: RunningServer, record: Recorder, kind: string, expected: number, path: string, init: RequestInit = {}): Promise<any> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${server.url}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
    const text = await res.text();
    const ms = performance.now() - t0;
    record({ kind, ms, status: res.status, error: res.status === expected ? undefined : `${init.method ?? 'GET'} ${path} → ${res.status} ${text.slice(0, 200)}` });
    return res.status === expected && text.startsWith('{') ? JSON.parse(text) : undefined;
  } catch (e) {
    record({ kind, ms: performance.now() - t0, status: 0, error: `${init.method ?? 'GET'} ${path}: ${(e as Error).message}` });
    return undefined;
  }
}

export interface World {
  slugs: string[];
  incidentIds: number[];
  maintenanceIds: number[];
  month: string;
}

const PAGES = ['/en/', '/nl/', '/en/incidents', '/nl/incidents?page=1', '/en/sla', '/en/reports', '/en/subscribe'];
const JSON_PATHS = ['/api/v2/summary.json', '/api/v2/status.json', '/api/v2/incidents.json', '/api/v2/scheduled-maintenances/upcoming.json', '/api/uptime.json?days=90', '/api/uptime.json?days=7'];
const FEEDS = ['/feed.rss', '/en/feed.atom', '/nl/feed.json', '/maintenance.ics', '/en/services/web-hosting/feed.rss', '/reports/{month}.csv'];

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

export function readPage(server: RunningServer, world: World, rnd: () => number, record: Recorder): Promise<unknown> {
  const r = rnd();
  const path =
    r < 0.15 && world.incidentIds.length > 0 ? `/en/incidents/${pick(rnd, world.incidentIds)}` : r < 0.22 && world.maintenanceIds.length > 0 ? `/nl/maintenance/${pick(rnd, world.maintenanceIds)}` : r < 0.3 ? `/en/reports/${world.month}` : pick(rnd, PAGES);
  return call(server, record, 'page', 200, path);
}

export function readJson(server: RunningServer, rnd: () => number, record: Recorder): Promise<unknown> {
  return call(server, record, 'json', 200, pick(rnd, JSON_PATHS));
}

export function readFeed(server: RunningServer, world: World, rnd: () => number, record: Recorder): Promise<unknown> {
  return call(server, record, 'feed', 200, pick(rnd, FEEDS).replace('{month}', world.month));
}

const admin = (server: RunningServer, record: Recorder, expected: number, method: string, path: string, body: unknown) =>
  call(server, record, 'write', expected, `/api/admin${path}`, { method, headers: { authorization: `Bearer ${SOAK_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

const NEXT_STATUS = { investigating: 'identified', identified: 'monitoring', monitoring: 'resolved' } as const;

/**
 * Staff at work: keeps up to three incidents open, moving each forward one status per write and
 * resolving it (resolutions and new incidents are announced by email); now and then schedules a
 * maintenance window.
 */
export function adminWriter(server: RunningServer, world: World, rnd: () => number, record: Recorder) {
  const open = new Map<number, keyof typeof NEXT_STATUS>();
  let n = 0;
  return async () => {
    n++;
    if (n % 25 === 0) {
      const start = Date.now() + (3 + rnd() * 20) * 86_400_000;
      const m = await admin(server, record, 201, 'POST', '/maintenances', { title: `Soak window ${n}`, message: 'Routine work.', services: [pick(rnd, world.slugs)], scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(start + 3_600_000).toISOString(), notify: false });
      if (m) world.maintenanceIds.push(m.id);
      return;
    }
    if (open.size < 3) {
      const i = await admin(server, record, 201, 'POST', '/incidents', { title: `Soak incident ${n}`, severity: pick(rnd, ['low', 'medium', 'high'] as const), message: `Looking into **it** (${n}).`, services: [{ service: pick(rnd, world.slugs), impact: pick(rnd, ['degraded_performance', 'partial_outage'] as const) }] });
      if (i) {
        open.set(i.id, 'investigating');
        world.incidentIds.push(i.id);
      }
      return;
    }
    const [id, status] = pick(rnd, [...open]);
    const next = NEXT_STATUS[status];
    // The steps in between are not announced: a subscriber gets the opening and the resolution.
    const done = await admin(server, record, 201, 'POST', `/incidents/${id}/updates`, { status: next, message: `Now ${next} (${n}).`, notify: next === 'resolved' });
    if (done) {
      if (next === 'resolved') open.delete(id);
      else open.set(id, next);
    }
  };
}

/**
 * People subscribing from many addresses behind the (trusted) proxy; the confirmation email's link
 * is followed, and the first announcement a subscriber receives is answered with the one-click
 * unsubscribe its List-Unsubscribe header names, so the population stays small and steady.
 */
export function subscribers(server: RunningServer, fake: FakeResend, rnd: () => number, record: Recorder) {
  let n = 0;
  const left = new Set<string>();
  const counts = { subscribed: 0, confirmed: 0, unsubscribed: 0 };
  const subscribe = async () => {
    n++;
    const address = `10.${Math.floor(rnd() * 250)}.${Math.floor(rnd() * 250)}.${1 + Math.floor(rnd() * 250)}`;
    const ok = await call(server, record, 'subscribe', 202, '/api/subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ email: `soak${n}@example.test`, locale: rnd() < 0.5 ? 'nl' : 'en' }),
    });
    if (ok) counts.subscribed++;
  };
  /** Follows the links in the emails received since the last call, then forgets those emails. */
  const readInbox = async () => {
    const emails = fake.emails.splice(0);
    fake.requests.splice(0);
    const work: Promise<unknown>[] = [];
    for (const e of emails) {
      const to = e.to[0]!;
      const confirm = /\/subscribe\/confirm\?token=([^\s"&<]+)/.exec(e.text ?? '')?.[1];
      if (confirm && !e.headers['List-Unsubscribe']) {
        work.push(call(server, record, 'confirm', 200, `/api/subscriptions/confirm?token=${confirm}`, { method: 'POST' }).then((r) => r && counts.confirmed++));
        continue;
      }
      const oneClick = /^<(.+)>$/.exec(e.headers['List-Unsubscribe'] ?? '')?.[1];
      if (oneClick && !left.has(to)) {
        left.add(to);
        const path = oneClick.slice(new URL(oneClick).origin.length);
        work.push(
          call(server, record, 'unsubscribe', 200, path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }).then(() => counts.unsubscribed++),
        );
      }
    }
    await Promise.all(work);
  };
  return { subscribe, readInbox, counts };
}
