// The cache's bodies own their memory: a small gzip/brotli output (a view of zlib's 64 KiB work
// buffer) or a pooled Buffer is copied into a block of its own size, so the byte bound bounds memory.
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeAnswer, ownBytes } from '../../src/server/encode.ts';

const options = { generation: 1, renderedAt: 0, cacheControl: 'public, max-age=10' };

describe('encodeAnswer', () => {
  it('keeps every body in a block exactly its size, with the same content', async () => {
    const text = `{"status":"ok","items":[${'"x",'.repeat(600)}"y"]}`;
    const pooled = Buffer.from(text); // a view of Node's shared pool
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    const answer = await encodeAnswer({ status: 200, headers: new Headers({ 'content-type': 'application/json' }), body: pooled }, options);
    const { identity, gzip, br } = answer.variants;
    for (const v of [identity, gzip!, br!]) expect([v.body.byteOffset, v.body.buffer.byteLength]).toEqual([0, v.body.byteLength]);
    expect(identity.body.toString()).toBe(text);
    expect(gunzipSync(gzip!.body).toString()).toBe(text);
    expect(brotliDecompressSync(br!.body).toString()).toBe(text);
    // What the bound counts is what is held: 64 KiB per small compressed body before this.
    expect(gzip!.body.buffer.byteLength).toBeLessThan(1024);
  });

  it('leaves a body that already owns its block as it is', () => {
    const own = Buffer.allocUnsafeSlow(10).fill(1);
    expect(ownBytes(own)).toBe(own);
    const view = own.subarray(2, 5);
    expect(ownBytes(view)).not.toBe(view);
    expect([...ownBytes(view)]).toEqual([1, 1, 1]);
  });
});
