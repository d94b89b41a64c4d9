// The baken command line on the configured database (DATABASE_PATH): API key management, for the
// first admin key of an install and for rotating keys without the API (key changes are audited as
// the actor "cli", like those made through the API), and backup and restore of the database.
//   npm run baken -- keys create --name N --role viewer|editor|admin
//   npm run baken -- keys list
//   npm run baken -- keys revoke <id>
//   npm run baken -- backup FILE
//   npm run baken -- restore FILE [--force] [--migrate]
// Exit codes: 0 done, 1 failed or refused (unknown key id, bad configuration, a backup that does
// not pass its checks), 2 bad arguments.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BackupError } from '../db/backup.ts';
import { createDb, MIGRATIONS_DIR, type Db } from '../db/client.ts';
import { API_ROLES } from '../db/schema.ts';
import { backupCommand, restoreCommand } from './cli-backup.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createApiKey, listApiKeys, revokeApiKey, type Actor, type ApiKeyInfo, type Role } from './services/kernel/api-keys.ts';
import { createContext, type AppContext } from './services/kernel/context.ts';
import { write } from './services/kernel/write.ts';

const USAGE = `Usage: npm run baken -- <command>

Commands:
  keys create --name <name> --role <viewer|editor|admin>
                        Create an API key. The key is printed once and never stored.
  keys list             List API keys (never the keys themselves).
  keys revoke <id>      Revoke an API key.
  backup <file>         Copy the live database to <file> (safe while the server runs).
  restore <file>        Replace the database with <file>, after checking its integrity and
                        that its migrations match this version of Baken.
      --migrate         Also accept a backup from an older Baken and migrate it.
      --force           Restore even though the database is open (a running server).

Options:
  -h, --help            Show this help.

The database is DATABASE_PATH (default ./data/baken.db).`;

const CLI_ACTOR: Actor = { keyId: null, name: 'cli', role: 'admin' };

class UsageError extends Error {}
class CommandError extends Error {}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Redraws one progress line (a terminal only). */
  progress?: ((line: string) => void) | undefined;
}

function when(t: number | null): string {
  return t === null ? '-' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

function keyTable(keys: ApiKeyInfo[]): string[] {
  const header = ['ID', 'NAME', 'ROLE', 'PREFIX', 'CREATED', 'LAST USED', 'REVOKED'];
  return table([header, ...keys.map((k) => [String(k.id), k.name, k.role, k.prefix, when(k.createdAt), when(k.lastUsedAt), when(k.revokedAt)])]);
}

function createKey(ctx: AppContext, name: string, role: Role, io: Io): void {
  const now = ctx.clock();
  const created = write(ctx, CLI_ACTOR, { at: now, backfilled: false }, ({ audit }) => {
    const result = createApiKey(ctx.db, { name, role, now });
    audit({ action: 'key.create', entityType: 'api_key', entityId: result.key.id, after: result.key });
    return result;
  });
  io.out(`Created API key ${created.key.id} "${created.key.name}" (role ${created.key.role}, prefix ${created.key.prefix}).`);
  io.out('Store it now: it is shown this once and cannot be recovered.');
  io.out('');
  io.out(created.token);
}

function revokeKey(ctx: AppContext, id: number, io: Io): void {
  const now = ctx.clock();
  const before = listApiKeys(ctx.db).find((k) => k.id === id);
  if (!before) throw new CommandError(`No API key ${id}.`);
  if (before.revokedAt !== null) {
    io.out(`API key ${id} "${before.name}" was already revoked at ${when(before.revokedAt)}.`);
    return;
  }
  const after = write(ctx, CLI_ACTOR, { at: now, backfilled: false }, ({ audit }) => {
    const revoked = revokeApiKey(ctx.db, id, now)!;
    audit({ action: 'key.revoke', entityType: 'api_key', entityId: id, before, after: revoked });
    return revoked;
  });
  io.out(`Revoked API key ${id} "${after.name}" at ${when(after.revokedAt)}.`);
}

type Command =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'create'; name: string; role: Role }
  | { kind: 'revoke'; id: number }
  | { kind: 'backup'; file: string }
  | { kind: 'restore'; file: string; force: boolean; migrate: boolean };

/** The command line as a command, or a UsageError: checked before the database is opened. */
function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { name: { type: 'string' }, role: { type: 'string' }, force: { type: 'boolean' }, migrate: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [group, command, ...rest] = positionals;
  if (group === 'backup' || group === 'restore') return fileCommand(group, positionals.slice(1), values);
  if (values.force !== undefined || values.migrate !== undefined) throw new UsageError('--force and --migrate belong to restore.');
  if (group !== 'keys') throw new UsageError(group === undefined ? 'No command given.' : `Unknown command "${group}".`);
  if (command !== 'create' && command !== 'list' && command !== 'revoke') throw new UsageError(command === undefined ? 'keys needs a subcommand: create, list or revoke.' : `Unknown subcommand "keys ${command}".`);
  const expected = command === 'revoke' ? 1 : 0;
  if (rest.length > expected) throw new UsageError(`Unexpected argument "${rest[expected]}".`);
  if (command !== 'create' && (values.name !== undefined || values.role !== undefined)) throw new UsageError(`keys ${command} takes no --name or --role.`);
  if (command === 'list') return { kind: 'list' };
  if (command === 'revoke') {
    const idArg = rest[0];
    if (idArg === undefined || !/^[1-9]\d{0,15}$/.test(idArg)) throw new UsageError(`keys revoke needs a key id (a positive integer)${idArg === undefined ? '' : `, not "${idArg}"`}.`);
    return { kind: 'revoke', id: Number(idArg) };
  }
  const name = values.name?.trim() ?? '';
  if (name === '' || name.length > 100) throw new UsageError('keys create needs --name <name> (1 to 100 characters).');
  const role = values.role;
  if (!API_ROLES.includes(role as Role)) throw new UsageError(`keys create needs --role ${API_ROLES.join('|')}${role === undefined ? '' : ` (got "${role}")`}.`);
  return { kind: 'create', name, role: role as Role };
}

function fileCommand(kind: 'backup' | 'restore', args: string[], values: { name?: string | undefined; role?: string | undefined; force?: boolean | undefined; migrate?: boolean | undefined }): Command {
  const [file, extra] = args;
  if (file === undefined || file === '') throw new UsageError(`${kind} needs a file: npm run baken -- ${kind} <file>`);
  if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
  if (values.name !== undefined || values.role !== undefined) throw new UsageError(`${kind} takes no --name or --role.`);
  if (kind === 'backup') {
    if (values.force !== undefined || values.migrate !== undefined) throw new UsageError('--force and --migrate belong to restore.');
    return { kind, file };
  }
  return { kind, file, force: values.force === true, migrate: values.migrate === true };
}

/** Runs one command; returns the exit code. The database is opened only once the arguments are valid. */
export async function run(argv: string[], env: Record<string, string | undefined>, io: Io, clock: () => number = Date.now): Promise<number> {
  let db: Db | undefined;
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      io.out(USAGE);
      return 0;
    }
    const config = loadConfig(env);
    if (command.kind === 'backup') return await backupCommand(config.databasePath, command.file, io);
    if (command.kind === 'restore') return await restoreCommand(config.databasePath, command, MIGRATIONS_DIR, io);
    db = createDb(config.databasePath);
    const ctx = createContext({ db, config, clock });
    if (command.kind === 'create') createKey(ctx, command.name, command.role, io);
    else if (command.kind === 'revoke') revokeKey(ctx, command.id, io);
    else {
      const keys = listApiKeys(db);
      if (keys.length === 0) io.out('No API keys yet. Create one with: npm run baken -- keys create --name <name> --role admin');
      else for (const line of keyTable(keys)) io.out(line);
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`baken: ${e.message}`);
      io.err('Run with --help for usage.');
      return 2;
    }
    if (e instanceof CommandError || e instanceof ConfigError || e instanceof BackupError) {
      io.err(`baken: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    db?.$client.close();
  }
}

function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

// Run only as the entry point, so tests may import run().
if (isEntryPoint()) {
  // Progress is redrawn in place on a terminal; in a log (cron) only the outcome is written.
  const progress = process.stderr.isTTY ? (line: string) => process.stderr.write(`\r\x1b[2K${line}`) : undefined;
  process.exitCode = await run(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l), progress });
}
