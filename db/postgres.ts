// PostgreSQL, the second engine, behind the interface the SQLite driver has: a connection with
// better-sqlite3's synchronous prepare/run/all/get/transaction, so Drizzle's SQLite query builder
// and every service written against it run unchanged on either engine.
//
// Why synchronous: Baken's services rely on SQLite's model — a transaction is a plain function no
// other request can interleave with, and one writer at a time. The PostgreSQL connection lives on a
// worker thread (db/pg-worker.mjs) and each statement waits for its answer (synckit), which keeps
// that model: within an instance nothing interleaves, and across instances every transaction, and
// every write outside one, holds one advisory lock, as SQLite's writers queue for its write lock.
// A statement that claims rows with SKIP LOCKED (the outbox) is made for concurrency and skips it.
//
// What the statements must be: SQL both engines read. Placeholders (?, @name, :name, $name) become
// $1…; everything else is passed as written, so a service whose SQL differs asks `db.engine`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';

export const PG_MIGRATIONS_DIR = process.env.BAKEN_PG_MIGRATIONS_DIR ?? [join(dirname(fileURLToPath(import.meta.url)), 'migrations-pg'), join(process.cwd(), 'db', 'migrations-pg')].find((dir) => existsSync(join(dir, 'meta', '_journal.json'))) ?? join(process.cwd(), 'db', 'migrations-pg');

const WORKER = [join(dirname(fileURLToPath(import.meta.url)), 'pg-worker.mjs'), join(process.cwd(), 'db', 'pg-worker.mjs')].find((file) => existsSync(file)) ?? join(process.cwd(), 'db', 'pg-worker.mjs');

type Call = {
  (op: 'open', url: string, migrationsFolder: string): { handle: number; pid: number };
  (op: 'query', handle: number, text: string, values: unknown[], options: { array?: boolean; serialize?: boolean }): { rows: unknown[]; changes: number };
  (op: 'begin', handle: number, options: { write: boolean }): void;
  (op: 'exec', handle: number, text: string): void;
  (op: 'close', handle: number): void;
  (op: 'listen', url: string, ownPid: number, counter: Int32Array): number;
  (op: 'unlisten', listener: number): void;
};

let worker: ((...args: unknown[]) => unknown) | undefined;
const call: Call = ((...args: unknown[]) => {
  worker ??= createSyncFn(WORKER) as (...a: unknown[]) => unknown;
  try {
    return worker(...args);
  } catch (err) {
    // Made again here, so the stack is the caller's (the worker's says nothing about who asked).
    const e = err as { message: string; code?: string; detail?: string; constraint?: string };
    throw Object.assign(new Error(e.message), { code: e.code, detail: e.detail, constraint: e.constraint });
  }
}) as Call;

export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//.test(target);

/** A statement's text for node-postgres, and where each $n's value comes from. */
interface Translated {
  text: string;
  slots: (number | string)[];
  write: boolean;
  concurrent: boolean;
}

/**
 * SQLite's placeholders to PostgreSQL's: `?` takes the next positional value, `@x`, `:x` and `$x`
 * a named one (the same name, the same $n). Quoted strings, identifiers and comments are skipped.
 */
export function translate(source: string): Translated {
  const slots: (number | string)[] = [];
  const named = new Map<string, number>();
  let positional = 0;
  let text = '';
  for (let i = 0; i < source.length; ) {
    const ch = source[i]!;
    if (ch === "'" || ch === '"') {
      const end = source.indexOf(ch, i + 1);
      const stop = end < 0 ? source.length : end + 1;
      text += source.slice(i, stop);
      i = stop;
    } else if (ch === '-' && source[i + 1] === '-') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      text += source.slice(i, stop);
      i = stop;
    } else if (ch === '?') {
      slots.push(positional++);
      text += `$${slots.length}`;
      i++;
    } else if ((ch === '@' || ch === ':' || ch === '$') && /[A-Za-z_]/.test(source[i + 1] ?? '') && source[i - 1] !== ':') {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i + 1))![0];
      let n = named.get(name);
      if (n === undefined) {
        slots.push(name);
        named.set(name, (n = slots.length));
      }
      text += `$${n}`;
      i += 1 + name.length;
    } else {
      text += ch;
      i++;
    }
  }
  // SQLite's planner hint; PostgreSQL's planner chooses by its statistics.
  text = text.replace(/\bINDEXED\s+BY\s+[A-Za-z_][A-Za-z0-9_]*/gi, '');
  const head = text.replace(/^(\s|--[^\n]*\n)*/, '').slice(0, 6).toLowerCase();
  const write = ['insert', 'update', 'delete'].includes(head) || (head.startsWith('with') && /\b(insert|update|delete)\b/i.test(text));
  return { text, slots, write, concurrent: /\bskip\s+locked\b/i.test(text) };
}

function bindValue(value: unknown): unknown {
  if (value === undefined) return null;
  // PostgreSQL's text cannot hold U+0000 (SQLite's can): dropped, as every page and feed drops it anyway.
  if (typeof value === 'string') return value.includes('\0') ? value.replaceAll('\0', '') : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function isBag(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof Uint8Array);
}

/** better-sqlite3's ways of passing values: positional, spread arrays, and one object of named ones. */
function bind(slots: (number | string)[], args: unknown[]): unknown[] {
  const positional: unknown[] = [];
  let bag: Record<string, unknown> = {};
  for (const arg of args) {
    if (Array.isArray(arg)) positional.push(...arg);
    else if (isBag(arg)) bag = { ...bag, ...arg };
    else positional.push(arg);
  }
  return slots.map((slot) => {
    if (typeof slot === 'number') return bindValue(positional[slot]);
    if (!(slot in bag)) throw new RangeError(`Missing named parameter "${slot}"`);
    return bindValue(bag[slot]);
  });
}

export class PgStatement {
  private array = false;
  private plucked = false;
  private readonly translated: Translated;

  constructor(
    private readonly connection: PgConnection,
    readonly source: string,
  ) {
    this.translated = translate(source);
  }

  raw(on = true): this {
    this.array = on;
    return this;
  }

  pluck(on = true): this {
    this.plucked = on;
    return this;
  }

  /**
   * lastInsertRowid is asked of PostgreSQL (lastval(): the sequence this session moved last) when
   * read, which callers do at once; Drizzle never does, so no insert pays for it.
   */
  run(...args: unknown[]): { changes: number; lastInsertRowid: number } {
    const { changes } = this.execute(args);
    const connection = this.connection;
    return {
      changes,
      get lastInsertRowid() {
        return connection.lastInsertRowid();
      },
    };
  }

  all(...args: unknown[]): unknown[] {
    const { rows } = this.execute(args);
    return this.plucked ? (rows as unknown[][]).map((row) => row[0]) : rows;
  }

  get(...args: unknown[]): unknown {
    return this.all(...args)[0];
  }

  iterate(...args: unknown[]): IterableIterator<unknown> {
    return this.all(...args)[Symbol.iterator]();
  }

  private execute(args: unknown[]) {
    const { text, slots, write, concurrent } = this.translated;
    return this.connection.query(text, bind(slots, args), { array: this.array || this.plucked, serialize: write && !concurrent && !this.connection.inTransaction });
  }
}

type TransactionFn<A extends unknown[], R> = ((...args: A) => R) & { deferred: (...args: A) => R; immediate: (...args: A) => R; exclusive: (...args: A) => R };

/** The part of better-sqlite3's Database that Drizzle and Baken use, over a PostgreSQL connection. */
export class PgConnection {
  readonly name: string;
  readonly pid: number;
  open = true;
  inTransaction = false;
  private readonly handle: number;
  private depth = 0;

  constructor(readonly url: string, migrationsFolder = PG_MIGRATIONS_DIR) {
    const opened = call('open', url, migrationsFolder);
    this.handle = opened.handle;
    this.pid = opened.pid;
    this.name = url.replace(/\/\/[^@/]*@/, '//');
  }

  prepare(source: string): PgStatement {
    return new PgStatement(this, source);
  }

  query(text: string, values: unknown[], options: { array?: boolean; serialize?: boolean }): { rows: unknown[]; changes: number } {
    if (!this.open) throw new TypeError('The database connection is not open');
    return call('query', this.handle, text, values, options);
  }

  lastInsertRowid(): number {
    try {
      return Number((this.query('SELECT lastval()', [], { array: true }).rows[0] as unknown[])[0]);
    } catch {
      // 55000: no sequence moved yet in this session; better-sqlite3 says 0 then.
      return 0;
    }
  }

  exec(source: string): this {
    call('exec', this.handle, source);
    return this;
  }

  pragma(): never {
    throw new Error('PRAGMA is SQLite’s; this database is PostgreSQL');
  }

  /** better-sqlite3's transaction(): the function runs inside one, nested calls in a savepoint. */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): TransactionFn<A, R> {
    const wrapped = (...args: A): R => this.within(() => fn(...args));
    return Object.assign(wrapped, { deferred: wrapped, immediate: wrapped, exclusive: wrapped });
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    call('close', this.handle);
  }

  private within<R>(body: () => R): R {
    const savepoint = this.inTransaction ? `baken_sp${++this.depth}` : undefined;
    if (savepoint) this.query(`SAVEPOINT ${savepoint}`, [], {});
    else {
      call('begin', this.handle, { write: true });
      this.inTransaction = true;
    }
    try {
      const result = body();
      if (result instanceof Promise) throw new TypeError('Transaction function cannot return a promise');
      this.query(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT', [], {});
      return result;
    } catch (err) {
      if (this.open) this.query(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK', [], {});
      throw err;
    } finally {
      if (savepoint) this.depth--;
      else this.inTransaction = false;
    }
  }
}

/**
 * Commits by other connections, counted: a LISTEN connection (on the worker) hears the notification
 * the content tables' triggers send (db/migrations-pg), and every one not from `ownPid` — or a lost
 * connection, which may have missed some — moves the count, kept in shared memory so reading it
 * costs nothing. Started on first read, which returns once the LISTEN holds: no commit goes unheard.
 */
export function changeCounter(url: string, ownPid: number): { read: () => number; close: () => void } {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  let listener: number | undefined;
  let closed = false;
  return {
    read() {
      if (listener === undefined && !closed) listener = call('listen', url, ownPid, counter);
      return Atomics.load(counter, 0);
    },
    close() {
      closed = true;
      if (listener !== undefined) call('unlisten', listener);
      listener = undefined;
    },
  };
}
