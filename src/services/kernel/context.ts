import type { Db } from '../../../db/client.ts';
import type { Config } from '../../config.ts';
import { ResponseCache } from './response-cache.ts';

/** Everything a use case needs, passed in (never imported as a global) so tests swap each part. */
export interface AppContext {
  db: Db;
  config: Config;
  /** The only clock the application reads: tests pass a fixed one. */
  clock: () => number;
  /** Public answers ready to send; write() invalidates it. */
  cache: ResponseCache;
}

export function createContext(parts: Omit<AppContext, 'cache'> & { cache?: ResponseCache }): AppContext {
  return { ...parts, cache: parts.cache ?? new ResponseCache(parts.db, { maxBytes: parts.config.cacheMaxBytes }) };
}
