// A fresh install (no services, no incidents) shows localized empty states; and the stylesheet's
// colour pairs meet WCAG 2.2 AA contrast in the light and the dark scheme.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

let server: RunningServer;
beforeAll(async () => {
  const path = tempDbPath('empty');
  createDb(path).$client.close();
  server = await startServer({ databasePath: path });
});
afterAll(() => server?.stop());

const html = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: await res.text() };
};

describe('an empty status page', () => {
  it('is all operational with localized empty states', async () => {
    const en = await html('/en/');
    expect(en.status).toBe(200);
    expect(en.body).toContain('<p class="banner-text">All systems operational</p>');
    expect(en.body).toContain('No active incidents.');
    expect(en.body).toContain('No maintenance scheduled.');
    const nl = await html('/nl/');
    expect(nl.body).toContain('<p class="banner-text">Alle systemen werken normaal</p>');
    expect(nl.body).toContain('Geen actuele storingen.');
    expect(nl.body).toContain('Er is geen onderhoud gepland.');
  });

  it('has an empty first history page and no second one', async () => {
    const nl = await html('/nl/incidents');
    expect(nl.status).toBe(200);
    expect(nl.body).toContain('Er zijn geen storingen gemeld.');
    expect((await html('/nl/incidents?page=2')).status).toBe(404);
  });
});

// WCAG relative luminance and contrast ratio.
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('the stylesheet', () => {
  const css = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'styles', 'global.css'), 'utf8');
  const palette = (block: string) => Object.fromEntries([...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6});/gi)].map((m) => [m[1]!, m[2]!]));
  const light = palette(css.slice(css.indexOf(':root {'), css.indexOf('}', css.indexOf(':root {'))));
  const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
  const dark = { ...light, ...palette(css.slice(darkStart, css.indexOf('}', darkStart))) };
  expect(Object.keys(light).length).toBeGreaterThan(20);
  // The dark scheme redefines every colour of the light one (none is left light by accident).
  expect(Object.keys(palette(css.slice(darkStart, css.indexOf('}', darkStart)))).sort()).toEqual(Object.keys(light).sort());

  for (const [scheme, vars] of [['light', light], ['dark', dark]] as const) {
    it(`gives every text colour at least 4.5:1 on the backgrounds it is used on (${scheme})`, () => {
      const texts = ['text', 'muted', 'link', 'ok', 'degraded', 'partial', 'major', 'maintenance', 'nodata'];
      for (const fg of texts) for (const bg of ['bg', 'surface']) expect(contrast(vars[fg]!, vars[bg]!), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      for (const tint of ['ok-bg', 'degraded-bg', 'partial-bg', 'major-bg', 'maintenance-bg', 'nodata-bg']) {
        expect(contrast(vars.text!, vars[tint]!), `text on ${tint}`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(vars.muted!, vars[tint]!), `muted on ${tint}`).toBeGreaterThanOrEqual(4.5);
      }
      expect(contrast(vars['tip-text']!, vars['tip-bg']!), 'tooltip and skip link').toBeGreaterThanOrEqual(4.5);
      expect(contrast(vars['on-link']!, vars.link!), 'text on a link-coloured button').toBeGreaterThanOrEqual(4.5);
    });

    it(`gives bar cells, chart bars and the focus ring at least 3:1 against the page (${scheme})`, () => {
      for (const c of ['ok', 'degraded-cell', 'partial-cell', 'major', 'maintenance', 'nodata', 'focus']) expect(contrast(vars[c]!, vars.bg!), c).toBeGreaterThanOrEqual(3);
      for (const c of ['chart-bar', 'chart-below']) expect(contrast(vars[c]!, vars.surface!), c).toBeGreaterThanOrEqual(3);
    });
  }
});
