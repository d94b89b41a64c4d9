// The rooms of the code and what each may import (ARCHITECTURE.md): nothing imports "upwards",
// no two rooms import each other (directly or round a loop), and the habits that keep the code
// testable hold: no module-global context in pages, no clock but the injected one, one escaper.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edges, ROOT, roomOf, sourceFiles } from './imports.ts';

const SERVICES = ['kernel', 'catalog', 'incidents', 'maintenance', 'status', 'reports', 'feeds', 'mail', 'subscriptions', 'staff', 'console', 'import', 'webhooks'].map((f) => `services/${f}`);
const BASE = ['domain', 'lib', 'config', 'db', 'content'];

/** Room → the rooms it may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  domain: [],
  lib: [],
  config: ['domain', 'lib'],
  db: ['domain'],
  i18n: ['domain', 'config', 'lib'],
  'services/kernel': BASE,
  'services/catalog': [...BASE, 'services/kernel'],
  'services/incidents': [...BASE, 'services/kernel', 'services/catalog'],
  'services/maintenance': [...BASE, 'services/kernel', 'services/catalog'],
  'services/subscriptions': [...BASE, 'services/kernel', 'services/catalog'],
  'services/status': [...BASE, 'services/kernel', 'services/catalog', 'services/incidents', 'services/maintenance'],
  'services/reports': [...BASE, 'services/kernel', 'services/status'],
  'services/feeds': [...BASE, 'i18n', 'services/kernel', 'services/status', 'services/maintenance'],
  'services/mail': [...BASE, 'i18n', 'services/kernel', 'services/subscriptions'],
  'services/staff': [...BASE, 'services/kernel'],
  'services/webhooks': [...BASE, 'services/kernel', 'services/catalog', 'services/status'],
  'services/import': [...BASE, 'services/kernel', 'services/catalog'],
  'services/console': [...BASE, 'services/kernel', 'services/catalog', 'services/incidents', 'services/maintenance', 'services/reports', 'services/mail', 'services/status'],
  api: [...BASE, 'i18n', ...SERVICES],
  // The console's forms check input with the admin API's own zod schemas: one set of rules.
  console: [...BASE, 'i18n', 'api', ...SERVICES],
  components: [...BASE, 'i18n', 'console', ...SERVICES],
  layouts: [...BASE, 'i18n', 'components', 'services/kernel'],
  pages: [...BASE, 'i18n', 'components', 'layouts', 'console', 'api', ...SERVICES],
  runtime: [...BASE, ...SERVICES],
  cli: [...BASE, ...SERVICES],
  fetch: [...BASE, 'i18n', 'api', 'console', 'runtime'],
  server: [...BASE, 'i18n', 'api', 'runtime', ...SERVICES],
  'content.config': [],
  env: ['services/kernel'],
};

describe('rooms', () => {
  const all = edges();

  it('every source file lives in a known room', () => {
    const rooms = new Set(sourceFiles().map(roomOf));
    expect([...rooms].filter((r) => !(r in ALLOWED))).toEqual([]);
  });

  it('imports only from the rooms below it', () => {
    const wrong = all.filter((e) => e.fromRoom !== e.toRoom && !ALLOWED[e.fromRoom]?.includes(e.toRoom)).map((e) => `${e.from} → ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between rooms', () => {
    const next = new Map<string, Set<string>>();
    for (const e of all) if (e.fromRoom !== e.toRoom) (next.get(e.fromRoom) ?? next.set(e.fromRoom, new Set()).get(e.fromRoom)!).add(e.toRoom);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (room: string, path: string[]) => {
      if (state.get(room) === 'done') return;
      if (state.get(room) === 'open') return void cycles.push([...path.slice(path.indexOf(room)), room].join(' → '));
      state.set(room, 'open');
      for (const to of next.get(room) ?? []) visit(to, [...path, room]);
      state.set(room, 'done');
    };
    for (const room of next.keys()) visit(room, []);
    expect(cycles).toEqual([]);
  });
});

describe('habits', () => {
  const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
  const rel = sourceFiles().map((f) => relative(ROOT, f));

  it('pages and layouts take the context from Astro.locals, never from the runtime module', () => {
    expect(rel.filter((f) => /^src\/(pages|layouts|components)\//.test(f) && /getContext\(|runtime\.ts/.test(text(f)))).toEqual([]);
  });

  it('domain and services read time only through the injected clock', () => {
    expect(rel.filter((f) => /^src\/(domain|services)\//.test(f) && /Date\.now\(\)|new Date\(\)/.test(text(f)))).toEqual([]);
  });

  it('escapes HTML with one library, not hand-written replacers', () => {
    expect(rel.filter((f) => /replace\(\/&\/g, '&amp;'\)/.test(text(f)))).toEqual([]);
  });
});
