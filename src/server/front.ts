// The first thing a public GET meets: answers from the response cache before any Astro or Hono work.
//
//  - fresh (current generation, younger than max-age): sent as stored, or 304 on a matching ETag;
//  - only old (current generation, within stale-while-revalidate): sent at once, re-rendered behind;
//  - out of date (a write since), missing or too old: the request waits for a render — one render
//    per key and generation, however many requests wait for it (single flight);
//  - the render fails (database unreadable, a page throws, a 5xx): the last good answer is sent,
//    with Age and a Warning, and no new try is made for a second, so an outage costs no render storm.
import type { IncomingMessage, ServerResponse } from 'node:http';
import Negotiator from 'negotiator';
import { HIT_HEADS, STALE_WHILE_REVALIDATE_SECONDS, type CachedAnswer, type Encoding, type ResponseCache } from '../services/kernel/response-cache.ts';
import { encodeAnswer, type RenderedAnswer } from './encode.ts';

const RETRY_AFTER_FAILURE_MS = 1000;

export interface FrontOptions {
  cache: ResponseCache;
  clock: () => number;
  /** Renders `key` (a path with its canonical query) through the whole Astro + Hono pipeline. */
  render: (key: string) => Promise<Response>;
  maxAgeSeconds: number;
  cacheControl: string;
}

type Outcome = { kind: 'stored'; entry: CachedAnswer } | { kind: 'other'; answer: RenderedAnswer } | { kind: 'failed'; answer: RenderedAnswer | undefined };

interface Flight {
  generation: number;
  outcome: Promise<Outcome>;
}

/** Answers at once from memory (returns nothing), or returns the promise of waiting for a render. */
export type ServeCached = (req: IncomingMessage, res: ServerResponse, key: string) => Promise<void> | undefined;

export function createFront(o: FrontOptions): ServeCached {
  const { cache, clock } = o;
  const counters = cache.counters;
  const freshMs = o.maxAgeSeconds * 1000;
  const staleMs = freshMs + STALE_WHILE_REVALIDATE_SECONDS * 1000;
  const flights = new Map<string, Flight>();

  async function renderOnce(key: string, generation: number): Promise<Outcome> {
    counters.renders++;
    const renderedAt = clock();
    let answer: RenderedAnswer | undefined;
    try {
      const response = await o.render(key);
      answer = { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
      if (answer.status >= 500) throw new Error(`render of ${key} answered ${answer.status}`);
      if (answer.status !== 200) return { kind: 'other', answer };
      const entry = await encodeAnswer(answer, { generation, renderedAt, cacheControl: o.cacheControl });
      cache.set(key, entry);
      return { kind: 'stored', entry };
    } catch (err) {
      counters.failedRenders++;
      const last = cache.peek(key);
      if (last) last.retryAt = clock() + RETRY_AFTER_FAILURE_MS;
      console.error(`Response cache: render of ${key} failed; ${last ? 'its last good answer is served' : 'there is no earlier answer to serve'}.`, err instanceof Error ? err.message : err);
      return { kind: 'failed', answer };
    }
  }

  function rendered(key: string, generation: number): Promise<Outcome> {
    const flight = flights.get(key);
    if (flight && flight.generation === generation) return flight.outcome;
    const outcome = renderOnce(key, generation).finally(() => {
      if (flights.get(key)?.outcome === outcome) flights.delete(key);
    });
    flights.set(key, { generation, outcome });
    return outcome;
  }

  const reply = (...args: Parameters<typeof sendAnswer>): undefined => {
    if (sendAnswer(...args)) counters.notModified++;
    return undefined;
  };

  async function afterRender(req: IncomingMessage, res: ServerResponse, key: string, generation: number, entry: CachedAnswer | undefined, encoding: Encoding): Promise<void> {
    const outcome = await rendered(key, generation);
    if (outcome.kind === 'stored') return reply(req, res, outcome.entry, encoding, 'MISS', clock() - outcome.entry.renderedAt);
    if (outcome.kind === 'failed' && entry) {
      counters.servedOnError++;
      return reply(req, res, entry, encoding, 'STALE', clock() - entry.renderedAt, true);
    }
    if (outcome.answer) return sendRendered(req, res, outcome.answer);
    res.writeHead(503, ['content-type', 'text/plain; charset=utf-8', 'retry-after', '5', 'cache-control', 'no-store']);
    res.end(req.method === 'HEAD' ? undefined : 'The status page is temporarily unavailable.\n');
  }

  // Not async: a hit is answered without a promise.
  return (req, res, key) => {
    const generation = cache.generation();
    const entry = cache.get(key);
    const encoding = negotiate(req.headers['accept-encoding']);
    const now = clock();
    if (entry) {
      const age = now - entry.renderedAt;
      const current = entry.generation === generation;
      if (current && age < freshMs) {
        counters.hits++;
        counters.byEncoding[encoding].hits++;
        return reply(req, res, entry, encoding, 'HIT', age);
      }
      if (entry.retryAt !== undefined && now < entry.retryAt) {
        counters.servedOnError++;
        counters.byEncoding[encoding].hits++;
        return reply(req, res, entry, encoding, 'STALE', age, true);
      }
      if (current && age < staleMs) {
        counters.stale++;
        counters.byEncoding[encoding].hits++;
        if (!flights.has(key)) counters.backgroundRenders++;
        void rendered(key, generation);
        return reply(req, res, entry, encoding, 'STALE', age);
      }
    }
    counters.misses++;
    counters.byEncoding[encoding].misses++;
    return afterRender(req, res, key, generation, entry, encoding);
  };
}

/** Sends a cached answer (or a 304 for it); true when it was a 304. */
export function sendAnswer(req: IncomingMessage, res: ServerResponse, entry: CachedAnswer, encoding: Encoding, state: 'HIT' | 'MISS' | 'STALE', ageMs: number, failed = false): boolean {
  const variant = entry.variants[encoding] ?? entry.variants.identity;
  const age = Math.max(0, Math.floor(ageMs / 1000));
  const extra = ['age', String(age), 'x-cache', state];
  // RFC 7234 §5.5.2 (obsoleted by RFC 9111, but still what CDNs and people recognise).
  if (failed) extra.push('warning', '111 - "Revalidation Failed"');
  const inm = req.headers['if-none-match'];
  if (inm !== undefined && matches(inm, entry)) {
    res.writeHead(304, variant.notModified.concat(extra));
    res.end();
    return true;
  }
  // A fresh hit's header list depends only on its whole seconds of age: made once per second.
  const head = state === 'HIT' && !failed && age < HIT_HEADS ? (variant.hitHeads[age] ??= variant.head.concat(extra)) : variant.head.concat(extra);
  res.writeHead(entry.status, head);
  res.end(req.method === 'HEAD' ? undefined : variant.body);
  return false;
}

/** A non-200 answer (404, 400, a redirect) is sent as rendered and not kept. */
function sendRendered(req: IncomingMessage, res: ServerResponse, answer: RenderedAnswer): void {
  const head: string[] = [];
  for (const [name, value] of answer.headers) if (name !== 'content-length' && name !== 'transfer-encoding') head.push(name, value);
  head.push('content-length', String(answer.body.length), 'x-cache', 'MISS');
  res.writeHead(answer.status, head);
  res.end(req.method === 'HEAD' ? undefined : answer.body);
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/` is ignored, `*` matches. */
function matches(header: string, entry: CachedAnswer): boolean {
  if (header.trim() === '*') return true;
  for (const tag of header.split(',')) {
    const t = tag.trim();
    if (entry.etags.has(t.startsWith('W/') ? t.slice(2) : t)) return true;
  }
  return false;
}

// Browsers send a handful of distinct Accept-Encoding values; parsing each once is enough.
const chosen = new Map<string, Encoding>();
const AVAILABLE: Encoding[] = ['br', 'gzip', 'identity'];

export function negotiate(header: string | undefined): Encoding {
  if (header === undefined || header === '') return 'identity';
  let encoding = chosen.get(header);
  if (encoding === undefined) {
    // Ties go to our order (br before gzip); the types of negotiator 1.x do not list `preferred`.
    const negotiator = new Negotiator({ headers: { 'accept-encoding': header } }) as unknown as { encodings(available: string[], o: { preferred: string[] }): string[] };
    encoding = (negotiator.encodings(AVAILABLE, { preferred: AVAILABLE })[0] as Encoding | undefined) ?? 'identity';
    if (chosen.size >= 256) chosen.clear();
    chosen.set(header, encoding);
  }
  return encoding;
}
