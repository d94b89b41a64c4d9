// A page for the Statuspage compatibility suites (HTTP, the statuspage.io client, the widget):
// a group with two services and an ungrouped one; an open incident whose second update made the
// impact worse; a resolved incident whose last update ended its impact; maintenance in progress
// (automatic update with no text), verifying and upcoming. Times relative to `now`.
import { createDb } from '../../db/client.ts';
import { maintenanceUpdates } from '../../db/schema.ts';
import { DAY, HOUR, makeGroup, makeIncident, makeMaintenance, makeService } from './factories.ts';

const MIN = 60_000;

export interface SpWorld {
  web: number;
  mail: number;
  staging: number;
  open: number;
  resolved: number;
  inProgress: number;
  verifying: number;
  upcoming: number;
}

/** `incidents: false` leaves only maintenance: the page then says "Service Under Maintenance". */
export function buildStatuspageWorld(path: string, now: number, o: { incidents?: boolean } = {}): SpWorld {
  const db = createDb(path);
  const hosting = makeGroup(db, 'Hosting');
  const web = makeService(db, { slug: 'web', name: 'Webhosting', groupId: hosting, position: 0, startDate: now - 60 * DAY, description: 'Shared <hosting> & "mail"' });
  const mail = makeService(db, { slug: 'mail', name: 'Mail', groupId: hosting, position: 1, startDate: now - 60 * DAY });
  const staging = makeService(db, { slug: 'staging', name: 'Staging', slaCovered: false, startDate: now - 60 * DAY });
  let open = 0;
  let resolved = 0;
  if (o.incidents !== false) {
    open = makeIncident(db, {
      title: 'Slow <panel> & "login"',
      status: 'identified',
      startedAt: now - 2 * HOUR,
      impacts: [
        { serviceId: web, impact: 'degraded_performance', start: now - 2 * HOUR, end: now - HOUR },
        { serviceId: web, impact: 'partial_outage', start: now - HOUR, end: null },
      ],
      updates: [
        { status: 'investigating', body: 'We are **investigating** slow pages.', at: now - 2 * HOUR },
        { status: 'identified', body: 'A disk is failing; pages now time out.', at: now - HOUR },
      ],
    });
    resolved = makeIncident(db, {
      title: 'Staging down',
      startedAt: now - 3 * DAY,
      monitoringAt: now - 3 * DAY + 30 * MIN,
      resolvedAt: now - 3 * DAY + HOUR,
      impacts: [{ serviceId: staging, impact: 'major_outage', start: now - 3 * DAY, end: now - 3 * DAY + HOUR }],
      updates: [
        { status: 'investigating', body: 'Staging is down.', at: now - 3 * DAY },
        { status: 'monitoring', body: 'Restarted; watching.', at: now - 3 * DAY + 30 * MIN },
        { status: 'resolved', body: 'Resolved.', at: now - 3 * DAY + HOUR },
      ],
    });
  }
  const inProgress = makeMaintenance(db, { title: 'Mail move', body: 'Moving mail.', serviceIds: [mail], scheduledStart: now - 30 * MIN, scheduledEnd: now + 2 * HOUR, announcedAt: now - 3 * DAY, status: 'in_progress', actualStart: now - 30 * MIN });
  // What the scheduler writes when a window starts on its own: an update with no text.
  db.insert(maintenanceUpdates).values({ maintenanceId: inProgress, status: 'in_progress', body: '', createdAt: now - 30 * MIN }).run();
  const verifying = makeMaintenance(db, { title: 'Staging rebuild', serviceIds: [staging], scheduledStart: now - 2 * HOUR, scheduledEnd: now + HOUR, announcedAt: now - 2 * DAY, status: 'verifying', actualStart: now - 2 * HOUR });
  db.insert(maintenanceUpdates).values({ maintenanceId: verifying, status: 'in_progress', body: 'Rebuilding.', createdAt: now - 2 * HOUR }).run();
  db.insert(maintenanceUpdates).values({ maintenanceId: verifying, status: 'verifying', body: 'Checking the rebuild.', createdAt: now - 20 * MIN }).run();
  const upcoming = makeMaintenance(db, { title: 'Kernel upgrade', serviceIds: [web], scheduledStart: now + 3 * DAY, scheduledEnd: now + 3 * DAY + HOUR, announcedAt: now - DAY });
  db.$client.close();
  return { web, mail, staging, open, resolved, inProgress, verifying, upcoming };
}
