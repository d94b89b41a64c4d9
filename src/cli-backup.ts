// `baken backup` and `baken restore`: the command-line face of db/backup.ts and db/restore.ts —
// progress on a terminal, one line with the outcome, and the refusals as messages (exit code 1).
import { backupDatabase, type Progress } from '../db/backup.ts';
import type { Io } from './cli.ts';

function progressLine(verb: string, io: Io): ((p: Progress) => void) | undefined {
  const draw = io.progress;
  if (!draw) return undefined;
  let shown = -1;
  return ({ totalPages, remainingPages }) => {
    const percent = totalPages === 0 ? 100 : Math.floor(((totalPages - remainingPages) / totalPages) * 100);
    if (percent === shown) return;
    shown = percent;
    draw(`${verb}: ${String(percent).padStart(3)} % (${totalPages - remainingPages} of ${totalPages} pages)`);
  };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export async function backupCommand(databasePath: string, file: string, io: Io): Promise<number> {
  const started = performance.now();
  const result = await backupDatabase(databasePath, file, progressLine('Backing up', io));
  io.progress?.('');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const restarts = result.restarts === 0 ? '' : `, restarted ${result.restarts}× by concurrent writes`;
  io.out(`Backed up ${databasePath} to ${file}: ${result.pages} pages (${mib(result.bytes)}) in ${seconds} s${restarts}; integrity check ok.`);
  return 0;
}

export async function restoreCommand(databasePath: string, o: { file: string; force: boolean; migrate: boolean }, io: Io): Promise<number> {
  // Restore checks migrations, so it needs drizzle; a backup does not, and stays quick to start.
  const [{ restoreDatabase }, { MIGRATIONS_DIR }] = await Promise.all([import('../db/restore.ts'), import('../db/client.ts')]);
  const result = await restoreDatabase(o.file, databasePath, { migrationsFolder: MIGRATIONS_DIR, force: o.force, migrate: o.migrate, onProgress: progressLine('Restoring', io) });
  io.progress?.('');
  io.out(`Restored ${o.file} into ${databasePath}: ${result.pages} pages, integrity check ok, migrations at ${result.level.expectedTag}${result.migrated ? ' (migrated from an older Baken)' : ''}.`);
  // The server keeps caches (rendered pages, rate-limit windows) that know nothing of the swap.
  if (result.wasInUse) io.err('baken: the database was open in another process; restart the server so it serves the restored data.');
  return 0;
}
