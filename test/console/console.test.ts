// The console's web layer without a server: the route table names every page file (so no page can
// exist unguarded), local times in the page's zone across DST, form refusals in the dictionary's
// words, and the sign-in redirect target.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CreateIncident } from '../../src/api/admin/incidents.ts';
import { attempt, guard } from '../../src/console/forms.ts';
import { createIncidentBody, emptyIncidentForm, INCIDENT_FIELDS } from '../../src/console/incident-forms.ts';
import { fromLocalInput, localToIso, toLocalInput } from '../../src/console/local-time.ts';
import { afterSignIn } from '../../src/console/next.ts';
import { CONSOLE_ROUTES, findRoute } from '../../src/console/routes.ts';
import { consoleDictionary } from '../../src/i18n/console/index.ts';
import { ApiError } from '../../src/lib/http-error.ts';

const PAGES = join(import.meta.dirname, '..', '..', 'src', 'pages', '[locale]', 'admin');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [relative(PAGES, path)];
  });
}

describe('the route table', () => {
  it('has exactly one entry for every page file under src/pages/[locale]/admin', () => {
    const paths = files(PAGES)
      .map((f) => `/${f}`.replace(/\.(astro|ts)$/, '').replace(/\/index$/, '').replace(/\[id\]/g, '7'))
      .sort();
    expect(paths.length).toBe(CONSOLE_ROUTES.length);
    for (const p of paths) expect({ p, routes: CONSOLE_ROUTES.filter((r) => r.pattern.test(p)).length }).toEqual({ p, routes: 1 });
    expect(findRoute('/incidents/7/edit')?.post).toBe('editor');
    expect(findRoute('/keys')?.get).toBe('admin');
    expect(findRoute('/incidents/7/nothing')).toBeUndefined();
    expect(findRoute('/incidents/abc')).toBeUndefined();
  });
});

describe('local times', () => {
  it('reads and writes datetime-local values in Europe/Amsterdam, across both DST changes', () => {
    const tz = 'Europe/Amsterdam';
    expect(fromLocalInput('2026-11-10T22:00', tz)).toBe(Date.parse('2026-11-10T21:00:00Z'));
    expect(fromLocalInput('2026-07-10T22:00', tz)).toBe(Date.parse('2026-07-10T20:00:00Z'));
    // 29 March 2026 02:30 does not exist (clocks jump 02:00 → 03:00): the later instant.
    expect(fromLocalInput('2026-03-29T02:30', tz)).toBe(Date.parse('2026-03-29T01:30:00Z'));
    // 25 October 2026 02:30 happens twice: the earlier (CEST) one.
    expect(fromLocalInput('2026-10-25T02:30', tz)).toBe(Date.parse('2026-10-25T00:30:00Z'));
    expect(toLocalInput(Date.parse('2026-10-25T01:30:00Z'), tz)).toBe('2026-10-25T02:30');
    expect(toLocalInput(Date.parse('2026-11-10T21:00:59.999Z'), tz)).toBe('2026-11-10T22:00');
    for (const bad of ['', '2026-13-01T10:00', '2026-02-30T10:00', '10:00', '2026-11-10 22:00']) expect(fromLocalInput(bad, tz)).toBeUndefined();
    expect(localToIso('', tz)).toBe('');
    expect(localToIso('2026-11-10T22:00', tz)).toBe('2026-11-10T21:00:00.000Z');
  });
});

describe('form refusals', () => {
  const t = consoleDictionary('nl');

  it('turn schema issues into one Dutch message per field, named by the form field', () => {
    const values = { ...emptyIncidentForm(), cause: 'ddos', startedAt: 'yesterday' };
    const outcome = attempt(t, CreateIncident, createIncidentBody(values, 'Europe/Amsterdam'), () => 'ran', { map: INCIDENT_FIELDS });
    expect(outcome).toEqual({
      ok: false,
      status: 400,
      general: [],
      fields: {
        title: 'Vul een titel in van hoogstens 200 tekens.',
        severity: 'Kies een ernst.',
        message: 'Vul een bericht in (hoogstens 50.000 tekens).',
        services: 'Kies minstens één dienst.',
        startedAt: 'Vul een datum en tijd in, of laat het leeg voor nu.',
        reason: 'Geef de reden van de uitzondering (hoogstens 2.000 tekens).',
      },
    });
  });

  it('send the second language as the API’s `lang` and `translation`, and put its refusals on the translation fields', () => {
    const filled = { ...emptyIncidentForm(), title: 'Webmail traag', severity: 'medium', message: 'We kijken.', impacts: new Map([[1, 'degraded_performance']]), lang: 'nl', titleTranslation: 'Slow webmail', messageTranslation: '' };
    const body = createIncidentBody(filled, 'Europe/Amsterdam');
    expect(body).toMatchObject({ title: 'Webmail traag', lang: 'nl', translation: { title: 'Slow webmail' } });
    expect(body.translation).toEqual({ title: 'Slow webmail' });
    expect(createIncidentBody({ ...filled, lang: '', titleTranslation: '' }, 'Europe/Amsterdam')).toMatchObject({ lang: undefined, translation: undefined });
    const refused = attempt(t, CreateIncident, createIncidentBody({ ...filled, lang: 'de', titleTranslation: 'x'.repeat(201), messageTranslation: '  ' }, 'Europe/Amsterdam'), () => 'ran', { map: INCIDENT_FIELDS });
    expect(refused).toEqual({
      ok: false,
      status: 400,
      general: [],
      fields: {
        lang: 'Kies Nederlands of Engels.',
        titleTranslation: 'Hoogstens 200 tekens, niet alleen spaties; of laat het leeg.',
        messageTranslation: 'Hoogstens 50.000 tekens, niet alleen spaties; of laat het leeg.',
      },
    });
  });

  it('put a service refusal on its field, or above the form when it names none', () => {
    expect(guard(t, () => { throw new ApiError('started_at_in_future', 'x', { field: 'startedAt' }); })).toEqual({ ok: false, status: 422, general: [], fields: { startedAt: 'De impact kan niet in de toekomst beginnen.' } });
    expect(guard(t, () => { throw new ApiError('end_before_start', 'x', { field: 'scheduledEnd' }); }, { scheduledEnd: 'end' })).toEqual({ ok: false, status: 422, general: [], fields: { end: 'Het einde moet na het begin liggen.' } });
    expect(guard(t, () => { throw new ApiError('invalid_transition', 'x', { from: 'monitoring', to: 'identified' }); })).toEqual({ ok: false, status: 409, general: ['Met die status zou het terug in de tijd gaan; dat kan niet.'], fields: {} });
    expect(() => guard(t, () => { throw new Error('a bug'); })).toThrow('a bug');
  });
});

describe('after sign-in', () => {
  it('goes to a console page of this site only', () => {
    expect(afterSignIn('/en/admin/incidents/4', 'nl')).toBe('/en/admin/incidents/4');
    expect(afterSignIn('/nl/admin/audit?type=incident&id=3', 'nl')).toBe('/nl/admin/audit?type=incident&id=3');
    for (const bad of [null, '', '//evil.example/nl/admin', 'https://evil.example/nl/admin', '/nl/admin/sign-out', '/nl/adminx', '/nl/admin/../../x', '/nl/admin/\\evil']) expect(afterSignIn(bad, 'nl')).toBe('/nl/admin');
  });
});
