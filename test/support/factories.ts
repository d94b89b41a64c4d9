// Small factories: each test builds exactly the world it asserts on, on its own database.
import type { Db } from '../../db/client.ts';
import { incidentImpacts, incidentReports, incidentUpdates, incidents, maintenanceServices, maintenanceUpdates, maintenances, serviceGroups, services } from '../../db/schema.ts';
import type { Impact } from '../../src/domain/vocabulary.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function makeGroup(db: Db, name: string, position = 0): number {
  return db.insert(serviceGroups).values({ name, position, createdAt: 0, updatedAt: 0 }).returning({ id: serviceGroups.id }).get().id;
}

export function makeService(db: Db, o: { slug: string; name?: string; groupId?: number | null; position?: number; slaCovered?: boolean; startDate?: number; description?: string; archivedAt?: number; id?: number }): number {
  const startDate = o.startDate ?? 0;
  return db
    .insert(services)
    .values({
      ...(o.id !== undefined && { id: o.id }),
      slug: o.slug,
      name: o.name ?? o.slug,
      description: o.description ?? '',
      groupId: o.groupId ?? null,
      position: o.position ?? 0,
      slaCovered: o.slaCovered ?? true,
      startDate,
      archivedAt: o.archivedAt ?? null,
      createdAt: startDate,
      updatedAt: startDate,
    })
    .returning({ id: services.id })
    .get().id;
}

export interface ImpactSpec {
  serviceId: number;
  impact: Impact;
  start: number;
  end: number | null;
}

export function makeIncident(
  db: Db,
  o: {
    title?: string;
    severity?: 'critical' | 'high' | 'medium' | 'low';
    status?: 'investigating' | 'identified' | 'monitoring' | 'resolved';
    startedAt: number;
    createdAt?: number;
    monitoringAt?: number | null;
    resolvedAt?: number | null;
    impacts: ImpactSpec[];
    updates?: { status: 'investigating' | 'identified' | 'monitoring' | 'resolved'; body: string; at: number }[];
    slaExclusion?: { cause: 'force_majeure' | 'customer' | 'third_party' | 'ddos' | 'security'; reason: string };
    report?: { body: string; publishedAt: number | null };
  },
): number {
  const createdAt = o.createdAt ?? o.startedAt;
  const resolvedAt = o.resolvedAt ?? null;
  const status = o.status ?? (resolvedAt === null ? 'investigating' : 'resolved');
  const id = db
    .insert(incidents)
    .values({
      title: o.title ?? 'Incident',
      severity: o.severity ?? 'high',
      status,
      startedAt: o.startedAt,
      createdAt,
      updatedAt: resolvedAt ?? createdAt,
      monitoringAt: o.monitoringAt ?? null,
      resolvedAt,
      slaExclusionCause: o.slaExclusion?.cause ?? null,
      slaExclusionReason: o.slaExclusion?.reason ?? null,
    })
    .returning({ id: incidents.id })
    .get().id;
  for (const i of o.impacts) db.insert(incidentImpacts).values({ incidentId: id, serviceId: i.serviceId, impact: i.impact, startAt: i.start, endAt: i.end }).run();
  const updates = o.updates ?? [{ status, body: `${o.title ?? 'Incident'}: we are looking into it.`, at: createdAt }];
  for (const u of updates) db.insert(incidentUpdates).values({ incidentId: id, status: u.status, body: u.body, createdAt: u.at }).run();
  if (o.report) db.insert(incidentReports).values({ incidentId: id, body: o.report.body, createdAt: createdAt, updatedAt: createdAt, publishedAt: o.report.publishedAt }).run();
  return id;
}

export function makeMaintenance(
  db: Db,
  o: {
    title?: string;
    body?: string;
    serviceIds: number[];
    scheduledStart: number;
    scheduledEnd: number;
    announcedAt: number;
    status?: 'scheduled' | 'in_progress' | 'verifying' | 'completed' | 'cancelled';
    actualStart?: number | null;
    actualEnd?: number | null;
  },
): number {
  const id = db
    .insert(maintenances)
    .values({
      title: o.title ?? 'Maintenance',
      body: o.body ?? 'Planned work.',
      scheduledStart: o.scheduledStart,
      scheduledEnd: o.scheduledEnd,
      announcedAt: o.announcedAt,
      status: o.status ?? 'scheduled',
      actualStart: o.actualStart ?? null,
      actualEnd: o.actualEnd ?? null,
      createdAt: o.announcedAt,
      updatedAt: o.announcedAt,
    })
    .returning({ id: maintenances.id })
    .get().id;
  for (const serviceId of o.serviceIds) db.insert(maintenanceServices).values({ maintenanceId: id, serviceId }).run();
  db.insert(maintenanceUpdates).values({ maintenanceId: id, status: 'scheduled', body: o.body ?? 'Planned work.', createdAt: o.announcedAt }).run();
  return id;
}
