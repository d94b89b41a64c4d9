// Maps Baken's view models to the shapes of Atlassian Statuspage's public API v2, so existing
// clients (status widgets, Slack bots, aggregators) read Baken unchanged. Pure: no database, no
// clock. Field names and enumerations are Statuspage's; the figures all come from the view models,
// so the site and the JSON can never disagree. The webhook payloads reuse these functions.
//
// Choices where Statuspage has no direct counterpart:
// - Page id: the slug of the page name ("Sensey" → "sensey"). Statuspage ids are opaque strings;
//   a slug stays stable when the page moves to another URL and is readable in logs.
// - Component ids: the service's numeric id as a string; groups are components too (Statuspage's
//   `group: true`) with id "group-<id>", so a group id never collides with a service id.
// - Positions: one 1-based sequence over the whole component list in display order (a group, its
//   services, the next group, …), so sorting the flat list by `position` gives the page's order
//   and no two components share a position.
// - Maintenance `cancelled`: v2 only knows scheduled | in_progress | verifying | completed. A
//   cancelled window is reported as `completed` (what Statuspage operators do: complete it with a
//   "cancelled" note), and its `resolved_at` stays null unless it actually ran and ended.
// - Timestamps: in the page's time zone with its offset and milliseconds, as Statuspage writes them.
import { dateInZone, isoInZone } from '../../../domain/calendar.ts';
import { coversInstant, worstStatus } from '../../../domain/status.ts';
import type { IncidentImpactLevel, PageIndicator, ServiceStatus } from '../../../domain/types.ts';
import { pageId } from '../../../lib/slug.ts';
import type { GroupView, IncidentView, MaintenanceView, PageInfo, ServiceView, UpdateView } from '../../../services/status/view-models.ts';

export type SpMaintenanceStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed';
/** Statuspage's page indicator: Baken's levels plus `maintenance` while work is in progress. */
export type SpIndicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

export interface SpPage {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string | null;
}

export interface SpStatus {
  indicator: SpIndicator;
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

/** One component whose status an update changed (Statuspage's `affected_components` entry). */
export interface SpAffectedComponent {
  code: string;
  name: string;
  old_status: ServiceStatus;
  new_status: ServiceStatus;
}

export interface SpUpdate {
  id: string;
  status: string;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  /** null when the update changed no component's status (as Statuspage). */
  affected_components: SpAffectedComponent[] | null;
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
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
  monitoring_at: string | null;
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

export { pageId };

export function groupComponentId(groupId: number): string {
  return `group-${groupId}`;
}

/** An instant as Statuspage writes it: ISO-8601 in the page's zone, with offset. */
export function spTime(t: number, page: Pick<SpPage, 'time_zone'>): string;
export function spTime(t: number | null, page: Pick<SpPage, 'time_zone'>): string | null;
export function spTime(t: number | null, page: Pick<SpPage, 'time_zone'>): string | null {
  return t === null ? null : isoInZone(t, page.time_zone);
}

export function toPage(info: PageInfo): SpPage {
  // updatedAt is 0 on an empty page: unknown, so null rather than 1970.
  const page = { id: pageId(info.name), name: info.name, url: info.url, time_zone: info.timeZone, updated_at: null };
  return { ...page, updated_at: info.updatedAt > 0 ? spTime(info.updatedAt, page) : null };
}

/**
 * The page status with Statuspage's words. The level comes from Baken's roll-up; a page with
 * nothing worse than maintenance in progress says `maintenance`. The words follow the blend of
 * component statuses the way Statuspage words it: "Partially Degraded Service" when the worst is
 * degraded performance on some components ("Degraded System Service" on all), "Major Service
 * Outage" for a critical page where some components still run ("Major System Outage" when none do).
 */
export function toStatus(indicator: PageIndicator | 'maintenance', statuses: ServiceStatus[], maintenanceInProgress: boolean): SpStatus {
  const level: SpIndicator = indicator === 'none' && (maintenanceInProgress || statuses.includes('under_maintenance')) ? 'maintenance' : indicator;
  const worst = worstStatus(statuses);
  const all = (s: ServiceStatus) => statuses.length > 0 && statuses.every((x) => x === s);
  switch (level) {
    case 'none':
      return { indicator: level, description: 'All Systems Operational' };
    case 'maintenance':
      return { indicator: level, description: 'Service Under Maintenance' };
    case 'minor':
      if (worst === 'degraded_performance') return { indicator: level, description: all('degraded_performance') ? 'Degraded System Service' : 'Partially Degraded Service' };
      return { indicator: level, description: 'Minor Service Outage' };
    case 'major':
      return { indicator: level, description: 'Partial System Outage' };
    case 'critical':
      return { indicator: level, description: all('major_outage') ? 'Major System Outage' : 'Major Service Outage' };
  }
}

export function serviceComponent(s: ServiceView, page: SpPage, position: number, statusChangedAt?: number): SpComponent {
  return {
    id: String(s.id),
    name: s.name,
    status: s.status,
    created_at: spTime(s.createdAt, page),
    // Moves with the status (Statuspage) as well as with edits of the service.
    updated_at: spTime(Math.max(s.updatedAt, statusChangedAt ?? 0), page),
    position,
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
 * `statusChanges`: service id → when its status last changed.
 */
export function toComponents(groups: GroupView[], page: SpPage, groupTimes: Map<number, GroupTimes>, statusChanges: Map<number, number> = new Map()): SpComponent[] {
  const result: SpComponent[] = [];
  for (const g of groups) {
    const group = g.id === null ? undefined : groupComponent(g, page, groupTimes.get(g.id), result.length + 1, statusChanges);
    if (group) result.push(group);
    const children = g.services.map((s, i) => serviceComponent(s, page, result.length + 1 + i, statusChanges.get(s.id)));
    if (group) group.components = children.map((c) => c.id);
    result.push(...children);
  }
  return result;
}

function groupComponent(g: GroupView, page: SpPage, times: GroupTimes | undefined, position: number, statusChanges: Map<number, number>): SpComponent {
  // A group's status is its components', so it changes when theirs do.
  const changedAt = Math.max(times?.updatedAt ?? 0, ...g.services.map((s) => statusChanges.get(s.id) ?? 0));
  return {
    id: groupComponentId(g.id!),
    name: g.name ?? '',
    status: g.status,
    created_at: times ? spTime(times.createdAt, page) : null,
    updated_at: times ? spTime(changedAt, page) : null,
    position,
    description: null,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: page.id,
    group: true,
    only_show_if_degraded: false,
    components: [],
  };
}

export function componentsByService(components: SpComponent[]): Map<number, SpComponent> {
  return new Map(components.filter((c) => !c.group).map((c) => [Number(c.id), c]));
}

function affected(ctx: SpContext, services: { id: number }[]): SpComponent[] {
  // Archived services are no longer components of the page, so they are left out (as Statuspage
  // does for deleted components).
  return services.flatMap((s) => ctx.componentsByService.get(s.id) ?? []);
}

/** Updates oldest first (the order their changes happened in); the views keep them latest first. */
function chronological(updates: UpdateView[]): UpdateView[] {
  return [...updates].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
}

type StatusByService = Map<number, ServiceStatus>;

/** The component changes between two states, or null when there are none (Statuspage's null). */
function changes(ctx: SpContext, before: StatusByService, after: StatusByService): SpAffectedComponent[] | null {
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b);
  const list = ids.flatMap((id) => {
    const old_status = before.get(id) ?? 'operational';
    const new_status = after.get(id) ?? 'operational';
    const component = ctx.componentsByService.get(id);
    return old_status === new_status || !component ? [] : [{ code: component.id, name: component.name, old_status, new_status }];
  });
  return list.length ? list : null;
}

/** Per update id, what it changed: the incident's impacts in force at the update against those at the one before. */
export function incidentUpdateChanges(v: Pick<IncidentView, 'updates' | 'impacts'>, ctx: SpContext): Map<number, SpAffectedComponent[] | null> {
  const stateAt = (t: number): StatusByService => {
    const state: StatusByService = new Map();
    for (const i of v.impacts) {
      if (coversInstant({ start: i.startAt, end: i.endAt }, t)) state.set(i.serviceId, worstStatus([state.get(i.serviceId) ?? 'operational', i.impact]));
    }
    return state;
  };
  const result = new Map<number, SpAffectedComponent[] | null>();
  let before: StatusByService = new Map();
  for (const u of chronological(v.updates)) {
    const after = stateAt(u.createdAt);
    result.set(u.id, changes(ctx, before, after));
    before = after;
  }
  return result;
}

/** Per update id, what it changed: work in progress puts the window's components under maintenance, its end gives them back. */
export function maintenanceUpdateChanges(v: Pick<MaintenanceView, 'updates' | 'services'>, ctx: SpContext): Map<number, SpAffectedComponent[] | null> {
  const all = (status: ServiceStatus): StatusByService => new Map(v.services.map((s) => [s.id, status]));
  const result = new Map<number, SpAffectedComponent[] | null>();
  let before = all('operational');
  for (const u of chronological(v.updates)) {
    const after = all(u.status === 'in_progress' || u.status === 'verifying' ? 'under_maintenance' : 'operational');
    result.set(u.id, changes(ctx, before, after));
    before = after;
  }
  return result;
}

/** Statuspage's own words for the automatic maintenance updates, when the update has no text. */
const AUTOMATIC_BODY: Record<string, string> = {
  scheduled: 'The maintenance has been scheduled.',
  in_progress: 'Scheduled maintenance is currently in progress. We will provide updates as necessary.',
  verifying: 'Verification is currently underway for the maintenance items.',
  completed: 'The scheduled maintenance has been completed.',
  cancelled: 'The scheduled maintenance has been cancelled.',
};

function toUpdate(u: UpdateView, parentId: number, status: string, ctx: SpContext, affectedComponents: SpAffectedComponent[] | null, body = u.body): SpUpdate {
  const at = spTime(u.createdAt, ctx.page);
  return {
    id: String(u.id),
    status,
    body,
    incident_id: String(parentId),
    created_at: at,
    // Updates are never edited in Baken: updated_at and display_at are the posting time.
    updated_at: at,
    display_at: at,
    affected_components: affectedComponents,
    // Backfilled history was never announced to subscribers.
    deliver_notifications: !u.backfilled,
    custom_tweet: null,
    tweet_id: null,
  };
}

export function toIncident(v: IncidentView, ctx: SpContext): SpIncident {
  const changed = incidentUpdateChanges(v, ctx);
  return {
    id: String(v.id),
    name: v.title,
    status: v.status,
    impact: v.impact,
    created_at: spTime(v.createdAt, ctx.page),
    updated_at: spTime(v.updatedAt, ctx.page),
    monitoring_at: spTime(v.monitoringAt, ctx.page),
    resolved_at: spTime(v.resolvedAt, ctx.page),
    started_at: spTime(v.startedAt, ctx.page),
    shortlink: `${ctx.page.url}/incidents/${v.id}`,
    page_id: ctx.page.id,
    incident_updates: v.updates.map((u) => toUpdate(u, v.id, u.status, ctx, changed.get(u.id) ?? null)),
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
  const changed = maintenanceUpdateChanges(v, ctx);
  // Statuspage's monitoring_at of a maintenance: when verification began.
  const verifying = chronological(v.updates).find((u) => u.status === 'verifying');
  return {
    id: String(v.id),
    name: v.title,
    status: maintenanceStatus(v.status),
    impact: 'maintenance',
    created_at: spTime(v.createdAt, ctx.page),
    updated_at: spTime(v.updatedAt, ctx.page),
    monitoring_at: verifying ? spTime(verifying.createdAt, ctx.page) : null,
    resolved_at: spTime(v.actualEnd, ctx.page),
    started_at: spTime(v.actualStart, ctx.page),
    shortlink: `${ctx.page.url}/maintenance/${v.id}`,
    page_id: ctx.page.id,
    scheduled_for: spTime(v.scheduledStart, ctx.page),
    scheduled_until: spTime(v.scheduledEnd, ctx.page),
    incident_updates: v.updates.map((u) => toUpdate(u, v.id, maintenanceStatus(u.status), ctx, changed.get(u.id) ?? null, u.body.trim() === '' ? (AUTOMATIC_BODY[u.status] ?? '') : u.body)),
    components: affected(ctx, v.services),
  };
}
