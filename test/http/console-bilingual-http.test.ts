// The staff console writes the second language through the admin API's schemas: a new incident in
// English with its Dutch title and message, an update with a translation, and a report with one,
// posted as a browser posts the forms, over real HTTP against the real built server; the public
// pages then show each language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIncident } from '../../src/services/incidents/records.ts';
import { consoleWorld, send, sessionFor, type ConsoleWorld, type Session } from '../support/console.ts';
import { makeService } from '../support/factories.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

let server: RunningServer;
let w: ConsoleWorld;
let editor: Session;

beforeAll(async () => {
  const path = tempDbPath('console-bilingual');
  w = await consoleWorld(path);
  makeService(w.ctx.db, { slug: 'mail', name: 'Mail' });
  // The test keeps its connection (WAL): sessions are opened and rows read directly.
  server = await startServer({ databasePath: path });
  editor = sessionFor(w, 'editor');
});
afterAll(async () => {
  await server?.stop();
  w?.ctx.db.$client.close();
});

describe('the console in two languages', () => {
  it('shows the language and translation fields, and refuses an unknown language on the field', async () => {
    const form = await send(`${server.url}/en/admin/incidents/new`, 'GET', { cookie: editor.cookie });
    expect(form.status).toBe(200);
    expect(form.body).toMatch(/<select id="lang" name="lang"[^>]*>\s*<option value="nl" selected>Dutch<\/option>\s*<option value="en">English<\/option>/);
    expect(form.body).toContain('<label for="titleTranslation">Title in the other language<span class="muted"> (optional)</span></label>');
    expect(form.body).toContain('name="messageTranslation"');
    const refused = await send(`${server.url}/en/admin/incidents/new`, 'POST', {
      cookie: editor.cookie,
      form: { _csrf: editor.csrf, title: 'Slow webmail', severity: 'medium', status: 'investigating', message: 'Looking.', 'impact-1': 'degraded_performance', lang: 'de', notify: 'on' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('<p class="field-error" id="lang-error">Choose Dutch or English.</p>');
  });

  it('posts an incident, an update and a report with their Dutch translations', async () => {
    const created = await send(`${server.url}/en/admin/incidents/new`, 'POST', {
      cookie: editor.cookie,
      form: { _csrf: editor.csrf, title: 'Slow webmail', lang: 'en', titleTranslation: 'Trage webmail', severity: 'medium', status: 'investigating', message: 'We are **looking**.', messageTranslation: 'We **kijken** ernaar.', 'impact-1': 'degraded_performance', notify: 'on' },
    });
    expect(created.status).toBe(303);
    const id = Number(/\/incidents\/(\d+)$/.exec(created.location!)![1]);
    const update = await send(`${server.url}/en/admin/incidents/${id}`, 'POST', {
      cookie: editor.cookie,
      form: { _csrf: editor.csrf, intent: 'update', status: 'resolved', message: 'Fixed.', messageTranslation: 'Opgelost.', 'impact-1': 'degraded_performance', notify: 'on' },
    });
    expect(update.status).toBe(303);
    const report = await send(`${server.url}/en/admin/incidents/${id}/report`, 'POST', { cookie: editor.cookie, form: { _csrf: editor.csrf, intent: 'publish', body: 'A full disk.', bodyTranslation: 'Een volle schijf.', notify: 'on' } });
    expect(report.status).toBe(303);

    const m = getIncident(w.ctx.db, id)!;
    expect({ title: m.title, lang: m.lang, titleTranslation: m.titleTranslation }).toEqual({ title: 'Slow webmail', lang: 'en', titleTranslation: 'Trage webmail' });
    expect(m.updates.map((u) => [u.body, u.bodyTranslation])).toEqual([['Fixed.', 'Opgelost.'], ['We are **looking**.', 'We **kijken** ernaar.']]);
    expect([m.report!.body, m.report!.bodyTranslation, m.report!.publishedAt !== null]).toEqual(['A full disk.', 'Een volle schijf.', true]);

    const nl = (await send(`${server.url}/nl/incidents/${id}`, 'GET')).body;
    expect(nl).toContain('<h1>Trage webmail</h1>');
    expect(nl).toContain('<p>We <strong>kijken</strong> ernaar.</p>');
    expect(nl).toContain('<p>Een volle schijf.</p>');
    expect(nl).not.toContain('fallback-note');
    const en = (await send(`${server.url}/en/incidents/${id}`, 'GET')).body;
    expect(en).toContain('<h1>Slow webmail</h1>');
    expect(en).toContain('<p>A full disk.</p>');

    // Correcting the title's translation away: the Dutch page falls back to the English, marked.
    const edit = await send(`${server.url}/en/admin/incidents/${id}/edit`, 'POST', { cookie: editor.cookie, form: { _csrf: editor.csrf, title: 'Slow webmail', lang: 'en', titleTranslation: '', severity: 'medium', startedAt: '', cause: '', reason: '' } });
    expect(edit.status).toBe(303);
    expect(getIncident(w.ctx.db, id)!.titleTranslation).toBeNull();
    expect((await send(`${server.url}/nl/incidents/${id}`, 'GET')).body).toContain('<h1><span lang="en">Slow webmail</span> <span class="fallback-note">(in het Engels)</span></h1>');
  });
});
