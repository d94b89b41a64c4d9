// The byte-bounded store and its generation counter, on a real SQLite file (data_version only
// changes when another connection commits).
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { ResponseCache, type CachedAnswer } from '../../../src/services/kernel/response-cache.ts';
import { makeService } from '../../support/factories.ts';
import { tempDbPath } from '../../support/server.ts';

function answer(size: number, generation = 0, renderedAt = 0): CachedAnswer {
  const body = Buffer.alloc(size);
  return { status: 200, generation, renderedAt, size, variants: { identity: { body, etag: '"x"', head: [], notModified: [], hitHeads: [] } }, etags: new Set(['"x"']) };
}

describe('the response cache store', () => {
  it('stays within its byte bound, dropping the least recently used entry first', () => {
    const cache = new ResponseCache(createDb(':memory:'), { maxBytes: 1000 });
    cache.set('/a', answer(400));
    cache.set('/b', answer(400));
    expect(cache.get('/a')).toBeDefined(); // /a is now the most recently used
    cache.set('/c', answer(400));
    expect(cache.peek('/b')).toBeUndefined();
    expect([cache.peek('/a')?.size, cache.peek('/c')?.size]).toEqual([400, 400]);
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 800, maxBytes: 1000, evicted: 1 });
    // An answer larger than the whole bound is not kept (and evicts nothing).
    cache.set('/huge', answer(1001));
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 800 });
  });

  it('never replaces a newer answer with an older one', () => {
    const cache = new ResponseCache(createDb(':memory:'));
    cache.set('/a', answer(10, 2, 500));
    cache.set('/a', answer(11, 1, 900));
    cache.set('/a', answer(12, 2, 400));
    expect(cache.peek('/a')?.size).toBe(10);
    cache.set('/a', answer(13, 2, 600));
    expect(cache.peek('/a')?.size).toBe(13);
  });

  it('moves its generation on invalidate() and when another connection commits, and keeps the entries', async () => {
    const path = tempDbPath('generation');
    const db = createDb(path);
    const cache = new ResponseCache(db);
    const g0 = cache.generation();
    cache.set('/a', answer(10, g0));
    expect(cache.generation()).toBe(g0);
    // This connection's own commits are write()'s business, not data_version's.
    makeService(db, { slug: 'own' });
    await new Promise((r) => setTimeout(r, 60));
    expect(cache.generation()).toBe(g0);
    cache.invalidate();
    expect(cache.generation()).toBe(g0 + 1);

    const other = createDb(path);
    makeService(other, { slug: 'other' });
    other.$client.close();
    await new Promise((r) => setTimeout(r, 60));
    expect(cache.generation()).toBe(g0 + 2);
    // Out of date, but still there: the last good answer for an outage.
    expect(cache.peek('/a')?.generation).toBe(g0);
    db.$client.close();
    // A closed (unreadable) database changes nothing.
    await new Promise((r) => setTimeout(r, 60));
    expect(cache.generation()).toBe(g0 + 2);
  });
});
