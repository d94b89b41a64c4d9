// The public response cache as staff (and the benchmarks) see it: entries and bytes against the
// bound, hits and misses per encoding, renders (in the background and failed), answers served stale.
import type { AppContext } from '../../services/kernel/context.ts';
import { adminApp, adminRoute } from './openapi.ts';
import { ok, CacheStats } from './responses.ts';

export function cacheRoutes(ctx: AppContext) {
  return adminApp().openapi(
    adminRoute({
      operationId: 'readCacheStats', method: 'get',
      path: '/cache',
      role: 'viewer',
      summary: 'Public response cache figures',
      responses: { 200: ok('`{ entries, bytes, maxBytes, evicted, generation, hits, misses, stale, servedOnError, notModified, renders, backgroundRenders, failedRenders, byEncoding }`', CacheStats) },
    }),
    (c) => c.json(ctx.cache.stats(), 200),
  );
}
