// A small in-process world for the subscription suites: a fresh :memory: database, a clock the test
// moves, the API built on them, and helpers to post JSON and forms and to sign webhook messages.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Webhook } from 'svix';
import { createDb } from '../../../db/client.ts';
import { outboxEvents, subscribers } from '../../../db/schema.ts';
import { createApi } from '../../../src/api/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createContext } from '../../../src/services/kernel/context.ts';
import { signToken, tokenSecret, type TokenPurpose } from '../../../src/services/subscriptions/tokens.ts';

export const NOW = Date.parse('2026-11-24T12:00:00Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const PUBLIC_URL = 'https://status.example.test';
export const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

export function world(env: Record<string, string> = {}) {
  let now = NOW;
  const db = createDb(':memory:');
  const config = loadConfig({ PUBLIC_URL, BAKEN_SECRET: 'test-secret-0123456789abcdefghijklmnop', RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET, ...env });
  const ctx = createContext({ db, config, clock: () => now });
  const app = createApi(ctx);

  /** A request from `client` (an IP address, as @astrojs/node records it), or from no known address. */
  const send = async (path: string, init: RequestInit, client?: string): Promise<Answer> => {
    const req = new Request(`http://localhost${path}`, init);
    if (client) Reflect.set(req, Symbol.for('astro.clientAddress'), client);
    return answer(await app.request(req));
  };

  return {
    db,
    ctx,
    app,
    now: () => now,
    advance: (ms: number) => void (now += ms),
    send,
    postJson: (body: unknown, o: { client?: string; headers?: Record<string, string> } = {}) =>
      send('/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json', ...o.headers }, body: JSON.stringify(body) }, o.client),
    postForm: (fields: [string, string][], o: { client?: string; headers?: Record<string, string> } = {}) =>
      send('/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...o.headers }, body: new URLSearchParams(fields).toString() }, o.client),
    token: (purpose: TokenPurpose, id: number, at = now) => signToken(tokenSecret(db, config.secret, now), purpose, id, at),
    subscriber: (email: string) => db.select().from(subscribers).where(eq(subscribers.email, email)).get(),
    events: () => db.select().from(outboxEvents).all(),
  };
}

export type World = ReturnType<typeof world>;

/** Signs a webhook body as Resend (svix) would; the timestamp is the real clock, as svix checks it. */
export function signedWebhook(payload: unknown, o: { id?: string; secret?: string } = {}): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(payload);
  const id = o.id ?? `msg_${randomBytes(8).toString('hex')}`;
  const timestamp = new Date();
  const signature = new Webhook(o.secret ?? WEBHOOK_SECRET).sign(id, timestamp, body);
  return {
    body,
    headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'svix-signature': signature },
  };
}

export function bounce(to: string[], type = 'email.bounced') {
  return {
    type,
    created_at: '2026-11-24T12:00:00.000Z',
    data: {
      email_id: '4ef9a417-02e9-4d39-ad75-9611e0fcc33c',
      from: 'Status <status@example.test>',
      to,
      subject: 'Incident: storage',
      created_at: '2026-11-24T11:59:00.000Z',
      ...(type === 'email.bounced' && { bounce: { message: 'Mailbox does not exist', subType: 'General', type: 'Permanent' } }),
    },
  };
}
