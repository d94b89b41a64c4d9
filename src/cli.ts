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
//
// Each command's code is imported only when that command runs: loading drizzle-orm costs seconds
// (its resolver walk), which a mistyped argument, --help or a cron backup need not pay.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BackupError } from '../db/backup.ts';
import { CommandError } from './cli-errors.ts';
import { ConfigError, loadConfig } from './config.ts';
import type { Role } from './services/kernel/api-keys.ts';

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

/** db/schema.ts's API_ROLES, spelled out so parsing needs no drizzle; the type check keeps them equal. */
const ROLES = ['viewer', 'editor', 'admin'] as const satisfies readonly Role[];
type MissingRole = Exclude<Role, (typeof ROLES)[number]>;
const allRolesListed: [MissingRole] extends [never] ? true : never = true;
void allRolesListed;

class UsageError extends Error {}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Redraws one progress line (a terminal only). */
  progress?: ((line: string) => void) | undefined;
}

export type Command =
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
  if (!(ROLES as readonly string[]).includes(role ?? '')) throw new UsageError(`keys create needs --role ${ROLES.join('|')}${role === undefined ? '' : ` (got "${role}")`}.`);
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
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      io.out(USAGE);
      return 0;
    }
    const config = loadConfig(env);
    if (command.kind === 'backup') return await (await import('./cli-backup.ts')).backupCommand(config.databasePath, command.file, io);
    if (command.kind === 'restore') return await (await import('./cli-backup.ts')).restoreCommand(config.databasePath, command, io);
    (await import('./cli-keys.ts')).keysCommand(command, config, clock, io);
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
