// Demo data for Sensey's status page: groups, services, 90 days of incidents, two maintenance windows.
// Everything is placed relative to `now` (incident starts at local wall-clock times in the page's zone),
// so the demo always looks current. Seeds only an empty database, in one transaction.
import { count } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import type { Db } from './client.ts';
import {
  incidentImpacts, incidentReports, incidentUpdates, incidents, maintenanceServices, maintenanceUpdates, maintenances,
  serviceGroups, services,
} from './schema.ts';
import type { Impact, IncidentStatus as Status, Severity, SlaExclusion } from '../src/domain/vocabulary.ts';
import { demoNl } from './seed-nl.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

interface DemoIncident {
  title: string;
  severity: Severity;
  start: number; // startedAt; the first update (minute offset) is the creation time
  updates: [minutes: number, status: Status, body: string][];
  impacts: [slug: string, impact: Impact, fromMin: number, toMin: number | null][];
  report?: { afterHours: number; cause: string; actions: string[] };
  exclusion?: SlaExclusion;
}

const GROUPS = ['Hosting', 'Network & connectivity', 'Platform & managed services'];

const SERVICES = [
  { slug: 'web-hosting', name: 'Web hosting', group: 0, description: 'Shared and dedicated web hosting in our Delft and Amsterdam data centres.' },
  { slug: 'managed-wordpress', name: 'Managed WordPress', group: 0, description: 'WordPress hosting with updates, caching and daily backups.' },
  { slug: 'email', name: 'E-mail hosting', group: 0, description: 'Mailboxes, webmail, SMTP relay and spam filtering.' },
  { slug: 'object-storage', name: 'Object storage', group: 0, description: 'S3-compatible object storage (new).', newService: true },
  { slug: 'network', name: 'Network (AMS-1)', group: 1, description: 'Core network, transit and peering at AMS-IX.' },
  { slug: 'dns', name: 'DNS', group: 1, description: 'Authoritative DNS and the DNS management API.' },
  { slug: 'kubernetes', name: 'Managed Kubernetes', group: 2, description: 'Managed Kubernetes clusters and their control plane.' },
  { slug: 'portal', name: 'Customer portal', group: 2, description: 'clients.sensey.io: tickets, invoices and service management.' },
  { slug: 'acceptance', name: 'Acceptance environment', group: 2, description: 'Staging/acceptance platform for customer testing. Not covered by the SLA.', slaCovered: false },
];

export function seedDemo(db: Db, opts: { now: number; timeZone: string }): boolean {
  const { now, timeZone } = opts;
  const today = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone).toPlainDate();
  /** Local wall-clock time `hhmm` on the day `daysAgo` days before today (negative: in the future). */
  const local = (daysAgo: number, hhmm: string) =>
    today.subtract({ days: daysAgo }).toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(hhmm) }).epochMilliseconds;
  const clock = (t: number) => Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(timeZone).toPlainTime().toString().slice(0, 5);

  const INCIDENTS: DemoIncident[] = [
    { title: 'Slow logins on the customer portal', severity: 'medium', start: local(84, '09:41'),
      updates: [[18, 'investigating', 'Logging in to clients.sensey.io takes up to 30 seconds. We are investigating.'],
        [60, 'identified', 'A slow query in the session store is the cause. We are adding an index.'],
        [120, 'monitoring', 'The index is in place and logins are fast again. We are monitoring.'],
        [150, 'resolved', 'Login times are back to normal.']],
      impacts: [['portal', 'degraded_performance', 0, 130]],
      report: { afterHours: 20, cause: 'A missing index on the session table after the portal release of that morning.', actions: ['Add query-plan checks to the release pipeline'] } },
    { title: 'DDoS attack on the AMS-1 edge network', severity: 'critical', start: local(79, '14:05'),
      updates: [[6, 'investigating', 'We see **heavy packet loss** on the Amsterdam edge. Sites may be unreachable.'],
        [25, 'identified', 'This is a volumetric DDoS attack. Traffic is being diverted to our scrubbing provider.'],
        [70, 'monitoring', 'Mitigation is active and traffic flows normally again.'],
        [110, 'resolved', 'The attack has ended. See the [SLA](https://sensey.nl/sla) for how DDoS attacks are treated.']],
      impacts: [['network', 'major_outage', 0, 40], ['network', 'partial_outage', 40, 95], ['web-hosting', 'partial_outage', 0, 95]],
      exclusion: { cause: 'ddos', reason: 'UDP amplification attack (peak 180 Gbit/s) against a customer IP range; mitigated by upstream scrubbing.' },
      report: { afterHours: 30, cause: 'A UDP amplification attack saturated two transit links before scrubbing was enabled.', actions: ['Enable automatic scrubbing above 40 Gbit/s', 'Add a third transit provider'] } },
    { title: 'Delayed DMARC aggregate reports', severity: 'low', start: local(73, '08:30'),
      updates: [[50, 'investigating', 'DMARC aggregate reports for some domains arrive late. Mail delivery is not affected.'],
        [240, 'identified', 'A stuck report-generation job was found and restarted.'],
        [700, 'monitoring', 'The backlog has been processed.'],
        [1400, 'resolved', 'Reports are generated on schedule again.']],
      impacts: [['email', 'degraded_performance', 0, 600]],
      report: { afterHours: 26, cause: 'The report job crashed on a malformed report and was not restarted by the scheduler.', actions: ['Restart failed jobs automatically', 'Alert on job backlog'] } },
    { title: 'Intermittent 502 errors on Managed WordPress', severity: 'high', start: local(68, '22:40'),
      updates: [[12, 'investigating', 'Some WordPress sites intermittently return **502 Bad Gateway**.'],
        [55, 'identified', 'One PHP-FPM pool runs out of workers after a configuration change. We are rolling it back.'],
        [140, 'monitoring', 'The rollback is complete on all nodes; errors have stopped.'],
        [200, 'resolved', 'All sites respond normally.']],
      impacts: [['managed-wordpress', 'partial_outage', 0, 170]],
      report: { afterHours: 34, cause: 'A worker limit meant for the staging pool was deployed to production.', actions: ['Separate staging and production configuration repositories'] } },
    { title: 'DNS changes propagate slowly', severity: 'medium', start: local(62, '11:15'),
      updates: [[25, 'investigating', 'Changes made in the DNS manager take over an hour to go live. Resolution of existing records works.'],
        [90, 'identified', 'Zone transfers to one secondary nameserver are failing.'],
        [200, 'monitoring', 'The secondary has been resynchronised.'],
        [260, 'resolved', 'Zone changes are live within a minute again.']],
      impacts: [['dns', 'degraded_performance', 0, 240]],
      report: { afterHours: 22, cause: 'An expired TSIG key on one secondary nameserver.', actions: ['Monitor TSIG key expiry', 'Alert on zone serial drift'] } },
    { title: 'Storage array failure affecting web hosting', severity: 'critical', start: local(57, '16:30'),
      updates: [[9, 'investigating', 'Many hosted websites are down. We are investigating a storage problem.'],
        [30, 'identified', 'A controller of storage array **SA-03** failed. We are failing over to the standby controller.'],
        [160, 'monitoring', 'All volumes are online again; we are monitoring performance.\n\n- Web hosting: restored\n- Managed WordPress: restored'],
        [230, 'resolved', 'Storage performance is back to normal.']],
      impacts: [['web-hosting', 'major_outage', 0, 75], ['web-hosting', 'partial_outage', 75, 160], ['managed-wordpress', 'partial_outage', 0, 160]],
      report: { afterHours: 90, cause: 'A firmware bug in the storage controller prevented the automatic failover.', actions: ['Upgrade controller firmware on all arrays', 'Test controller failover quarterly'] } },
    { title: 'Invoice PDFs fail to download', severity: 'low', start: local(51, '07:50'),
      updates: [[70, 'investigating', 'Downloading invoices as PDF from the portal fails. Invoices are still sent by e-mail.'],
        [200, 'identified', 'The PDF renderer lost access to its font cache after an update.'],
        [400, 'resolved', 'The renderer has been fixed; invoices download again.']],
      impacts: [['portal', 'degraded_performance', 0, 380]] },
    { title: 'Outbound mail queue congestion', severity: 'high', start: local(46, '13:02'),
      updates: [[20, 'investigating', 'Outgoing e-mail is delayed by up to 40 minutes.'],
        [45, 'identified', 'A compromised customer account sent spam and our relays were rate limited. The account is blocked.'],
        [95, 'monitoring', 'The queue has been flushed.'],
        [150, 'resolved', 'Outgoing mail is delivered without delay.']],
      impacts: [['email', 'partial_outage', 0, 110]],
      report: { afterHours: 18, cause: 'A compromised mailbox password led to a spam run that got our relays rate limited.', actions: ['Per-account sending limits', 'Enforce two-factor authentication for webmail'] } },
    { title: 'Elevated API latency on the Kubernetes control plane', severity: 'medium', start: local(41, '02:10'),
      updates: [[30, 'investigating', '`kubectl` requests are slow on some clusters. Workloads keep running.'],
        [100, 'identified', 'An etcd member has a full disk. We are compacting and defragmenting.'],
        [150, 'monitoring', 'API latency is back to normal.'],
        [240, 'resolved', 'All clusters are healthy.']],
      impacts: [['kubernetes', 'degraded_performance', 0, 180]],
      report: { afterHours: 28, cause: 'Automatic etcd compaction was disabled during a previous upgrade.', actions: ['Re-enable and monitor etcd compaction'] } },
    { title: 'Core router failure in AMS-1', severity: 'critical', start: local(36, '19:25'),
      updates: [[7, 'investigating', 'Services in our Amsterdam data centre are unreachable.'],
        [22, 'identified', 'Core router **ams1-cr1** has failed; traffic is moving to **ams1-cr2**.'],
        [48, 'monitoring', 'All traffic runs through the second router. Some routes may still be suboptimal.'],
        [120, 'resolved', 'The failed line card has been replaced and redundancy is restored.']],
      impacts: [['network', 'major_outage', 0, 38], ['network', 'partial_outage', 38, 70], ['web-hosting', 'major_outage', 0, 38],
        ['email', 'major_outage', 0, 38], ['dns', 'degraded_performance', 0, 38]],
      report: { afterHours: 40, cause: 'A line card failure on ams1-cr1; BGP failover took longer than designed because of a timer misconfiguration.', actions: ['Lower BGP hold timers', 'Enable BFD on all core links'] } },
    { title: 'Spam filter false positives on forwarded mail', severity: 'low', start: local(31, '10:00'),
      updates: [[95, 'investigating', 'Some forwarded messages are wrongly marked as spam.'],
        [400, 'identified', 'A new SPF rule does not take forwarding into account.'],
        [1300, 'monitoring', 'The rule has been adjusted; released messages have been delivered.'],
        [1500, 'resolved', 'Spam scoring is back to normal.']],
      impacts: [['email', 'degraded_performance', 0, 1290]],
      report: { afterHours: 30, cause: 'A spam rule update scored SPF failures of forwarded mail too strictly.', actions: ['Test spam rule updates against a forwarded-mail corpus'] } },
    { title: 'Upload errors for large files on object storage', severity: 'medium', start: local(26, '15:45'),
      updates: [[20, 'investigating', 'Multipart uploads larger than 5 GB fail with error 500.'],
        [70, 'identified', 'A gateway node rejects the final part of large uploads. It has been removed from the pool.'],
        [130, 'monitoring', 'Large uploads succeed again.'],
        [190, 'resolved', 'The faulty gateway has been repaired.']],
      impacts: [['object-storage', 'partial_outage', 0, 130]],
      report: { afterHours: 24, cause: 'One gateway node ran an outdated version with a lower part-size limit.', actions: ['Version check in the gateway health probe'] } },
    { title: 'Acceptance environment database unavailable', severity: 'high', start: local(22, '23:10'),
      updates: [[25, 'investigating', 'The database of the acceptance environment does not accept connections.'],
        [60, 'identified', 'The database volume is full. We are extending it.'],
        [160, 'monitoring', 'The database is available again.'],
        [210, 'resolved', 'Resolved. Production environments were not affected.']],
      impacts: [['acceptance', 'major_outage', 0, 150]],
      report: { afterHours: 36, cause: 'Test data imports filled the volume; no disk alert was configured for acceptance.', actions: ['Add disk alerts to the acceptance environment'] } },
    { title: 'Kubernetes node pool autoscaling fails', severity: 'high', start: local(17, '08:55'),
      updates: [[15, 'investigating', 'New nodes are not added when clusters scale up; pending pods stay pending.'],
        [70, 'identified', 'The hypervisor API quota for our Kubernetes project was reached.'],
        [210, 'monitoring', 'The quota has been raised and pending pods are scheduled.'],
        [300, 'resolved', 'Autoscaling works normally.']],
      impacts: [['kubernetes', 'partial_outage', 0, 200]],
      report: { afterHours: 22, cause: 'Growth of the platform exceeded a hypervisor quota nobody monitored.', actions: ['Alert at 80 % of every infrastructure quota'] } },
    { title: "Delayed TLS certificate renewals (Let's Encrypt outage)", severity: 'medium', start: local(12, '12:20'),
      updates: [[30, 'investigating', 'Certificate renewals are failing. Existing certificates remain valid.'],
        [60, 'identified', "Let's Encrypt reports an outage of its ACME API ([status](https://letsencrypt.status.io))."],
        [330, 'monitoring', 'The ACME API is back and renewals are being retried.'],
        [380, 'resolved', 'All pending certificates have been renewed.']],
      impacts: [['web-hosting', 'degraded_performance', 0, 360], ['managed-wordpress', 'degraded_performance', 0, 360]],
      exclusion: { cause: 'third_party', reason: "Outage of the Let's Encrypt ACME API." },
      report: { afterHours: 20, cause: "An outage of Let's Encrypt's ACME API.", actions: ['Renew certificates 30 days before expiry instead of 10'] } },
    { title: 'Managed WordPress database cluster failover', severity: 'critical', start: local(8, '06:40'),
      updates: [[11, 'investigating', 'WordPress sites show "Error establishing a database connection".'],
        [30, 'identified', 'The primary database node failed and the automatic failover stalled. We are promoting a replica manually.'],
        [55, 'monitoring', 'The new primary is serving traffic. Sites may be slower while caches warm up.'],
        [140, 'resolved', 'Performance is back to normal.']],
      impacts: [['managed-wordpress', 'major_outage', 0, 50], ['managed-wordpress', 'degraded_performance', 50, 100]],
      report: { afterHours: 30, cause: 'The failover manager lost quorum because one witness node was in maintenance.', actions: ['Add a third witness node', 'Block maintenance of two witnesses at once'] } },
    { title: 'Webmail search results incomplete', severity: 'low', start: local(5, '14:30'),
      updates: [[35, 'investigating', 'Searching in webmail does not find recent messages.'],
        [180, 'identified', 'The search index is being rebuilt for affected mailboxes.'],
        [500, 'monitoring', 'Rebuild complete for all mailboxes.'],
        [720, 'resolved', 'Search works normally.']],
      impacts: [['email', 'degraded_performance', 0, 480]] },
    // Recent: resolved about a day ago, so its post-incident report is still pending.
    { title: 'Intermittent resolution failures for .nl domains', severity: 'high', start: now - 27 * HOUR,
      updates: [[14, 'investigating', 'Some lookups of .nl domains hosted with us time out.'],
        [40, 'identified', 'One anycast node answers with stale data. It has been withdrawn.'],
        [110, 'monitoring', 'All lookups succeed.'],
        [165, 'resolved', 'Resolved. A post-incident report will follow within 48 hours.']],
      impacts: [['dns', 'partial_outage', 0, 95]] },
    // The one active incident.
    { title: 'Slow webmail', severity: 'medium', start: now - 52 * MIN,
      updates: [[7, 'investigating', 'Webmail is slow to load for some users. Sending and receiving mail works normally.'],
        [32, 'identified', 'A webmail backend node is overloaded. We are adding capacity.']],
      impacts: [['email', 'degraded_performance', 0, null]] },
  ];

  return db.transaction((tx) => {
    if (tx.select({ n: count() }).from(services).get()!.n > 0) return false;
    const yearAgo = local(365, '09:00');
    const groupIds = GROUPS.map((name, position) =>
      tx.insert(serviceGroups).values({ name, lang: 'en', nameTranslation: demoNl(name), position, createdAt: yearAgo, updatedAt: yearAgo }).returning().get().id);
    const serviceIds = new Map<string, number>();
    SERVICES.forEach((s, position) => {
      const created = s.newService ? local(30, '10:00') : yearAgo;
      const row = { slug: s.slug, name: s.name, description: s.description, lang: 'en' as const, nameTranslation: demoNl(s.name), descriptionTranslation: demoNl(s.description), groupId: groupIds[s.group], position,
        slaCovered: s.slaCovered ?? true, startDate: created, createdAt: created, updatedAt: created };
      serviceIds.set(s.slug, tx.insert(services).values(row).returning().get().id);
    });

    for (const inc of INCIDENTS) {
      const at = (m: number) => inc.start + m * MIN;
      const last = inc.updates[inc.updates.length - 1]!;
      const monitoring = inc.updates.find((u) => u[1] === 'monitoring');
      const resolvedAt = last[1] === 'resolved' ? at(last[0]) : null;
      const id = tx.insert(incidents).values({
        title: inc.title, lang: 'en', titleTranslation: demoNl(inc.title), severity: inc.severity, status: last[1], startedAt: inc.start, createdAt: at(inc.updates[0]![0]),
        updatedAt: at(last[0]), monitoringAt: monitoring ? at(monitoring[0]) : null, resolvedAt,
        slaExclusionCause: inc.exclusion?.cause ?? null, slaExclusionReason: inc.exclusion?.reason ?? null,
      }).returning().get().id;
      for (const [m, status, body] of inc.updates) tx.insert(incidentUpdates).values({ incidentId: id, status, body, bodyTranslation: demoNl(body), createdAt: at(m) }).run();
      for (const [slug, impact, from, to] of inc.impacts)
        tx.insert(incidentImpacts).values({ incidentId: id, serviceId: serviceIds.get(slug)!, impact, startAt: at(from), endAt: to === null ? null : at(to) }).run();
      if (inc.report && resolvedAt !== null) {
        const publishedAt = resolvedAt + inc.report.afterHours * HOUR;
        const body = [`## Summary\n\n${inc.title}. Impact began at ${clock(inc.start)} and the incident was resolved at ${clock(resolvedAt)} (${timeZone}).`,
          `## Timeline\n\n${inc.updates.map(([m, s, b]) => `- **${clock(at(m))}** ${s}: ${b.split('\n')[0]}`).join('\n')}`,
          `## Root cause\n\n${inc.report.cause}`, `## Follow-up actions\n\n${inc.report.actions.map((a) => `- ${a}`).join('\n')}`].join('\n\n');
        tx.insert(incidentReports).values({ incidentId: id, body, createdAt: publishedAt - 3 * HOUR, updatedAt: publishedAt, publishedAt }).run();
      }
    }

    const MAINTENANCES = [
      { title: 'Firmware upgrade of the AMS-1 core switches', slugs: ['network', 'web-hosting'],
        body: 'We upgrade the firmware of the core switches in AMS-1, one at a time. Expect **up to 2 minutes** of packet loss per switch.',
        scheduledStart: local(20, '02:00'), scheduledEnd: local(20, '04:00'), announcedAt: local(27, '15:00'), actualStart: local(20, '02:01'), actualEnd: local(20, '03:25'),
        updates: [['scheduled', 'Maintenance scheduled.', local(27, '15:00')], ['in_progress', 'Maintenance has started.', local(20, '02:01')],
          ['verifying', 'Both switches upgraded; verifying routes.', local(20, '03:16')], ['completed', 'Maintenance completed successfully.', local(20, '03:25')]] },
      { title: 'Kubernetes control plane upgrade', slugs: ['kubernetes', 'acceptance'],
        body: 'We upgrade the control plane of all managed clusters. Workloads keep running; the Kubernetes API may be briefly unavailable.',
        scheduledStart: local(-3, '01:00'), scheduledEnd: local(-3, '03:00'), announcedAt: now - 2 * HOUR, actualStart: null, actualEnd: null,
        updates: [['scheduled', 'Maintenance scheduled.', now - 2 * HOUR]] },
    ] as const;
    for (const m of MAINTENANCES) {
      const done = m.actualEnd !== null;
      const id = tx.insert(maintenances).values({
        title: m.title, body: m.body, lang: 'en', titleTranslation: demoNl(m.title), bodyTranslation: demoNl(m.body), scheduledStart: m.scheduledStart, scheduledEnd: m.scheduledEnd, announcedAt: m.announcedAt,
        status: done ? 'completed' : 'scheduled', actualStart: m.actualStart, actualEnd: m.actualEnd,
        createdAt: m.announcedAt, updatedAt: m.actualEnd ?? m.announcedAt,
      }).returning().get().id;
      for (const slug of m.slugs) tx.insert(maintenanceServices).values({ maintenanceId: id, serviceId: serviceIds.get(slug)! }).run();
      for (const [status, body, createdAt] of m.updates) tx.insert(maintenanceUpdates).values({ maintenanceId: id, status, body, bodyTranslation: demoNl(body), createdAt }).run();
    }
    return true;
  });
}
