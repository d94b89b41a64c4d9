// What a webhook endpoint receives for one outbox event, rendered once at expansion (so every try
// sends the same bytes). Statuspage's webhook shape: `{ meta, page, incident }` for an incident or
// a maintenance (Statuspage sends maintenances as incidents with scheduled_for/scheduled_until),
// and `{ meta, page, component_update, component }` for a component's status change. Slack gets
// `{ text, blocks }` and Teams a MessageCard, from the same facts.
//
// `page` carries the page indicator at the event's instant, from the status intervals.
//
// A component's old and new status are the ones this incident or maintenance gives it: the impact
// before and after the update (operational when it has none), under_maintenance while a window
// runs. Another incident open on the same service at the same time is not folded in.
import { incidentImpactLevel, INDICATOR_DESCRIPTION, pageIndicator } from '../../domain/status.ts';
import type { ServiceStatus } from '../../domain/types.ts';
import { pageId } from '../../lib/slug.ts';
import { iso } from '../../lib/time.ts';
import type { AppContext } from '../kernel/context.ts';
import type { IncidentEventPayload, MaintenanceEventPayload, OutboxEvent } from '../kernel/outbox-events.ts';
import { readOutboxEvent } from '../kernel/outbox-events.ts';
import { getIncidentView } from '../status/incident-views.ts';
import { getMaintenanceView } from '../status/maintenance-views.ts';
import { servicesWithUptime } from '../status/status-page.ts';
import type { WebhookPreset } from './endpoints.ts';

/** One message to send: the subject ('' or 'component:<id>'), its Baken-Event-Id, type and body per preset. */
export interface RenderedMessage {
  subject: string;
  eventKey: string;
  eventType: string;
  serviceIds: number[];
  bodies: Record<WebhookPreset, string>;
}

/** The kinds an endpoint is told about: every incident and maintenance change, not reminders or emails' own. */
export function isWebhookEvent(type: string): boolean {
  return (type.startsWith('incident.') || type.startsWith('maintenance.')) && type !== 'maintenance.reminder';
}

/** Where the shape and the signature are explained: the public integrations page. */
const documentation = (publicUrl: string) => `${publicUrl}/en/integrations#webhooks`;

interface Facts {
  kind: 'incident' | 'maintenance';
  title: string;
  status: string;
  message: string;
  link: string;
  statusWord: string;
}

type ServiceChange = { id: number; name: string; old: ServiceStatus; new: ServiceStatus };

/** The messages one event becomes (the record itself, then one per component whose status it changed). */
export function renderEvent(ctx: AppContext, event: OutboxEvent & { id: number; createdAt: number }): RenderedMessage[] {
  const { config } = ctx;
  // The page's indicator at the event's instant (from the status intervals, so a resend after a
  // crash renders the same), as the public status.json gave it then.
  const indicator = pageIndicator(servicesWithUptime(ctx, 1, event.createdAt));
  const page = { id: pageId(config.pageName), status_indicator: indicator, status_description: INDICATOR_DESCRIPTION[indicator] };
  // Staff add and remove endpoints; there is no self-service unsubscribe link to give.
  const meta = { unsubscribe: null, documentation: documentation(config.publicUrl) };
  let record: Record<string, unknown>;
  let facts: Facts;
  let changes: ServiceChange[];
  if (event.type.startsWith('incident.')) {
    const p = event.payload as IncidentEventPayload;
    record = incidentRecord(ctx, p);
    facts = { kind: 'incident', title: p.title, status: p.status, message: p.message, link: `${config.publicUrl}/incidents/${p.incidentId}`, statusWord: p.status };
    changes = incidentChanges(ctx, event.id, p);
  } else {
    const p = event.payload as MaintenanceEventPayload;
    record = maintenanceRecord(ctx, p, event.createdAt);
    facts = { kind: 'maintenance', title: p.title, status: p.status, message: p.message, link: `${config.publicUrl}/maintenance/${p.maintenanceId}`, statusWord: p.status };
    changes = maintenanceChanges(event.type, p);
  }
  const at = iso(event.createdAt);
  const main: RenderedMessage = {
    subject: '',
    eventKey: `evt_${event.id}`,
    eventType: event.type,
    serviceIds: [...new Set((event.payload as { services: { id: number }[] }).services.map((s) => s.id))],
    bodies: {
      statuspage: JSON.stringify({ meta, page, incident: record }),
      slack: JSON.stringify(slackMessage(config.pageName, facts)),
      teams: JSON.stringify(teamsCard(config.pageName, facts)),
    },
  };
  const components = changes.map((c): RenderedMessage => {
    const update = { id: `${event.id}-${c.id}`, component_id: String(c.id), created_at: at, old_status: c.old, new_status: c.new };
    const component = { id: String(c.id), name: c.name, status: c.new, created_at: at };
    const text = `${c.name}: ${words(c.old)} → ${words(c.new)}`;
    const f: Facts = { ...facts, title: text, message: `${facts.title}`, statusWord: words(c.new) };
    return {
      subject: `component:${c.id}`,
      eventKey: `evt_${event.id}_c${c.id}`,
      eventType: 'component.updated',
      serviceIds: [c.id],
      bodies: {
        statuspage: JSON.stringify({ meta, page, component_update: update, component }),
        slack: JSON.stringify(slackMessage(config.pageName, f)),
        teams: JSON.stringify(teamsCard(config.pageName, f)),
      },
    };
  });
  return [main, ...components];
}

function incidentRecord(ctx: AppContext, p: IncidentEventPayload): Record<string, unknown> {
  const view = getIncidentView(ctx.db, p.incidentId);
  // The updates up to this event's: a later one is its own event.
  const updates = (view?.updates ?? []).filter((u) => u.id <= p.updateId);
  return {
    id: String(p.incidentId),
    name: p.title,
    status: p.status,
    impact: incidentImpactLevel(p.services.map((s) => s.impact)),
    created_at: iso(view?.createdAt ?? Date.parse(p.at)),
    updated_at: p.at,
    monitoring_at: iso(view?.monitoringAt ?? null),
    resolved_at: p.status === 'resolved' ? p.at : null,
    started_at: iso(view?.startedAt ?? Date.parse(p.at)),
    shortlink: `${ctx.config.publicUrl}/incidents/${p.incidentId}`,
    page_id: pageId(ctx.config.pageName),
    incident_updates: updates.map((u) => ({ id: String(u.id), status: u.status, body: u.body, incident_id: String(p.incidentId), created_at: iso(u.createdAt), updated_at: iso(u.createdAt), display_at: iso(u.createdAt) })),
    components: p.services.map((s) => ({ id: String(s.id), name: s.name, status: s.impact })),
  };
}

function maintenanceRecord(ctx: AppContext, p: MaintenanceEventPayload, at: number): Record<string, unknown> {
  const view = getMaintenanceView(ctx.db, p.maintenanceId);
  const status = p.status === 'cancelled' ? 'completed' : p.status;
  const updates = (view?.updates ?? []).filter((u) => u.createdAt <= at);
  return {
    id: String(p.maintenanceId),
    name: p.title,
    status,
    impact: 'maintenance',
    created_at: iso(view?.createdAt ?? at),
    updated_at: iso(at),
    monitoring_at: null,
    resolved_at: p.actualEnd,
    started_at: p.actualStart,
    scheduled_for: p.scheduledStart,
    scheduled_until: p.scheduledEnd,
    shortlink: `${ctx.config.publicUrl}/maintenance/${p.maintenanceId}`,
    page_id: pageId(ctx.config.pageName),
    incident_updates: updates.map((u) => ({ id: String(u.id), status: u.status === 'cancelled' ? 'completed' : u.status, body: u.body, incident_id: String(p.maintenanceId), created_at: iso(u.createdAt), updated_at: iso(u.createdAt), display_at: iso(u.createdAt) })),
    components: p.services.map((s) => ({ id: String(s.id), name: s.name, status: p.status === 'in_progress' || p.status === 'verifying' ? 'under_maintenance' : 'operational' })),
  };
}

/** Impacts before (the incident's previous event) and after this update, per service. */
function incidentChanges(ctx: AppContext, eventId: number, p: IncidentEventPayload): ServiceChange[] {
  const prev = ctx.db.$client
    .prepare(`SELECT type, payload FROM outbox_events WHERE entity_type = 'incident' AND entity_id = ? AND id < ? AND type LIKE 'incident.%' ORDER BY id DESC LIMIT 1`)
    .get(p.incidentId, eventId) as { type: string; payload: string } | undefined;
  const before = new Map<number, { name: string; status: ServiceStatus }>();
  if (prev) {
    const e = readOutboxEvent(prev.type, prev.payload);
    const pp = e.payload as IncidentEventPayload;
    if (pp.status !== 'resolved') for (const s of pp.services) before.set(s.id, { name: s.name, status: s.impact });
  }
  const after = new Map<number, { name: string; status: ServiceStatus }>();
  if (p.status !== 'resolved') for (const s of p.services) after.set(s.id, { name: s.name, status: s.impact });
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b);
  return ids
    .map((id) => ({ id, name: (after.get(id) ?? before.get(id))!.name, old: before.get(id)?.status ?? 'operational', new: after.get(id)?.status ?? 'operational' }))
    .filter((c) => c.old !== c.new);
}

function maintenanceChanges(type: string, p: MaintenanceEventPayload): ServiceChange[] {
  if (type === 'maintenance.started') return p.services.map((s) => ({ id: s.id, name: s.name, old: 'operational', new: 'under_maintenance' }));
  if (type === 'maintenance.completed' || (type === 'maintenance.cancelled' && p.actualStart !== null)) return p.services.map((s) => ({ id: s.id, name: s.name, old: 'under_maintenance', new: 'operational' }));
  return [];
}

const WORDS: Record<ServiceStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};
const words = (s: ServiceStatus) => WORDS[s];

// Not HTML escaping: Slack decodes exactly these three entities and shows any other literally
// (escape-html's &quot; and &#39; would appear as typed), and an unescaped "<!channel>" in an
// incident title would notify the whole channel.
// https://api.slack.com/reference/surfaces/formatting#escaping
const SLACK_CONTROL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
function slackText(s: string): string {
  return s.replace(/[&<>]/g, (c) => SLACK_CONTROL[c]!);
}

function slackMessage(pageName: string, f: Facts) {
  const heading = `${pageName} ${f.kind}: ${f.title} (${f.statusWord})`;
  return {
    text: slackText(heading),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: heading.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: slackText(f.message).slice(0, 3000) || ' ' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${f.link}|${slackText(f.link)}>` }] },
    ],
  };
}

/** An Office 365 connector MessageCard: what Teams incoming webhooks (and Power Automate's "post a card") accept. */
function teamsCard(pageName: string, f: Facts) {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: `${pageName} ${f.kind}: ${f.title}`,
    themeColor: f.kind === 'maintenance' ? '0969DA' : f.status === 'resolved' ? '1A7F37' : 'CF222E',
    title: `${pageName} ${f.kind}: ${f.title}`,
    sections: [{ activityTitle: f.statusWord, text: f.message }],
    potentialAction: [{ '@type': 'OpenUri', name: 'Open the status page', targets: [{ os: 'default', uri: f.link }] }],
  };
}
