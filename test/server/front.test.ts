// The front's state machine over a real node:http server, with a render function the test
// controls (it counts its calls, can be held, and can fail) and a clock the test moves.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { ResponseCache } from '../../src/services/kernel/response-cache.ts';
import { createFront } from '../../src/server/front.ts';

interface Rig {
  url: string;
  cache: ResponseCache;
  clock: { now: number };
  renders: string[];
  /** Requests the server has received. */
  arrived: number;
  /** What the next renders answer (a body, a status, or an error to throw). */
  next: { body: string; status: number; fail?: boolean };
  /** While set, renders wait for it. */
  hold?: Promise<void>;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function rig(): Promise<Rig> {
  const cache = new ResponseCache(createDb(':memory:'));
  const r: Rig = { url: '', cache, clock: { now: 1_000_000 }, renders: [], arrived: 0, next: { body: 'v1', status: 200 } };
  const serve = createFront({
    cache,
    clock: () => r.clock.now,
    maxAgeSeconds: 10,
    cacheControl: 'public, max-age=10',
    render: async (key) => {
      r.renders.push(key);
      await r.hold;
      const { body, status, fail } = r.next;
      if (fail) throw new Error('SQLITE_CORRUPT: database disk image is malformed');
      return new Response(`${body} ${key}`, { status, headers: { 'content-type': 'text/plain' } });
    },
  });
  server = createServer((req, res) => {
    r.arrived++;
    void serve(req, res, req.url!);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server!.address() as { port: number }).port}`;
  return r;
}

/** Holds every render until the returned function is called. */
function holdRenders(r: Rig): () => void {
  let release!: () => void;
  r.hold = new Promise((resolve) => (release = resolve));
  return () => {
    r.hold = undefined;
    release();
  };
}

const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the server has received `n` requests in all. */
async function arrivals(r: Rig, n: number): Promise<void> {
  while (r.arrived < n) await settle(5);
}

async function get(r: Rig, path = '/p') {
  const res = await fetch(r.url + path);
  return { status: res.status, body: await res.text(), cache: res.headers.get('x-cache'), warning: res.headers.get('warning'), age: res.headers.get('age') };
}

describe('the response cache front', () => {
  it('renders once for many concurrent misses, then answers from memory', async () => {
    const r = await rig();
    const release = holdRenders(r);
    const waiting = Promise.all(Array.from({ length: 20 }, () => get(r)));
    await arrivals(r, 20);
    release();
    const answers = await waiting;
    expect(r.renders).toEqual(['/p']);
    expect(new Set(answers.map((a) => `${a.status} ${a.body} ${a.cache}`))).toEqual(new Set(['200 v1 /p MISS']));
    expect(await get(r)).toMatchObject({ body: 'v1 /p', cache: 'HIT', age: '0' });
    r.clock.now += 3_500;
    expect(await get(r)).toMatchObject({ cache: 'HIT', age: '3' });
    r.clock.now += 1_000;
    expect(await get(r)).toMatchObject({ cache: 'HIT', age: '4' });
    r.clock.now -= 1_000;
    expect(await get(r)).toMatchObject({ cache: 'HIT', age: '3' });
    expect(r.renders).toHaveLength(1);
    expect(r.cache.stats()).toMatchObject({ renders: 1, misses: 20, hits: 4 });
  });

  it('after a write, waits for one new render: nobody reads the old answer as current', async () => {
    const r = await rig();
    await get(r);
    r.cache.invalidate();
    r.next.body = 'v2';
    const release = holdRenders(r);
    const waiting = Promise.all(Array.from({ length: 10 }, () => get(r)));
    await arrivals(r, 11);
    release();
    const answers = await waiting;
    expect(answers.every((a) => a.body === 'v2 /p' && a.cache === 'MISS')).toBe(true);
    expect(r.renders).toEqual(['/p', '/p']);
  });

  it('after max-age, answers the old bytes at once and re-renders once in the background', async () => {
    const r = await rig();
    await get(r);
    r.clock.now += 10_000;
    r.next.body = 'v2';
    const release = holdRenders(r);
    const stale = await Promise.all([get(r), get(r), get(r)]);
    expect(stale.map((a) => [a.body, a.cache, a.age])).toEqual(Array(3).fill(['v1 /p', 'STALE', '10']));
    release();
    await settle(20);
    expect(await get(r)).toMatchObject({ body: 'v2 /p', cache: 'HIT' });
    expect(r.renders).toHaveLength(2);
    expect(r.cache.stats()).toMatchObject({ stale: 3, backgroundRenders: 1 });
    // Past stale-while-revalidate (60 s) a reader waits for the render.
    r.clock.now += 70_001;
    r.next.body = 'v3';
    expect(await get(r)).toMatchObject({ body: 'v3 /p', cache: 'MISS' });
  });

  it('serves the last good answer when renders fail, and tries again only after a second', async () => {
    const r = await rig();
    await get(r);
    r.cache.invalidate();
    r.next.fail = true;
    const during = await Promise.all(Array.from({ length: 5 }, () => get(r)));
    expect(during.map((a) => [a.status, a.body, a.cache, a.warning])).toEqual(Array(5).fill([200, 'v1 /p', 'STALE', '111 - "Revalidation Failed"']));
    expect(await get(r)).toMatchObject({ status: 200, body: 'v1 /p', cache: 'STALE' });
    expect(r.renders).toHaveLength(2);
    // A 5xx from the render is a failure too.
    r.next = { body: 'oops', status: 500 };
    r.clock.now += 1000;
    expect(await get(r)).toMatchObject({ status: 200, body: 'v1 /p', warning: '111 - "Revalidation Failed"' });
    expect(r.renders).toHaveLength(3);
    r.next = { body: 'v2', status: 200 };
    r.clock.now += 1000;
    expect(await get(r)).toMatchObject({ status: 200, body: 'v2 /p', cache: 'MISS', warning: null });
    expect(r.cache.stats()).toMatchObject({ failedRenders: 2, servedOnError: 7 });
  });

  it('passes other answers along without keeping them, and answers 503 when a first render throws', async () => {
    const r = await rig();
    r.next = { body: 'gone', status: 404 };
    expect(await get(r, '/missing')).toMatchObject({ status: 404, body: 'gone /missing', cache: 'MISS' });
    expect(await get(r, '/missing')).toMatchObject({ status: 404 });
    expect(r.renders).toEqual(['/missing', '/missing']);
    r.next = { body: 'x', status: 200, fail: true };
    expect(await get(r, '/never')).toMatchObject({ status: 503 });
    expect(r.cache.stats().entries).toBe(0);
  });
});
