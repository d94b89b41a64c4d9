// `baken keys …`: create, list and revoke API keys on the configured database. Key changes are
// audited as the actor "cli", like those made through the API.
import { createDb } from '../db/client.ts';
import type { Command, Io } from './cli.ts';
import { CommandError } from './cli-errors.ts';
import type { Config } from './config.ts';
import { createApiKey, listApiKeys, revokeApiKey, type Actor, type ApiKeyInfo, type Role } from './services/kernel/api-keys.ts';
import { createContext, type AppContext } from './services/kernel/context.ts';
import { write } from './services/kernel/write.ts';

const CLI_ACTOR: Actor = { keyId: null, name: 'cli', role: 'admin' };

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

export function keysCommand(command: Extract<Command, { kind: 'list' | 'create' | 'revoke' }>, config: Config, clock: () => number, io: Io): void {
  const db = createDb(config.databasePath);
  try {
    const ctx = createContext({ db, config, clock });
    if (command.kind === 'create') createKey(ctx, command.name, command.role, io);
    else if (command.kind === 'revoke') revokeKey(ctx, command.id, io);
    else {
      const keys = listApiKeys(db);
      if (keys.length === 0) io.out('No API keys yet. Create one with: npm run baken -- keys create --name <name> --role admin');
      else for (const line of keyTable(keys)) io.out(line);
    }
  } finally {
    db.$client.close();
  }
}
