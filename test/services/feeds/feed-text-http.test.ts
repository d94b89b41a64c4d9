// What feed readers and calendar apps show as text, over real HTTP against the built server: an
// RSS title read back with a real XML parser (fast-xml-parser) is the title as written, markup
// characters and CDATA terminators included; the calendar's DESCRIPTION, unfolded and unescaped
// by node-ical, is plain text with no markdown or HTML left.
import { XMLParser } from 'fast-xml-parser';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { DAY, HOUR, makeIncident, makeMaintenance, makeService } from '../../support/factories.ts';
import { startServer, tempDbPath, type RunningServer } from '../../support/server.ts';

const T = Date.now();
const TITLE = 'Slow <panel> & "login" ]]> twice ]]> &lt;';
const BODY = 'We move **mail** to <b>new</b> servers & "disks", 5 < 6.\n\n- step one\n- see [the plan](https://example.com/plan?a=1&b=2)';

describe('feed and calendar text over HTTP', () => {
  let server: RunningServer;
  let maintenance: number;

  beforeAll(async () => {
    const path = tempDbPath('feed-text');
    const db = createDb(path);
    const web = makeService(db, { slug: 'web', name: 'Webhosting', startDate: T - 30 * DAY });
    makeIncident(db, { title: TITLE, startedAt: T - 2 * HOUR, resolvedAt: T - HOUR, impacts: [{ serviceId: web, impact: 'major_outage', start: T - 2 * HOUR, end: T - HOUR }] });
    maintenance = makeMaintenance(db, { title: 'Kernel <upgrade>', body: BODY, serviceIds: [web], scheduledStart: T + 3 * DAY, scheduledEnd: T + 3 * DAY + HOUR, announcedAt: T - DAY });
    db.$client.close();
    server = await startServer({ databasePath: path });
  });
  afterAll(() => server?.stop());

  it('RSS: each title, parsed as XML, is the text as written', async () => {
    for (const path of ['/en/feed.rss', '/feed.rss', '/services/web/feed.rss']) {
      const xml = await (await fetch(`${server.url}${path}`)).text();
      const parser = new XMLParser({ processEntities: true, htmlEntities: false });
      const items = [parser.parse(xml).rss.channel.item].flat();
      expect(items.map((i: any) => i.title), path).toEqual(expect.arrayContaining([TITLE]));
      expect(items.map((i: any) => String(i.title)).some((t: string) => t.includes('&lt;panel')), path).toBe(false);
    }
  });

  it('iCal: DESCRIPTION is plain text: no markdown, no HTML, entities decoded, links with their address', async () => {
    const text = await (await fetch(`${server.url}/en/maintenance.ics`)).text();
    const event: any = Object.values(ical.sync.parseICS(text)).find((c) => c?.type === 'VEVENT');
    expect(event.description).toBe(
      [
        'Status: Scheduled\nAffected services: Webhosting',
        'We move mail to new servers & "disks", 5 < 6.',
        '- step one\n- see the plan (https://example.com/plan?a=1&b=2)',
        `${server.url}/en/maintenance/${maintenance}`,
      ].join('\n\n'),
    );
    expect(event.summary).toBe('Kernel <upgrade>');
  });
});
