// What the CLI's command groups share: the audit actor, output helpers and error kinds.
import type { Actor } from '../services/kernel/api-keys.ts';

/** CLI changes are audited as the actor "cli", like those made through the API. */
export const CLI_ACTOR: Actor = { keyId: null, name: 'cli', role: 'admin' };

export class UsageError extends Error {}
export class CommandError extends Error {}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Redraws one progress line (a terminal only). */
  progress?: ((line: string) => void) | undefined;
}

export function when(t: number | null): string {
  return t === null ? '-' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}
