// The real CLI as a child process on a temporary database file: the key it prints authenticates,
// `keys list` never shows it, `keys revoke` ends it, and bad arguments exit 2 without a database.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';
import { authenticateToken } from '../src/services/kernel/api-keys.ts';
import { dbEnv } from './support/engine.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;
let dbPath: string;

function baken(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const { ADMIN_TOKEN: _unused, ...env } = process.env;
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...env, ...dbEnv(dbPath) }, encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function withDb<T>(fn: (db: Db) => T): T {
  const db = createDb(dbPath);
  try {
    return fn(db);
  } finally {
    db.$client.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'baken-cli-'));
  dbPath = join(dir, 'baken.db');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each run starts a Node process with the tsx loader (~0.5 s), so these get a longer timeout.
describe('baken keys', { timeout: 60_000 }, () => {
  it('refuses bad arguments with exit code 2 and a message on stderr, before touching the database', () => {
    for (const args of [['keys', 'create', '--name', 'ci', '--role', 'root'], ['keys', 'create', '--role', 'admin'], ['keys', 'revoke'], ['keys', 'revoke', 'abc'], ['keys', 'list', '--bogus'], ['keys', 'rotate'], []]) {
      const res = baken(...args);
      expect({ args, code: res.code, stdout: res.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(res.stderr).toMatch(/^baken: /);
    }
    expect(baken('keys', 'create', '--name', 'ci', '--role', 'root').stderr).toContain('--role viewer|editor|admin (got "root")');
    expect(existsSync(dbPath)).toBe(false);
    const help = baken('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('keys create --name <name> --role <viewer|editor|admin>');
  });

  it('refuses backup and restore of a PostgreSQL database, naming its own tools, without connecting', () => {
    for (const args of [['backup', join(dir, 'copy.db')], ['restore', join(dir, 'copy.db')]]) {
      const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, encoding: 'utf8' });
      expect({ code: res.status, stdout: res.stdout, stderr: res.stderr }).toEqual({ code: 2, stdout: '', stderr: `baken: ${args[0]} copies the SQLite file; a PostgreSQL database is backed up with its own tools (pg_dump, pg_restore).\nRun with --help for usage.\n` });
    }
  });

  it('creates a key that authenticates, lists it without the key, and revokes it', () => {
    const created = baken('keys', 'create', '--name', 'deploy bot', '--role', 'editor');
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('');
    const token = /^(bkn_[A-Za-z0-9_-]{43})$/m.exec(created.stdout)?.[1];
    expect(token).toBeDefined();
    expect(created.stdout).toContain(`Created API key 1 "deploy bot" (role editor, prefix ${token!.slice(0, 12)})`);
    expect(withDb((db) => authenticateToken(db, token!, undefined, Date.now()))).toEqual({ keyId: 1, name: 'deploy bot', role: 'editor' });

    const list = baken('keys', 'list');
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+ROLE\s+PREFIX\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(lines).toHaveLength(2);
    // Authenticating above stamped "last used"; not revoked.
    expect(lines[1]).toMatch(new RegExp(`^1\\s+deploy bot\\s+editor\\s+${token!.slice(0, 12)}\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+-$`));
    expect(list.stdout).not.toContain(token!);

    const revoked = baken('keys', 'revoke', '1');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/^Revoked API key 1 "deploy bot" at /);
    expect(withDb((db) => authenticateToken(db, token!, undefined, Date.now()))).toBeUndefined();
    expect(baken('keys', 'list').stdout.trimEnd().split('\n')[1]).toMatch(/\d\dZ$/);

    const unknown = baken('keys', 'revoke', '42');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No API key 42.');

    const entries = withDb((db) => db.select().from(auditLog).orderBy(asc(auditLog.id)).all());
    expect(entries.map((e) => [e.action, e.entityType, e.entityId, e.actorName, e.actorKeyId])).toEqual([
      ['key.create', 'api_key', 1, 'cli', null],
      ['key.revoke', 'api_key', 1, 'cli', null],
    ]);
    expect(JSON.stringify(entries)).not.toContain(token!);
  });
});
