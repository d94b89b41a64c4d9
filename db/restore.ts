// Restores a backup over the database file, refusing anything that could lose data silently: a
// file that is not a SQLite database or fails `PRAGMA integrity_check`, a schema made by a newer
// Baken (or by something else), an older schema unless asked to migrate it, and a file another
// process (a running server) has open unless forced.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { BackupError, copyDatabase, databaseInUse, integrityProblems, removeDatabaseFiles, type Progress } from './backup.ts';
import { migrationLevel, type MigrationLevel } from './migration-level.ts';

export interface RestoreOptions {
  migrationsFolder: string;
  /** Replace the file even though another process has it open. */
  force?: boolean;
  /** Bring a backup made by an older Baken up to this version's migrations before replacing. */
  migrate?: boolean;
  onProgress?: (p: Progress) => void;
}

export interface RestoreResult {
  pages: number;
  level: MigrationLevel;
  migrated: boolean;
  /** The target was open in another process (only with force). */
  wasInUse: boolean;
}

function openBackup(path: string): Database.Database {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('schema_version');
    return db;
  } catch (e) {
    throw new BackupError(`${path} is not a readable SQLite database (${(e as Error).message}).`);
  }
}

/**
 * Stages the backup beside the target, checks the staged copy (so the file checked is the file
 * restored), then copies it into the target with the backup API. SQLite copies into the target in
 * one write transaction: a crash part-way leaves the old database whole, and a connection that has
 * the file open sees the old data or the new, never a mix.
 */
export async function restoreDatabase(backupPath: string, targetPath: string, o: RestoreOptions): Promise<RestoreResult> {
  if (!existsSync(backupPath)) throw new BackupError(`There is no file ${backupPath}.`);
  if (resolve(backupPath) === resolve(targetPath)) throw new BackupError('The backup file is the database itself.');
  mkdirSync(dirname(resolve(targetPath)), { recursive: true });
  const staged = `${resolve(targetPath)}.restore-${process.pid}`;
  removeDatabaseFiles(staged);
  try {
    const source = openBackup(backupPath);
    try {
      await copyDatabase(source, staged);
    } catch (e) {
      throw new BackupError(`${backupPath} cannot be read as a SQLite database (${(e as Error).message}).`);
    } finally {
      source.close();
    }
    const copy = new Database(staged);
    let level: MigrationLevel;
    let migrated = false;
    try {
      copy.pragma('journal_mode = DELETE');
      const problems = integrityProblems(copy);
      if (problems.length > 0) throw new BackupError(`${backupPath} failed PRAGMA integrity_check: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}.`);
      level = migrationLevel(copy, o.migrationsFolder);
      if (level.status === 'older' && o.migrate) {
        migrate(drizzle({ client: copy }), { migrationsFolder: o.migrationsFolder });
        migrated = true;
        level = migrationLevel(copy, o.migrationsFolder);
      }
      if (level.status === 'older') throw new BackupError(`${backupPath} was not restored: ${level.detail}. Pass --migrate to bring it up to ${level.expectedTag} while restoring.`);
      if (level.status !== 'current') throw new BackupError(`${backupPath} was not restored: ${level.detail}.`);
    } finally {
      copy.close();
    }
    const wasInUse = databaseInUse(targetPath);
    if (wasInUse && !o.force) {
      throw new BackupError(`${targetPath} is open in another process (is the server running?). Stop it first, or pass --force to replace the data under it.`);
    }
    const staging = new Database(staged, { readonly: true });
    let pages: number;
    try {
      ({ pages } = await copyDatabase(staging, targetPath, o.onProgress));
    } finally {
      staging.close();
    }
    const restored = new Database(targetPath, { timeout: 5000 });
    try {
      const problems = integrityProblems(restored);
      if (problems.length > 0) throw new BackupError(`${targetPath} failed PRAGMA integrity_check after the restore: ${problems.slice(0, 3).join('; ')}.`);
      level = migrationLevel(restored, o.migrationsFolder);
    } finally {
      restored.close();
    }
    return { pages, level, migrated, wasInUse };
  } finally {
    removeDatabaseFiles(staged);
  }
}
