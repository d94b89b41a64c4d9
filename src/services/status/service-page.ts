// One service's public page: its status now and 90-day uptime (the same computation as the status
// page), its open incidents, upcoming maintenance and the latest of its history. The month-to-date
// SLA comes from the report engine, which the page asks itself (services/reports sits above this room).
import type { AppContext } from '../kernel/context.ts';
import { historyPage, type HistoryEntry } from './history.ts';
import { incidentTitles, unresolvedIncidents } from './incident-views.ts';
import { activeMaintenances, upcomingMaintenances } from './maintenance-views.ts';
import { servicesWithUptime } from './status-page.ts';
import type { Reader } from './reader.ts';
import type { IncidentView, MaintenanceView, ServiceWithUptime } from './view-models.ts';

/** How much of the history the service page shows; the rest is one link away (/incidents?service=). */
export const SERVICE_HISTORY_SIZE = 10;

export interface ServicePage {
  service: ServiceWithUptime;
  /** Titles of the incidents its bar names. */
  titles: Map<number, string>;
  activeIncidents: IncidentView[];
  maintenances: MaintenanceView[];
  history: HistoryEntry[];
  historyTotal: number;
}

/** The page of an active service by slug, texts in the reader's language; undefined for an unknown or archived one. */
export function servicePage(ctx: AppContext, slug: string, reader?: Reader): ServicePage | undefined {
  const service = servicesWithUptime(ctx, undefined, undefined, reader).find((s) => s.slug === slug);
  if (!service) return undefined;
  const affects = (list: { services: { id: number }[] }) => list.services.some((s) => s.id === service.id);
  const { entries, total } = historyPage(ctx.db, { serviceId: service.id }, { limit: SERVICE_HISTORY_SIZE, offset: 0 }, reader);
  return {
    service,
    titles: incidentTitles(ctx.db, [...new Set(service.uptime.days.flatMap((d) => d.incidentIds))]),
    activeIncidents: unresolvedIncidents(ctx.db, reader).filter(affects),
    maintenances: [...activeMaintenances(ctx.db, reader), ...upcomingMaintenances(ctx.db, reader)].filter(affects),
    history: entries,
    historyTotal: total,
  };
}
