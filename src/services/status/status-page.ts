// The status page's view model: catalogue + status now + uptime window, from one read of the
// intervals that touch the window.
import { max } from 'drizzle-orm';
import { incidents, maintenances, services } from '../../../db/schema.ts';
import { lastDays } from '../../domain/calendar.ts';
import { pageIndicator, serviceStatusAt, worstStatus } from '../../domain/status.ts';
import { computeUptime, formatUptime } from '../../domain/uptime.ts';
import type { PageIndicator, StatusInterval } from '../../domain/types.ts';
import { listActiveServices, listGroups, type ServiceRow } from '../catalog/lookup.ts';
import type { AppContext } from '../kernel/context.ts';
import { unresolvedIncidents } from './incident-views.ts';
import { shownText, type Reader } from './reader.ts';
import { groupByService, intervalsInWindow } from './intervals.ts';
import { activeMaintenances, upcomingMaintenances } from './maintenance-views.ts';
import type { GroupView, PageInfo, ServiceView, ServiceWithUptime, StatusSummary } from './view-models.ts';

export const DEFAULT_WINDOW_DAYS = 90;

export function pageInfo(ctx: AppContext): PageInfo {
  const { db, config } = ctx;
  const latest = [
    db.select({ t: max(services.updatedAt) }).from(services).get()?.t,
    db.select({ t: max(incidents.updatedAt) }).from(incidents).get()?.t,
    db.select({ t: max(maintenances.updatedAt) }).from(maintenances).get()?.t,
  ].filter((t): t is number => typeof t === 'number');
  return { name: config.pageName, url: config.publicUrl, timeZone: config.timeZone, updatedAt: latest.length ? Math.max(...latest) : 0 };
}

function serviceView(row: ServiceRow, groupName: string | null, intervals: StatusInterval[], now: number, reader?: Reader): ServiceView {
  const name = shownText(reader, row.lang, row.name, row.nameTranslation);
  const description = shownText(reader, row.lang, row.description, row.descriptionTranslation);
  return {
    id: row.id,
    slug: row.slug,
    name: name.text,
    description: description.text,
    nameFallback: name.fallback,
    descriptionFallback: description.fallback,
    groupId: row.groupId,
    groupName,
    position: row.position,
    slaCovered: row.slaCovered,
    startDate: row.startDate,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    status: serviceStatusAt(intervals, now),
  };
}

/** Every active service with its status now and its uptime over the last `days` calendar days. */
export function servicesWithUptime(ctx: AppContext, days = DEFAULT_WINDOW_DAYS, now = ctx.clock(), reader?: Reader): ServiceWithUptime[] {
  const { db, config } = ctx;
  const window = lastDays(now, days, config.timeZone);
  const from = window[0]!.start;
  const byService = groupByService(intervalsInWindow(db, from, Math.min(window[window.length - 1]!.end, now + 1)));
  const groupNames = new Map(listGroups(db).map((g) => [g.id, shownText(reader, g.lang, g.name, g.nameTranslation).text]));
  return listActiveServices(db).map((row) => {
    const intervals = byService.get(row.id) ?? [];
    const uptime = computeUptime({ intervals, observedFrom: row.startDate, days: window, now });
    return {
      ...serviceView(row, row.groupId === null ? null : (groupNames.get(row.groupId) ?? null), intervals, now, reader),
      uptime,
      uptimeText: formatUptime(uptime.uptimePercent, uptime.downtimeSeconds),
    };
  });
}

export function groupServices(ctx: AppContext, list: ServiceWithUptime[], reader?: Reader): GroupView[] {
  const groups: GroupView[] = listGroups(ctx.db).map((g) => {
    const name = shownText(reader, g.lang, g.name, g.nameTranslation);
    return { id: g.id, name: name.text, nameFallback: name.fallback, position: g.position, status: 'operational', services: [] };
  });
  const ungrouped: GroupView = { id: null, name: null, position: Number.MAX_SAFE_INTEGER, status: 'operational', services: [] };
  for (const s of list) (groups.find((g) => g.id === s.groupId) ?? ungrouped).services.push(s);
  const result = [...groups, ungrouped].filter((g) => g.services.length > 0);
  for (const g of result) g.status = worstStatus(g.services.map((s) => s.status));
  return result;
}

/**
 * The page's overall status now (domain pageIndicator over every active service's status now): what
 * every page's logo, favicon and title show. Only the intervals in force now are read.
 */
export function currentIndicator(ctx: AppContext, now = ctx.clock()): PageIndicator {
  const byService = groupByService(intervalsInWindow(ctx.db, now, now + 1));
  return pageIndicator(listActiveServices(ctx.db).map((row) => ({ slaCovered: row.slaCovered, status: serviceStatusAt(byService.get(row.id) ?? [], now) })));
}

/** With a reader (the site), texts come in the reader's language; without one (the JSON), as written. */
export function statusSummary(ctx: AppContext, days = DEFAULT_WINDOW_DAYS, reader?: Reader): StatusSummary {
  const now = ctx.clock();
  const list = servicesWithUptime(ctx, days, now, reader);
  return {
    page: pageInfo(ctx),
    now,
    indicator: pageIndicator(list),
    groups: groupServices(ctx, list, reader),
    services: list,
    activeIncidents: unresolvedIncidents(ctx.db, reader),
    activeMaintenances: activeMaintenances(ctx.db, reader),
    upcomingMaintenances: upcomingMaintenances(ctx.db, reader),
  };
}
