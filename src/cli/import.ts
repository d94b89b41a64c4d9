// `npm run baken -- import statuspage FILE|DIR|URL`: reads a Statuspage page's v2 JSON and hands it
// to the importer (src/services/import/statuspage.ts).
// - FILE: one JSON document (summary.json, incidents.json, … or an array of them).
// - DIR: the v2 files saved side by side (summary.json, components.json, incidents.json,
//   scheduled-maintenances.json; whichever are there, at least one).
// - URL: a page (https://status.example.com) whose /api/v2/summary.json, incidents.json and
//   scheduled-maintenances.json are fetched; or the URL of one .json document.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ZodError } from 'zod';
import type { AppContext } from '../services/kernel/context.ts';
import { importStatuspage, mergeExports } from '../services/import/statuspage.ts';
import { CLI_ACTOR, CommandError, type Io } from './common.ts';

const V2_FILES = ['summary.json', 'components.json', 'incidents.json', 'scheduled-maintenances.json'];
const V2_URLS = ['summary.json', 'incidents.json', 'scheduled-maintenances.json'];

async function fetchJson(url: string, io: Io): Promise<unknown> {
  io.out(`reading ${url}`);
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new CommandError(`Could not fetch ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new CommandError(`${url} answered ${res.status}.`);
  try {
    return await res.json();
  } catch {
    throw new CommandError(`${url} is not JSON.`);
  }
}

async function readJson(path: string, io: Io): Promise<unknown> {
  io.out(`reading ${path}`);
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new CommandError(`Could not read ${path} as JSON: ${(e as Error).message}`);
  }
}

/** The JSON documents a source names, in the order they are merged. */
export async function readStatuspageSource(source: string, io: Io): Promise<unknown[]> {
  if (/^https?:\/\//i.test(source)) {
    if (/\.json(\?|$)/i.test(source)) return [await fetchJson(source, io)].flat();
    const base = source.replace(/\/+$/, '');
    const parts: unknown[] = [];
    for (const file of V2_URLS) parts.push(await fetchJson(`${base}/api/v2/${file}`, io));
    return parts;
  }
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new CommandError(`No file or directory ${source}.`);
  if (!info.isDirectory()) return [await readJson(source, io)].flat();
  const parts: unknown[] = [];
  for (const file of V2_FILES) {
    const path = join(source, file);
    if (await stat(path).catch(() => undefined)) parts.push(await readJson(path, io));
  }
  if (parts.length === 0) throw new CommandError(`${source} holds none of ${V2_FILES.join(', ')}.`);
  return parts;
}

export async function importCommand(ctx: AppContext, source: string, io: Io): Promise<void> {
  const parts = await readStatuspageSource(source, io);
  let data;
  try {
    data = mergeExports(parts);
  } catch (e) {
    if (e instanceof ZodError) throw new CommandError(`Not a Statuspage v2 document: ${e.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    throw e;
  }
  io.out(`page ${data.page.id}: ${data.components.length} components, ${data.incidents.length} incidents, ${data.scheduled_maintenances.length} maintenances`);
  const c = importStatuspage(ctx, CLI_ACTOR, data, io.out);
  io.out(
    `Imported ${c.groups} groups, ${c.services} services, ${c.incidents} incidents (${c.incidentUpdates} updates), ${c.maintenances} maintenances (${c.maintenanceUpdates} updates); ${c.unchanged} records were already there.`,
  );
}
