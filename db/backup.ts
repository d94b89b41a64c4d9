// Online backup of the live SQLite file with SQLite's backup API (better-sqlite3's db.backup()),
// safe while the server keeps writing: the copy is one consistent snapshot, checked with
// `PRAGMA integrity_check`, written beside the target and renamed into place only when whole.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

export class BackupError extends Error {}

export interface Progress {
  totalPages: number;
  remainingPages: number;
}

export interface BackupResult {
  pages: number;
  bytes: number;
  /** Times SQLite started the copy over because another connection wrote to the source meanwhile. */
  restarts: number;
}

/** Pages per backup step at first (400 KB at SQLite's default 4 KiB pages). */
const FIRST_STEP = 100;

/**
 * Copies `from` (an open connection) to `to` with the backup API. SQLite restarts a backup whenever
 * another connection writes to the source between two steps, so under steady writes a fixed step
 * could restart forever: each restart doubles the step until the rest fits between two writes.
 */
export async function copyDatabase(from: Database.Database, to: string, onProgress?: (p: Progress) => void): Promise<{ pages: number; restarts: number }> {
  let step = FIRST_STEP;
  let lastRemaining = Infinity;
  let restarts = 0;
  const done = await from.backup(to, {
    progress: ({ totalPages, remainingPages }) => {
      if (remainingPages > lastRemaining) {
        restarts++;
        step = Math.min(step * 2, 0x7fffffff);
      }
      lastRemaining = remainingPages;
      onProgress?.({ totalPages, remainingPages });
      return step;
    },
  });
  onProgress?.({ totalPages: done.totalPages, remainingPages: 0 });
  return { pages: done.totalPages, restarts };
}

/** `PRAGMA integrity_check` problems ([] when the answer is "ok"); a file SQLite cannot read at all is one problem. */
export function integrityProblems(sqlite: Database.Database): string[] {
  try {
    const rows = sqlite.pragma('integrity_check') as { integrity_check: string }[];
    const lines = rows.map((r) => r.integrity_check);
    return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
  } catch (e) {
    return [(e as Error).message];
  }
}

/**
 * Whether another connection (a running server, a CLI, a sqlite3 shell) has `path` open. Probes by
 * asking for SQLite's exclusive lock without waiting: in WAL mode every open connection keeps a
 * shared lock, even idle, so the probe fails exactly while someone has the file open. Chosen over a
 * pid file because it needs nothing from the server, cannot go stale after a crash or SIGKILL, and
 * also sees processes that are not Baken.
 */
export function databaseInUse(path: string): boolean {
  if (!existsSync(path)) return false;
  const probe = new Database(path, { timeout: 0, fileMustExist: true });
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('COMMIT');
    return false;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw e;
  } finally {
    probe.close();
  }
}

/** Removes a database file and the journal files SQLite may have left beside it. */
export function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Backs up the database at `sourcePath` to `targetPath` (overwritten if present). The copy is a
 * single self-contained file (rollback journal, no -wal beside it), so it can be moved or uploaded
 * as it is.
 */
export async function backupDatabase(sourcePath: string, targetPath: string, onProgress?: (p: Progress) => void): Promise<BackupResult> {
  if (!existsSync(sourcePath)) throw new BackupError(`There is no database at ${sourcePath}.`);
  const target = resolve(targetPath);
  if (target === resolve(sourcePath)) throw new BackupError('The backup file cannot be the database itself.');
  if (!existsSync(dirname(target))) throw new BackupError(`The folder ${dirname(target)} does not exist.`);
  const partial = `${target}.partial-${process.pid}`;
  removeDatabaseFiles(partial);
  // Read-only: a backup never migrates, checkpoints or otherwise changes the live file.
  const source = new Database(sourcePath, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const { pages, restarts } = await copyDatabase(source, partial, onProgress);
    const copy = new Database(partial);
    try {
      const problems = integrityProblems(copy);
      if (problems.length > 0) throw new BackupError(`The copy failed its integrity check: ${problems.slice(0, 3).join('; ')}`);
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(partial, target);
    const pageSize = source.pragma('page_size', { simple: true }) as number;
    return { pages, bytes: pages * pageSize, restarts };
  } catch (e) {
    removeDatabaseFiles(partial);
    throw e;
  } finally {
    source.close();
  }
}
