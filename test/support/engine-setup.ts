// Setup file for every suite: on PostgreSQL runs (support/engine.ts), the databases tests open by
// path are PostgreSQL databases. The code under test is unchanged; only the target it is given is.
import { vi } from 'vitest';

vi.mock('../../db/client.ts', async (importOriginal) => {
  const client = await importOriginal<typeof import('../../db/client.ts')>();
  const { databaseFor, TEST_ENGINE } = await import('./engine.ts');
  if (TEST_ENGINE === 'sqlite') return client;
  // A migrations folder a test names is SQLite's; PostgreSQL's own are applied.
  return { ...client, createDb: (target: string) => client.createDb(databaseFor(target)) };
});
