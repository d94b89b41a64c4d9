// Statuspage-compatible /api/v2/*: the same field names and enumerations as Atlassian Statuspage's
// public API v2, so existing clients work unchanged. Every answer is mapped from the status page's
// own view models (src/services/status-page.ts); nothing here computes a status.
import { Hono } from 'hono';
import { listGroups } from '../../../services/catalog/lookup.ts';
import type { AppContext } from '../../../services/kernel/context.ts';
import { ApiError } from '../../../lib/http-error.ts';
import { getIncidentView, incidentPage, unresolvedIncidents } from '../../../services/status/incident-views.ts';
import { activeMaintenances, recentMaintenances, upcomingMaintenances } from '../../../services/status/maintenance-views.ts';
import { lastStatusChanges } from '../../../services/status/status-changes.ts';
import { statusSummary } from '../../../services/status/status-page.ts';
import { componentsByService, toComponents, toIncident, toMaintenance, toPage, toStatus, type SpComponent, type SpContext } from './shape.ts';
import type { StatusSummary } from '../../../services/status/view-models.ts';

/** Statuspage lists "the 50 most recent" incidents and maintenances. */
const RECENT_LIMIT = 50;

/**
 * Status now only needs the intervals in force now, which a one-day window always contains: the
 * v2 endpoints show no uptime, so they skip the 90-day computation.
 */
const STATUS_WINDOW_DAYS = 1;

interface PageView {
  summary: StatusSummary;
  components: SpComponent[];
  sp: SpContext;
}

/** The page, its status and its components: what every v2 answer starts from. */
function pageView(ctx: AppContext): PageView {
  const summary = statusSummary(ctx, STATUS_WINDOW_DAYS);
  const page = toPage(summary.page);
  // GroupView carries no timestamps; the group rows do.
  const groupTimes = new Map(listGroups(ctx.db).map((g) => [g.id, { createdAt: g.createdAt, updatedAt: g.updatedAt }]));
  const components = toComponents(summary.groups, page, groupTimes, lastStatusChanges(ctx.db, summary.now));
  return { summary, components, sp: { page, componentsByService: componentsByService(components) } };
}

function pageStatus({ summary }: PageView) {
  return toStatus(
    summary.indicator,
    summary.services.map((s) => s.status),
    summary.activeMaintenances.some((m) => m.status === 'in_progress' || m.status === 'verifying'),
  );
}

/** The id in `<id>.json`: canonical decimal only, so one record has one URL (and one cache key). */
function recordId(file: string, what: string): number {
  const match = /^([1-9][0-9]{0,15})\.json$/.exec(file);
  if (!match) throw new ApiError('not_found', `No ${what} ${file.replace(/\.json$/, '')}.`);
  return Number(match[1]);
}

export function statuspageRoutes(ctx: AppContext) {
  return new Hono()
    .get('/v2/summary.json', (c) => {
      const view = pageView(ctx);
      const { summary, components, sp } = view;
      return c.json({
        page: sp.page,
        status: pageStatus(view),
        components,
        incidents: summary.activeIncidents.map((i) => toIncident(i, sp)),
        // In progress (and verifying) first, then upcoming: each list is in scheduled order.
        scheduled_maintenances: [...summary.activeMaintenances, ...summary.upcomingMaintenances].map((m) => toMaintenance(m, sp)),
      });
    })
    .get('/v2/status.json', (c) => {
      const view = pageView(ctx);
      return c.json({ page: view.sp.page, status: pageStatus(view) });
    })
    .get('/v2/components.json', (c) => {
      const { components, sp } = pageView(ctx);
      return c.json({ page: sp.page, components });
    })
    .get('/v2/incidents.json', (c) => {
      const { sp } = pageView(ctx);
      const { incidents } = incidentPage(ctx.db, { limit: RECENT_LIMIT, offset: 0 });
      return c.json({ page: sp.page, incidents: incidents.map((i) => toIncident(i, sp)) });
    })
    .get('/v2/incidents/unresolved.json', (c) => {
      const { sp } = pageView(ctx);
      return c.json({ page: sp.page, incidents: unresolvedIncidents(ctx.db).map((i) => toIncident(i, sp)) });
    })
    .get('/v2/incidents/:file', (c) => {
      const id = recordId(c.req.param('file'), 'incident');
      const incident = getIncidentView(ctx.db, id);
      if (!incident) throw new ApiError('not_found', `No incident ${id}.`);
      const { sp } = pageView(ctx);
      return c.json({ page: sp.page, incident: toIncident(incident, sp) });
    })
    .get('/v2/components/:file', (c) => {
      const file = c.req.param('file');
      const { sp, components } = pageView(ctx);
      // Group components have ids "group-<n>", services "<n>".
      const component = components.find((x) => `${x.id}.json` === file);
      if (!component) throw new ApiError('not_found', `No component ${file.replace(/\.json$/, '')}.`);
      return c.json({ page: sp.page, component });
    })
    .get('/v2/scheduled-maintenances.json', (c) => {
      const { sp } = pageView(ctx);
      return c.json({ page: sp.page, scheduled_maintenances: recentMaintenances(ctx.db, RECENT_LIMIT).map((m) => toMaintenance(m, sp)) });
    })
    .get('/v2/scheduled-maintenances/upcoming.json', (c) => {
      const { sp } = pageView(ctx);
      return c.json({ page: sp.page, scheduled_maintenances: upcomingMaintenances(ctx.db).map((m) => toMaintenance(m, sp)) });
    })
    .get('/v2/scheduled-maintenances/active.json', (c) => {
      const { sp } = pageView(ctx);
      return c.json({ page: sp.page, scheduled_maintenances: activeMaintenances(ctx.db).map((m) => toMaintenance(m, sp)) });
    });
}
