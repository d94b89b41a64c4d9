// The PostgreSQL side of db/postgres.ts, on a worker thread: node-postgres connections, one per
// opened database, driven by the main thread synchronously through synckit. Plain JavaScript, so
// the built server (dist/) can start it from db/ without a TypeScript loader.
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { runAsWorker } from 'synckit';

// Values come back as SQLite gives them, which is what the SQLite-typed query builder maps from:
// int8 (ids, epoch milliseconds, count) and numeric (sum, avg) as numbers — every such value Baken
// stores is an integer well below 2^53 — and booleans (from comparisons) as 1 and 0.
const types = {
  getTypeParser(oid, format) {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return Number;
    if (oid === pg.types.builtins.BOOL) return (v) => (v === 't' ? 1 : 0);
    return pg.types.getTypeParser(oid, format);
  },
};

/** Any constants: the advisory locks for applying migrations and for SQLite's one writer at a time. */
const MIGRATION_LOCK = 0x6261_6b65;
const WRITER_LOCK = 0x6261_6b66;

const connections = new Map();
const listeners = new Map();
let nextHandle = 1;

function connection(handle) {
  const client = connections.get(handle);
  if (!client) throw Object.assign(new Error('The PostgreSQL connection is closed'), { code: 'BAKEN_CLOSED' });
  return client;
}

async function ensureDatabase(url) {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (err) {
    // 3D000: invalid_catalog_name, the database does not exist.
    if (err.code !== '3D000') throw err;
  } finally {
    await probe.end().catch(() => {});
  }
  const admin = new URL(url);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } catch (err) {
    // Another instance created it first: 42P04 (duplicate_database), or 23505 when both got as far
    // as writing the catalogue.
    if (!['42P04', '23505'].includes(err.code)) throw err;
  } finally {
    await client.end();
  }
}

/** Drizzle's migration journal (the same table its migrators use), applied one instance at a time. */
async function migrate(client, migrationsFolder) {
  const migrations = readMigrationFiles({ migrationsFolder });
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query('CREATE SCHEMA IF NOT EXISTS drizzle');
    await client.query('CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)');
    const last = (await client.query('SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1')).rows[0];
    const pending = migrations.filter((m) => !last || Number(last.created_at) < m.folderMillis);
    if (pending.length === 0) return;
    await client.query('BEGIN');
    try {
      for (const m of pending) {
        for (const statement of m.sql) await client.query(statement);
        await client.query('INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)', [m.hash, m.folderMillis]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

const operations = {
  async open(url, migrationsFolder) {
    await ensureDatabase(url);
    const client = new pg.Client({ connectionString: url, types });
    // A lost connection surfaces as the next query's error; it must not crash the worker.
    client.on('error', () => {});
    await client.connect();
    // As SQLite's busy_timeout: a writer waiting for the writer lock (or any lock) gives up after
    // 5 s with an error, rather than blocking its thread for good.
    await client.query("SET lock_timeout = '5s'");
    await migrate(client, migrationsFolder);
    const handle = nextHandle++;
    connections.set(handle, client);
    return { handle, pid: client.processID };
  },

  /**
   * One statement. `serialize`: a write outside a transaction, made its own transaction under the
   * writer lock, as SQLite would queue it behind the transaction that holds its write lock.
   */
  async query(handle, text, values, { array = false, serialize = false } = {}) {
    const client = connection(handle);
    const run = () => client.query({ text, values, rowMode: array ? 'array' : undefined });
    if (!serialize) {
      const result = await run();
      return { rows: result.rows, changes: result.rowCount ?? 0 };
    }
    await operations.begin(handle, { write: true });
    try {
      const result = await run();
      await client.query('COMMIT');
      return { rows: result.rows, changes: result.rowCount ?? 0 };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  },

  /**
   * BEGIN, and (for a transaction that may write) the writer lock. A lock not had within
   * lock_timeout ends the transaction again, so the connection is never left in an aborted one.
   */
  async begin(handle, { write }) {
    const client = connection(handle);
    await client.query('BEGIN');
    if (!write) return;
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK]);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  },

  /** Several statements at once, no parameters (schema work, tests' set-up). */
  async exec(handle, text) {
    await connection(handle).query(text);
  },

  /**
   * A LISTEN connection that counts, in `counter` (shared with the main thread), the change
   * notifications of every other connection; a lost connection counts too, and is made again.
   */
  async listen(url, ownPid, counter) {
    const listener = { closed: false, client: undefined, retry: undefined };
    const connect = async () => {
      const client = new pg.Client({ connectionString: url });
      listener.client = client;
      const lost = () => {
        if (listener.client !== client) return;
        listener.client = undefined;
        Atomics.add(counter, 0, 1);
        client.end().catch(() => {});
        if (!listener.closed) listener.retry = setTimeout(() => connect().catch(() => {}), 1000);
      };
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', (n) => {
        if (n.processId !== ownPid) Atomics.add(counter, 0, 1);
      });
      try {
        await client.connect();
        await client.query('LISTEN baken_changes');
      } catch (err) {
        lost();
        throw err;
      }
    };
    try {
      await connect();
    } catch (err) {
      // Not listening at all: the caller asks again on its next read.
      listener.closed = true;
      clearTimeout(listener.retry);
      throw err;
    }
    const id = nextHandle++;
    listeners.set(id, listener);
    return id;
  },

  async unlisten(id) {
    const listener = listeners.get(id);
    listeners.delete(id);
    if (!listener) return;
    listener.closed = true;
    clearTimeout(listener.retry);
    const client = listener.client;
    listener.client = undefined;
    await client?.end().catch(() => {});
  },

  async close(handle) {
    const client = connections.get(handle);
    connections.delete(handle);
    await client?.end();
  },
};

runAsWorker(async (operation, ...args) => {
  try {
    return await operations[operation](...args);
  } catch (err) {
    // Only plain fields cross the thread: PostgreSQL's code and detail say what went wrong.
    throw Object.assign(new Error(err.message), { code: err.code, detail: err.detail, constraint: err.constraint });
  }
});
