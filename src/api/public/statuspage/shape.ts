// Maps Baken's view models to the shapes of Atlassian Statuspage's public API v2, so existing
// clients (status widgets, Slack bots, aggregators) read Baken unchanged. Pure: no database, no
// clock. Field names and enumerations are Statuspage's; the figures all come from the view models,
// so the site and the JSON can never disagree.
//
// Choices where Statuspage has no direct counterpart:
// - Page id: the slug of the page name ("Sensey" → "sensey"). Statuspage ids are opaque strings;
//   a slug stays stable when the page moves to another URL and is readable in logs.
// - Component ids: the service's numeric id as a string; groups are components too (Statuspage's
//   `group: true`) with id "group-<id>", so a group id never collides with a service id.
// - Maintenance `cancelled`: v2 only knows scheduled | in_progress | verifying | completed. A
//   cancelled window is reported as `completed` (what Statuspage operators do: complete it with a
//   "cancelled" note), and its `resolved_at` stays null unless it actually ran and ended.
// - `affected_components` of an update: null. Statuspage fills it with per-update old/new
//   component statuses; the view models keep the impact history per incident, not per update.
import { iso } from '../../../lib/time.ts';
import { dateInZone } from '../../../domain/calendar.ts';
import { INDICATOR_DESCRIPTION } from '../../../domain/status.ts';
import type { IncidentImpactLevel, PageIndicator, ServiceStatus } from '../../../domain/types.ts';
import type { GroupView, IncidentView, MaintenanceView, PageInfo, ServiceView, UpdateView } from '../../../services/status/view-models.ts';

export type SpMaintenanceStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed';

export interface SpPage {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string | null;
}

export interface SpStatus {
  indicator: PageIndicator;
  description: string;
}

export interface SpComponent {
  id: string;
  name: string;
  status: ServiceStatus;
  created_at: string | null;
  updated_at: string | null;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Groups only: the ids of their components, in display order. */
  components?: string[];
}

export interface SpUpdate {
  id: string;
  status: string;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: null;
}

export interface SpIncident {
  id: string;
  name: string;
  status: IncidentView['status'];
  impact: IncidentImpactLevel;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  started_at: string;
  shortlink: string;
  page_id: string;
  incident_updates: SpUpdate[];
  components: SpComponent[];
}

export interface SpMaintenance {
  id: string;
  name: string;
  status: SpMaintenanceStatus;
  impact: 'maintenance';
  created_at: string;
  updated_at: string;
  monitoring_at: null;
  resolved_at: string | null;
  started_at: string | null;
  shortlink: string;
  page_id: string;
  scheduled_for: string;
  scheduled_until: string;
  incident_updates: SpUpdate[];
  components: SpComponent[];
}

/** What every mapping needs besides the record itself. */
export interface SpContext {
  page: SpPage;
  /** Components of the page by service id (for an incident's or a window's affected services). */
  componentsByService: Map<number, SpComponent>;
}

/** Group rows carry timestamps that GroupView does not. */
export interface GroupTimes {
  createdAt: number;
  updatedAt: number;
}

/** A stable page id from the page name: lowercase ASCII words joined by hyphens ("page" if none). */
export function pageId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'page';
}

export function groupComponentId(groupId: number): string {
  return `group-${groupId}`;
}

export function toPage(info: PageInfo): SpPage {
  // updatedAt is 0 on an empty page: unknown, so null rather than 1970.
  return { id: pageId(info.name), name: info.name, url: info.url, time_zone: info.timeZone, updated_at: info.updatedAt > 0 ? iso(info.updatedAt) : null };
}

export function toStatus(indicator: PageIndicator): SpStatus {
  return { indicator, description: INDICATOR_DESCRIPTION[indicator] };
}

export function serviceComponent(s: ServiceView, page: SpPage): SpComponent {
  return {
    id: String(s.id),
    name: s.name,
    status: s.status,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
    position: s.position,
    description: s.description === '' ? null : s.description,
    // Statuspage's showcase = "show the uptime bars": every Baken service shows them.
    showcase: true,
    start_date: dateInZone(s.startDate, page.time_zone),
    group_id: s.groupId === null ? null : groupComponentId(s.groupId),
    page_id: page.id,
    group: false,
    only_show_if_degraded: false,
  };
}

/**
 * The page's components in display order: each group (as a component with `group: true` and the ids
 * of its children) followed by its services; ungrouped services last, as on the site.
 */
export function toComponents(groups: GroupView[], page: SpPage, groupTimes: Map<number, GroupTimes>): SpComponent[] {
  const result: SpComponent[] = [];
  for (const g of groups) {
    const children = g.services.map((s) => serviceComponent(s, page));
    if (g.id !== null) {
      const times = groupTimes.get(g.id);
      result.push({
        id: groupComponentId(g.id),
        name: g.name ?? '',
        status: g.status,
        created_at: times ? iso(times.createdAt) : null,
        updated_at: times ? iso(times.updatedAt) : null,
        position: g.position,
        description: null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: page.id,
        group: true,
        only_show_if_degraded: false,
        components: children.map((c) => c.id),
      });
    }
    result.push(...children);
  }
  return result;
}

export function componentsByService(components: SpComponent[]): Map<number, SpComponent> {
  return new Map(components.filter((c) => !c.group).map((c) => [Number(c.id), c]));
}

function affected(ctx: SpContext, services: { id: number }[]): SpComponent[] {
  // Archived services are no longer components of the page, so they are left out (as Statuspage
  // does for deleted components).
  return services.flatMap((s) => ctx.componentsByService.get(s.id) ?? []);
}

function toUpdate(u: UpdateView, parentId: number, status: string): SpUpdate {
  return {
    id: String(u.id),
    status,
    body: u.body,
    incident_id: String(parentId),
    created_at: iso(u.createdAt),
    // Updates are never edited in Baken: updated_at and display_at are the posting time.
    updated_at: iso(u.createdAt),
    display_at: iso(u.createdAt),
    affected_components: null,
  };
}

export function toIncident(v: IncidentView, ctx: SpContext): SpIncident {
  return {
    id: String(v.id),
    name: v.title,
    status: v.status,
    impact: v.impact,
    created_at: iso(v.createdAt),
    updated_at: iso(v.updatedAt),
    monitoring_at: iso(v.monitoringAt),
    resolved_at: iso(v.resolvedAt),
    started_at: iso(v.startedAt),
    shortlink: `${ctx.page.url}/incidents/${v.id}`,
    page_id: ctx.page.id,
    incident_updates: v.updates.map((u) => toUpdate(u, v.id, u.status)),
    components: affected(ctx, v.services),
  };
}

export function maintenanceStatus(status: MaintenanceView['status'] | string): SpMaintenanceStatus {
  switch (status) {
    case 'scheduled':
    case 'in_progress':
    case 'verifying':
    case 'completed':
      return status;
    default:
      // 'cancelled': v2 has no such state; see the header comment.
      return 'completed';
  }
}

export function toMaintenance(v: MaintenanceView, ctx: SpContext): SpMaintenance {
  return {
    id: String(v.id),
    name: v.title,
    status: maintenanceStatus(v.status),
    impact: 'maintenance',
    created_at: iso(v.createdAt),
    updated_at: iso(v.updatedAt),
    monitoring_at: null,
    resolved_at: iso(v.actualEnd),
    started_at: iso(v.actualStart),
    shortlink: `${ctx.page.url}/maintenance/${v.id}`,
    page_id: ctx.page.id,
    scheduled_for: iso(v.scheduledStart),
    scheduled_until: iso(v.scheduledEnd),
    incident_updates: v.updates.map((u) => toUpdate(u, v.id, maintenanceStatus(u.status))),
    components: affected(ctx, v.services),
  };
}
