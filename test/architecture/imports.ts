// Reads the project's own import graph (relative imports of src/ and db/), by room: a room is a
// folder of src/ (src/services/<feature> each count as one), db/, or a top-level src file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : files(path);
    return /\.(ts|astro|mjs)$/.test(name) ? [path] : [];
  });
}

export function roomOf(file: string): string {
  const rel = relative(ROOT, file).split('\\').join('/');
  const parts = rel.split('/');
  if (parts[0] === 'db') return 'db';
  if (parts[0] !== 'src') return parts[0]!;
  if (parts[1] === 'services') return `services/${parts[2]}`;
  // A top-level file is its own room; `cli-backup.ts` belongs to `cli`.
  return parts.length === 2 ? parts[1]!.replace(/(\.d)?\.\w+$/, '').split('-')[0]! : parts[1]!;
}

export interface Edge {
  from: string;
  to: string;
  fromRoom: string;
  toRoom: string;
  typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

export function sourceFiles(): string[] {
  return [...files(join(ROOT, 'src')), ...files(join(ROOT, 'db'))];
}

export function edges(): Edge[] {
  return sourceFiles().flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(IMPORT)].map((m) => {
      const target = resolve(dirname(file), m[3]!);
      return { from: relative(ROOT, file), to: relative(ROOT, target), fromRoom: roomOf(file), toRoom: roomOf(target), typeOnly: Boolean(m[2]) };
    });
  });
}
