// `baken users` as a child process on a temporary database: the password comes from standard input
// (never an argument), only its argon2id hash is stored, the account signs in, and disabling it
// ends its sessions and refuses sign-in.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db/client.ts';
import { loadConfig } from '../src/config.ts';
import { dbEnv, ON_PG, tableNames } from './support/engine.ts';
import { createContext } from '../src/services/kernel/context.ts';
import { findSession, startSession } from '../src/services/staff/sessions.ts';
import { signIn } from '../src/services/staff/sign-in.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PASSWORD = 'a long passphrase for the first admin';
let dir: string;
let dbPath: string;

function baken(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...dbEnv(dbPath), PUBLIC_URL: 'https://status.example' }, encoding: 'utf8', input: input ?? '' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'baken-cli-users-'));
  dbPath = join(dir, 'baken.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('baken users', { timeout: 180_000 }, () => {
  it('creates, lists and disables staff accounts', async () => {
    expect(baken(['users', 'create', '--email', 'ops@example.com', '--role', 'root', '--password-stdin'], PASSWORD)).toMatchObject({ code: 2, stdout: '' });
    expect(baken(['users', 'create', '--email', 'ops@example.com', '--role', 'admin'])).toMatchObject({ code: 1, stderr: 'baken: No terminal to ask for the password: pass it on standard input with --password-stdin.\n' });
    expect(baken(['users', 'create', '--email', 'ops@example.com', '--role', 'admin', '--password-stdin'], 'too short\n')).toMatchObject({ code: 1, stderr: 'baken: The password must have 12 to 256 characters.\n' });

    const created = baken(['users', 'create', '--email', 'Ops@Example.com', '--role', 'admin', '--name', 'Ops', '--password-stdin'], `${PASSWORD}\n`);
    expect(created).toEqual({ code: 0, stderr: '', stdout: 'Created staff account 1 ops@example.com (role admin). Sign in at https://status.example/nl/admin\n' });
    expect(baken(['users', 'create', '--email', 'ops@example.com', '--role', 'viewer', '--password-stdin'], PASSWORD)).toMatchObject({ code: 1, stderr: 'baken: A staff account for ops@example.com already exists.\n' });

    const list = baken(['users', 'list']);
    expect(list.stdout.split('\n')[0]).toMatch(/^ID\s+EMAIL\s+NAME\s+ROLE\s+CREATED\s+LAST SIGN-IN\s+DISABLED$/);
    expect(list.stdout.split('\n')[1]).toMatch(/^1\s+ops@example\.com\s+Ops\s+admin\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+-\s+-$/);
    const db = createDb(dbPath);
    const stored = ON_PG ? Buffer.from(JSON.stringify(tableNames(db).map((t) => db.$client.prepare(`SELECT * FROM ${t}`).all()))) : readFileSync(dbPath);
    expect(stored.includes(Buffer.from(PASSWORD))).toBe(false);

    const ctx = createContext({ db, config: loadConfig({ BAKEN_DEMO: '0' }), clock: () => Date.now() });
    try {
      expect((db.$client.prepare('SELECT password_hash FROM staff_users').get() as { password_hash: string }).password_hash).toMatch(/^\$argon2id\$/);
      // The trailing newline of the input is not part of the password.
      expect((await signIn(ctx, { email: 'ops@example.com', password: PASSWORD }, { client: 'a' })).status).toBe('signed_in');
      const { token } = startSession(ctx, 1);
      const disabled = baken(['users', 'disable', 'ops@example.com']);
      expect(disabled.code).toBe(0);
      expect(disabled.stdout).toMatch(/^Disabled staff account 1 ops@example\.com at \S+; its sessions are ended\.\n$/);
      expect(findSession(ctx, token)).toBeUndefined();
      expect((await signIn(ctx, { email: 'ops@example.com', password: PASSWORD }, { client: 'b' })).status).toBe('invalid');
      expect(baken(['users', 'disable', '1']).stdout).toMatch(/^Staff account 1 ops@example\.com was already disabled at /);
      expect(baken(['users', 'disable', '9'])).toMatchObject({ code: 1, stderr: 'baken: No staff account 9.\n' });
      expect((db.$client.prepare('SELECT action, actor_name FROM audit_log ORDER BY id').all() as object[])).toEqual([
        { action: 'staff.create', actor_name: 'cli' },
        { action: 'staff.sign_in', actor_name: 'ops@example.com' },
        { action: 'staff.disable', actor_name: 'cli' },
      ]);
    } finally {
      db.$client.close();
    }
  });
});
