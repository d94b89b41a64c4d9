// The baken command line, on the configured database (DATABASE_PATH): API keys (the first admin key
// of an install, rotating keys without the API) and staff accounts of the web console (the first
// admin of an install has no console to use yet), and backup and restore of the database. Changes
// are audited as the actor "cli".
//   npm run baken -- keys create --name N --role viewer|editor|admin
//   npm run baken -- keys list
//   npm run baken -- keys revoke <id>
//   npm run baken -- users create --email E --role viewer|editor|admin [--name N] [--password-stdin]
//   npm run baken -- users list
//   npm run baken -- users disable <id|email>
//   npm run baken -- backup FILE
//   npm run baken -- restore FILE [--force] [--migrate]
//   npm run baken -- import statuspage FILE|DIR|URL
// Exit codes: 0 done, 1 failed or refused (unknown key id, bad configuration, a backup that does
// not pass its checks), 2 bad arguments.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BackupError } from '../db/backup.ts';
import { createDb, MIGRATIONS_DIR, type Db } from '../db/client.ts';
import { API_ROLES } from './domain/vocabulary.ts';
import { ConfigError, loadConfig } from './config.ts';
import { backupCommand, restoreCommand } from './cli/backup.ts';
import { CLI_ACTOR, CommandError, table, UsageError, when, type Io } from './cli/common.ts';
import { importCommand } from './cli/import.ts';
import { createUser, disableUser, listUsers, processPasswordSource, readPassword, type PasswordSource } from './cli/users.ts';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyInfo, type Role } from './services/kernel/api-keys.ts';
import { createContext, type AppContext } from './services/kernel/context.ts';
import { write } from './services/kernel/write.ts';

const USAGE = `Usage: npm run baken -- <command>

Commands:
  keys create --name <name> --role <viewer|editor|admin>
                        Create an API key. The key is printed once and never stored.
  keys list             List API keys (never the keys themselves).
  keys revoke <id>      Revoke an API key.
  users create --email <email> --role <viewer|editor|admin> [--name <name>] [--password-stdin]
                        Create a staff account for the web console (/admin). The password is
                        asked on the terminal, or read from standard input with --password-stdin.
  users list            List staff accounts.
  users disable <id|email>
                        Disable a staff account and end its sessions.
  backup <file>         Copy the live database to <file> (safe while the server runs).
  restore <file>        Replace the database with <file>, after checking its integrity and
                        that its migrations match this version of Baken.
      --migrate         Also accept a backup from an older Baken and migrate it.
      --force           Restore even though the database is open (a running server).
  import statuspage <file|dir|url>
                        Import a Statuspage page (its v2 JSON: a file, a directory of the
                        saved files, or the page's URL) as backfilled history. Running it again
                        changes nothing.

Options:
  -h, --help            Show this help.

The database is DATABASE_PATH (default ./data/baken.db).`;

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
  | { kind: 'users-create'; email: string; role: Role; name: string | undefined; passwordStdin: boolean }
  | { kind: 'users-list' }
  | { kind: 'users-disable'; ref: string }
  | { kind: 'backup'; file: string }
  | { kind: 'restore'; file: string; force: boolean; migrate: boolean }
  | { kind: 'import-statuspage'; source: string };

/** The command line as a command, or a UsageError: checked before the database is opened. */
function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { name: { type: 'string' }, role: { type: 'string' }, email: { type: 'string' }, 'password-stdin': { type: 'boolean' }, force: { type: 'boolean' }, migrate: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [group, command, ...rest] = positionals;
  if (group === 'backup' || group === 'restore') return fileCommand(group, positionals.slice(1), values);
  if (group === 'import') {
    if (command !== 'statuspage') throw new UsageError(command === undefined ? 'import needs a source kind: statuspage.' : `Unknown import "${command}" (known: statuspage).`);
    if (rest.length !== 1 || rest[0] === '') throw new UsageError('import statuspage needs one FILE, directory or URL.');
    if (Object.values(values).some((v) => v !== undefined)) throw new UsageError('import statuspage takes no options.');
    return { kind: 'import-statuspage', source: rest[0]! };
  }
  if (values.force !== undefined || values.migrate !== undefined) throw new UsageError('--force and --migrate belong to restore.');
  if (group === 'users') return parseUsersCommand(command, rest, values);
  if (values.email !== undefined || values['password-stdin'] !== undefined) throw new UsageError('--email and --password-stdin belong to users create.');
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

function fileCommand(kind: 'backup' | 'restore', args: string[], values: { name?: string | undefined; role?: string | undefined; email?: string | undefined; 'password-stdin'?: boolean | undefined; force?: boolean | undefined; migrate?: boolean | undefined }): Command {
  const [file, extra] = args;
  if (file === undefined || file === '') throw new UsageError(`${kind} needs a file: npm run baken -- ${kind} <file>`);
  if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
  if (values.name !== undefined || values.role !== undefined || values.email !== undefined || values['password-stdin'] !== undefined) throw new UsageError(`${kind} takes no --name, --role or --email.`);
  if (kind === 'backup') {
    if (values.force !== undefined || values.migrate !== undefined) throw new UsageError('--force and --migrate belong to restore.');
    return { kind, file };
  }
  return { kind, file, force: values.force === true, migrate: values.migrate === true };
}

function parseUsersCommand(command: string | undefined, rest: string[], values: { name?: string | undefined; role?: string | undefined; email?: string | undefined; 'password-stdin'?: boolean | undefined }): Command {
  if (command !== 'create' && command !== 'list' && command !== 'disable') throw new UsageError(command === undefined ? 'users needs a subcommand: create, list or disable.' : `Unknown subcommand "users ${command}".`);
  const expected = command === 'disable' ? 1 : 0;
  if (rest.length > expected) throw new UsageError(`Unexpected argument "${rest[expected]}".`);
  if (command !== 'create' && (values.name !== undefined || values.role !== undefined || values.email !== undefined || values['password-stdin'] !== undefined)) {
    throw new UsageError(`users ${command} takes no options.`);
  }
  if (command === 'list') return { kind: 'users-list' };
  if (command === 'disable') {
    const ref = rest[0]?.trim();
    if (!ref) throw new UsageError('users disable needs an account id or email.');
    return { kind: 'users-disable', ref };
  }
  const email = values.email?.trim() ?? '';
  if (email === '' || email.length > 254 || !email.includes('@')) throw new UsageError('users create needs --email <email>.');
  const role = values.role;
  if (!API_ROLES.includes(role as Role)) throw new UsageError(`users create needs --role ${API_ROLES.join('|')}${role === undefined ? '' : ` (got "${role}")`}.`);
  const name = values.name?.trim();
  if (name !== undefined && name.length > 100) throw new UsageError('--name has at most 100 characters.');
  return { kind: 'users-create', email, role: role as Role, name, passwordStdin: values['password-stdin'] ?? false };
}

/** Runs one command; returns the exit code. The database is opened only once the arguments are valid. */
export async function run(argv: string[], env: Record<string, string | undefined>, io: Io, clock: () => number = Date.now, passwords: PasswordSource = processPasswordSource()): Promise<number> {
  let db: Db | undefined;
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      io.out(USAGE);
      return 0;
    }
    const config = loadConfig(env);
    if ((command.kind === 'backup' || command.kind === 'restore') && config.databaseUrl) throw new UsageError(`${command.kind} copies the SQLite file; a PostgreSQL database is backed up with its own tools (pg_dump, pg_restore).`);
    if (command.kind === 'backup') return await backupCommand(config.databasePath, command.file, io);
    if (command.kind === 'restore') return await restoreCommand(config.databasePath, command, MIGRATIONS_DIR, io);
    // Asked before the database is opened: a mistyped repeat leaves nothing behind.
    const password = command.kind === 'users-create' ? await readPassword(passwords, command.passwordStdin) : undefined;
    db = createDb(config.database);
    const ctx = createContext({ db, config, clock });
    if (command.kind === 'users-create') await createUser(ctx, { ...command, password: password! }, io);
    else if (command.kind === 'users-list') listUsers(ctx, io);
    else if (command.kind === 'users-disable') disableUser(ctx, command.ref, io);
    else if (command.kind === 'create') createKey(ctx, command.name, command.role, io);
    else if (command.kind === 'revoke') revokeKey(ctx, command.id, io);
    else if (command.kind === 'import-statuspage') await importCommand(ctx, command.source, io);
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
  void run(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l), progress }).then((code) => {
    process.exitCode = code;
  });
}
