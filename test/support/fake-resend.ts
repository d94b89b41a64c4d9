// A local fake of Resend's sending API for tests and benchmarks: a real HTTP server that the real
// Resend SDK talks to (RESEND_BASE_URL / `baseUrl`). It implements POST /emails and
// POST /emails/batch as Resend documents them — bearer auth, strict/permissive batch validation,
// idempotency keys (same key + same body → the original answer, no second send; same key + other
// body → 409 invalid_idempotent_request; still running → 409 concurrent_idempotent_requests), and
// rate-limit headers — and it RECORDS every email it accepts, so a test counts per recipient.
//
// Faults on demand, seeded: 429 with retry-after, 5xx before processing, and "lost answers" (the
// emails are accepted and the key stored, but the client gets a 500 or a dropped connection — the
// case only idempotency keys make safe).
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeResendOptions {
  /** Required bearer key; any non-empty key is accepted when unset. */
  apiKey?: string | undefined;
  /** Delay before every answer (after the emails are accepted). */
  latencyMs?: number;
  /** Token bucket: this many requests per second, bursts up to one second's worth. Unset: unlimited. */
  requestsPerSecond?: number | undefined;
  /** Fraction of requests answered 429 (retry-after: `retryAfterSeconds`) before processing. */
  rate429?: number;
  /** Fraction of requests answered 500/502/503 before processing. */
  rate5xx?: number;
  /** Fraction of requests processed (emails accepted, key stored) whose answer is lost: a 500 or a reset connection. */
  rateLost?: number;
  retryAfterSeconds?: number;
  /** Faults for the next requests, in order ('ok' for none); the random rates apply once it is used up. */
  script?: ('ok' | '429' | '5xx' | 'lost')[];
  /** Seed of the fault generator. */
  seed?: number;
  /** Keep html/text of each email (off for 100,000-email benchmarks). */
  keepBodies?: boolean;
  /** Addresses answered as invalid (per-email validation error). */
  rejectRecipients?: (to: string) => boolean;
}

export interface RecordedEmail {
  id: string;
  to: string[];
  from: string;
  subject: string;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  text?: string | undefined;
  html?: string | undefined;
  idempotencyKey: string | undefined;
  endpoint: '/emails' | '/emails/batch';
  at: number;
}

export interface RequestLog {
  endpoint: string;
  idempotencyKey: string | undefined;
  /** The bearer key it came with: several senders sharing one fake tell themselves apart by it. */
  apiKey: string | undefined;
  status: number;
  emails: number;
  at: number;
  replayed: boolean;
}

export interface FakeResend {
  url: string;
  emails: RecordedEmail[];
  requests: RequestLog[];
  /** Change the behaviour while running. */
  configure(o: Partial<FakeResendOptions>): void;
  /** Emails accepted per recipient address. */
  countsByRecipient(): Map<string, number>;
  /** Requests whose emails are accepted but whose answer has not been written yet. */
  unanswered(): number;
  close(): Promise<void>;
}

/** mulberry32: a tiny seeded PRNG, so a "random" storm is the same storm on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ADDRESS = /^[^\s@<>",]+@[^\s@<>",]+\.[^\s@<>",]+$/;
const bare = (to: string) => /<([^>]+)>\s*$/.exec(to)?.[1] ?? to.trim();

interface Stored {
  hash: string;
  state: 'running' | 'done';
  status: number;
  body: string;
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  let o: FakeResendOptions = { latencyMs: 0, rate429: 0, rate5xx: 0, rateLost: 0, retryAfterSeconds: 1, seed: 1, keepBodies: true, ...options, script: [...(options.script ?? [])] };
  let random = seededRandom(o.seed ?? 1);
  const emails: RecordedEmail[] = [];
  const requests: RequestLog[] = [];
  const keys = new Map<string, Stored>();
  let tokens = o.requestsPerSecond ?? 0;
  let unanswered = 0;
  let refilledAt = performance.now();

  const rateHeaders = (): Record<string, string> => {
    if (!o.requestsPerSecond) return {};
    return { 'ratelimit-limit': String(o.requestsPerSecond), 'ratelimit-remaining': String(Math.max(0, Math.floor(tokens))), 'ratelimit-reset': '1' };
  };
  /** Takes a token; returns the seconds to wait when none is left. */
  const takeToken = (): number | undefined => {
    const rps = o.requestsPerSecond;
    if (!rps) return undefined;
    const t = performance.now();
    tokens = Math.min(rps, tokens + ((t - refilledAt) / 1000) * rps);
    refilledAt = t;
    if (tokens >= 1) {
      tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - tokens) / rps));
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...rateHeaders(), ...headers });
    res.end(text);
    return text;
  };
  const error = (status: number, name: string, message: string) => ({ statusCode: status, name, message });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  function validate(e: unknown): string | undefined {
    if (!e || typeof e !== 'object') return 'Each email must be an object.';
    const m = e as Record<string, unknown>;
    if (typeof m.from !== 'string' || m.from === '') return 'The `from` field is required.';
    if (typeof m.subject !== 'string' || m.subject === '') return 'The `subject` field is required.';
    if (typeof m.html !== 'string' && typeof m.text !== 'string') return 'Either `html` or `text` is required.';
    const to = typeof m.to === 'string' ? [m.to] : Array.isArray(m.to) ? m.to : [];
    if (to.length === 0 || to.length > 50) return 'The `to` field must have 1 to 50 addresses.';
    for (const t of to) if (typeof t !== 'string' || !ADDRESS.test(bare(t)) || o.rejectRecipients?.(bare(t))) return `Invalid \`to\` field: ${String(t)}.`;
    return undefined;
  }

  function accept(e: Record<string, unknown>, endpoint: RecordedEmail['endpoint'], key: string | undefined): string {
    const id = randomUUID();
    const to = (typeof e.to === 'string' ? [e.to] : (e.to as string[])).map(bare);
    emails.push({
      id,
      to,
      from: e.from as string,
      subject: e.subject as string,
      headers: (e.headers as Record<string, string>) ?? {},
      tags: (e.tags as { name: string; value: string }[]) ?? [],
      text: o.keepBodies ? (e.text as string | undefined) : undefined,
      html: o.keepBodies ? (e.html as string | undefined) : undefined,
      idempotencyKey: key,
      endpoint,
      at: Date.now(),
    });
    return id;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const endpoint = (req.url ?? '').split('?')[0]!;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const key = req.headers['idempotency-key'] as string | undefined;
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const log = (status: number, n: number, replayed = false) => requests.push({ endpoint, idempotencyKey: key, apiKey: auth, status, emails: n, at: Date.now(), replayed });

    if (req.method !== 'POST' || (endpoint !== '/emails' && endpoint !== '/emails/batch')) return (log(404, 0), send(res, 404, error(404, 'not_found', 'The requested endpoint does not exist.')));
    if (!auth) return (log(401, 0), send(res, 401, error(401, 'missing_api_key', 'Missing API key in the authorization header.')));
    if (o.apiKey !== undefined && auth !== o.apiKey) return (log(403, 0), send(res, 403, error(403, 'invalid_api_key', 'API key is invalid.')));
    const wait = takeToken();
    if (wait !== undefined) return (log(429, 0), send(res, 429, error(429, 'rate_limit_exceeded', 'Too many requests. You can only make a limited number of requests per second.'), { 'retry-after': String(wait) }));
    if (key !== undefined && (key.length < 1 || key.length > 256)) return (log(400, 0), send(res, 400, error(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.')));

    // Faults that happen before anything is processed.
    const scripted = o.script?.shift();
    const roll = scripted === undefined ? random() : 2;
    if (scripted === '429' || roll < (o.rate429 ?? 0)) return (log(429, 0), send(res, 429, error(429, 'rate_limit_exceeded', 'Too many requests.'), { 'retry-after': String(o.retryAfterSeconds ?? 1) }));
    if (scripted === '5xx' || roll < (o.rate429 ?? 0) + (o.rate5xx ?? 0)) {
      const status = [500, 502, 503][Math.floor(random() * 3)]!;
      return (log(status, 0), send(res, status, status === 500 ? error(500, 'internal_server_error', 'Something went wrong.') : 'upstream unavailable'));
    }
    const lose = scripted === 'lost' || roll < (o.rate429 ?? 0) + (o.rate5xx ?? 0) + (o.rateLost ?? 0);

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return (log(400, 0), send(res, 400, error(400, 'validation_error', 'Invalid JSON body.')));
    }
    const hash = createHash('sha256').update(`${endpoint}\n${req.headers['x-batch-validation'] ?? ''}\n${raw}`).digest('hex');
    if (key !== undefined) {
      const stored = keys.get(key);
      if (stored && stored.hash !== hash) return (log(409, 0), send(res, 409, error(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.')));
      if (stored?.state === 'running') return (log(409, 0), send(res, 409, error(409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress.')));
      if (stored) {
        if (o.latencyMs) await sleep(o.latencyMs);
        log(stored.status, 0, true);
        return send(res, stored.status, stored.body);
      }
      keys.set(key, { hash, state: 'running', status: 0, body: '' });
    }

    let status = 200;
    let answer: unknown;
    let accepted = 0;
    if (endpoint === '/emails') {
      const problem = validate(body);
      if (problem) (status = 422), (answer = error(422, 'validation_error', problem));
      else (answer = { id: accept(body as Record<string, unknown>, endpoint, key) }), (accepted = 1);
    } else if (!Array.isArray(body) || body.length === 0 || body.length > 100) {
      (status = 422), (answer = error(422, 'validation_error', 'The batch must hold 1 to 100 emails.'));
    } else {
      const problems = body.map(validate);
      const permissive = req.headers['x-batch-validation'] === 'permissive';
      const firstProblem = problems.findIndex((p) => p !== undefined);
      if (!permissive && firstProblem >= 0) {
        (status = 422), (answer = error(422, 'validation_error', `emails[${firstProblem}]: ${problems[firstProblem]}`));
      } else {
        const data: { id: string }[] = [];
        const errors: { index: number; message: string }[] = [];
        body.forEach((e, i) => (problems[i] ? errors.push({ index: i, message: problems[i]! }) : (data.push({ id: accept(e as Record<string, unknown>, endpoint, key) }), accepted++)));
        answer = permissive ? { data, errors } : { data };
      }
    }
    const text = JSON.stringify(answer);
    // Only processed requests keep their key (a validation failure can be retried corrected).
    if (key !== undefined) {
      if (status === 200) keys.set(key, { hash, state: 'done', status, body: text });
      else keys.delete(key);
    }
    unanswered += accepted > 0 ? 1 : 0;
    if (o.latencyMs) await sleep(o.latencyMs);
    unanswered -= accepted > 0 ? 1 : 0;
    log(lose ? 500 : status, accepted);
    if (lose) {
      // The answer never arrives: half the time a 500, half the time a dropped connection.
      if (random() < 0.5) return send(res, 500, error(500, 'internal_server_error', 'Something went wrong.'));
      return res.socket?.destroy();
    }
    return send(res, status, text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, error(500, 'internal_server_error', String(err)));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    emails,
    requests,
    configure(next) {
      o = { ...o, ...next, script: [...(next.script ?? o.script ?? [])] };
      if (next.seed !== undefined) random = seededRandom(next.seed);
      if (next.requestsPerSecond !== undefined) (tokens = next.requestsPerSecond ?? 0), (refilledAt = performance.now());
    },
    unanswered: () => unanswered,
    countsByRecipient() {
      const counts = new Map<string, number>();
      for (const e of emails) for (const to of e.to) counts.set(to, (counts.get(to) ?? 0) + 1);
      return counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
