// Incidents (reads: viewer; writes: editor; backfill `at`: admin): post, update through
// investigating → identified → monitoring → resolved (reopen after), correct, and write and
// publish the post-incident report. Every incident JSON carries the impact history, the report's
// due time and state, and the response and resolution targets (met / breached / pending with the
// time left), all computed at the server's clock.
import { IMPACTS, INCIDENT_STATUSES, SEVERITIES, SLA_EXCLUSION_CAUSES } from '../../domain/vocabulary.ts';
import type { TargetOutcome } from '../../domain/targets.ts';
import { ApiError } from '../../lib/http-error.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { currentImpacts, getIncident, listIncidents, type IncidentRecord } from '../../services/incidents/records.ts';
import { publishReport, saveReport } from '../../services/incidents/report.ts';
import { createIncident, editIncident, postIncidentUpdate } from '../../services/incidents/commands.ts';
import { incidentSla } from '../../services/reports/reports.ts';
import { adminApp, adminRoute, At, IdParams, jsonBody, ServiceRef, z } from './openapi.ts';
import { ok, IncidentJson, IncidentList } from './responses.ts';
import { iso } from './serialize.ts';

const Title = z.string().trim().min(1).max(200);
// Markdown, stored as written (sanitised only when rendered).
const Markdown = z
  .string()
  .max(50_000)
  .refine((s) => s.trim().length > 0, { message: 'Must not be empty.' });
const Time = z.iso.datetime({ offset: true });
const ServiceImpact = z.strictObject({ service: ServiceRef, impact: z.enum(IMPACTS) }).openapi('ServiceImpact');
const ServiceImpacts = z
  .array(ServiceImpact)
  .max(200)
  .openapi({ description: 'Each service once (by slug or id); a repeat is refused with duplicate_service.' });
const SlaExclusion = z
  .strictObject({ cause: z.enum(SLA_EXCLUSION_CAUSES), reason: z.string().trim().min(1).max(2000) })
  .openapi('SlaExclusion', { description: 'The incident’s open time is not counted against SLA uptime.' });
const Notify = z.boolean().openapi({ description: 'Announce to subscribers (default true).' });

export const CreateIncident = z
  .strictObject({
    title: Title.openapi({ example: 'Webmail unreachable' }),
    severity: z.enum(SEVERITIES),
    status: z.enum(INCIDENT_STATUSES).optional().openapi({ description: 'Default investigating; `resolved` is refused (422): post a resolving update instead.' }),
    message: Markdown.openapi({ description: 'Markdown: the first update', example: 'We are **investigating** reports of webmail being unreachable.' }),
    services: ServiceImpacts.min(1),
    startedAt: Time.optional().openapi({ description: 'When impact began (default: now, or `at`); may be backdated, not later than the incident is posted.' }),
    slaExclusion: SlaExclusion.optional(),
    notify: Notify.optional(),
    at: At,
  })
  .openapi('CreateIncident');

export const PostUpdate = z
  .strictObject({
    status: z.enum(INCIDENT_STATUSES).openapi({ description: 'Forward only (steps may be skipped; the same status is a plain update).' }),
    message: Markdown.openapi({ description: 'Markdown' }),
    services: ServiceImpacts.optional().openapi({ description: 'The impacts from this moment on (replaces the list; [] = no service impacted any more). Not with `resolved`.' }),
    notify: Notify.optional(),
    reopen: z.boolean().optional().openapi({ description: 'Required to post to a resolved incident; reopens the impacts in force at resolution unless `services` is given.' }),
    at: At,
  })
  .openapi('IncidentUpdate');

const EDIT_FIELDS = ['title', 'severity', 'startedAt', 'slaExclusion'] as const;
export const EditIncident = z
  .strictObject({
    title: Title.optional(),
    severity: z.enum(SEVERITIES).optional(),
    startedAt: Time.optional().openapi({ description: 'Moves the start of the impacts that began at the old start.' }),
    slaExclusion: SlaExclusion.nullable().optional().openapi({ description: 'null clears it.' }),
    at: At,
  })
  .refine((b) => EDIT_FIELDS.some((k) => b[k] !== undefined), { message: `Give at least one of: ${EDIT_FIELDS.join(', ')}.` })
  .openapi('EditIncident');

export const SaveReport = z.strictObject({ body: Markdown.openapi({ description: 'Markdown' }), at: At }).openapi('SaveIncidentReport');
export const PublishReport = z.strictObject({ notify: Notify.optional(), at: At }).openapi('PublishIncidentReport');

const ListQuery = z.strictObject({
  status: z.enum(['open', 'resolved', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** One target in seconds (business seconds where `businessHours`), with its deadline as an ISO time. */
function targetJson(t: TargetOutcome) {
  const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
  return {
    state: t.state,
    targetSeconds: t.targetMs / 1000,
    businessHours: t.businessHours,
    actualSeconds: seconds(t.elapsedMs),
    reachedAt: iso(t.reachedAt),
    deadline: iso(t.deadline),
    remainingSeconds: seconds(t.remainingMs),
  };
}

export function incidentJson(ctx: Pick<AppContext, 'config'>, m: IncidentRecord, now: number) {
  // Response: the first public post (creation); resolution: the first monitoring or resolved
  // (DESIGN.md "Response and resolution"), judged by the SLA's targets per severity; the report is
  // due 48 h after resolution.
  const sla = incidentSla(ctx, m, now);
  return {
    id: m.id,
    title: m.title,
    severity: m.severity,
    status: m.status,
    startedAt: iso(m.startedAt),
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
    monitoringAt: iso(m.monitoringAt),
    resolvedAt: iso(m.resolvedAt),
    slaExclusion: m.slaExclusionCause ? { cause: m.slaExclusionCause, reason: m.slaExclusionReason ?? '' } : null,
    backfilled: m.backfilled,
    services: currentImpacts(m).map((i) => ({ id: i.serviceId, slug: i.slug, name: i.name, impact: i.impact })),
    impacts: m.impacts.map((i) => ({ serviceId: i.serviceId, slug: i.slug, impact: i.impact, startAt: iso(i.startAt), endAt: iso(i.endAt) })),
    updates: m.updates.map((u) => ({ id: u.id, status: u.status, message: u.body, createdAt: iso(u.createdAt), backfilled: u.backfilled })),
    report: m.report
      ? { body: m.report.body, createdAt: iso(m.report.createdAt), updatedAt: iso(m.report.updatedAt), publishedAt: iso(m.report.publishedAt), backfilled: m.report.backfilled }
      : null,
    reportDueAt: iso(sla.reportDueAt),
    reportState: sla.reportState,
    targets: { response: targetJson(sla.targets.response), resolution: targetJson(sla.targets.resolution) },
  };
}

export function incidentRoutes(ctx: AppContext) {
  const json = (m: IncidentRecord) => incidentJson(ctx, m, ctx.clock());
  return adminApp()
    .openapi(
      adminRoute({
        operationId: 'listIncidents', method: 'get',
        path: '/incidents',
        role: 'viewer',
        summary: 'List incidents',
        request: { query: ListQuery },
        responses: { 200: ok('Incidents, latest start first', IncidentList) },
      }),
      (c) => c.json({ incidents: listIncidents(ctx.db, c.req.valid('query')).map(json) }, 200),
    )
    .openapi(
      adminRoute({
        operationId: 'createIncident', method: 'post',
        path: '/incidents',
        role: 'editor',
        summary: 'Post an incident',
        description: 'Opens one impact interval per service from startedAt, posts the first update and announces it.',
        request: jsonBody(CreateIncident),
        responses: { 201: ok('The incident', IncidentJson), 404: { description: 'unknown_service' }, 422: { description: 'invalid_status, started_at_in_future, started_after_creation, at_in_future' } },
      }),
      (c) => c.json(json(createIncident(ctx, c.get('actor'), c.req.valid('json'))), 201),
    )
    .openapi(
      adminRoute({ operationId: 'getIncident', method: 'get', path: '/incidents/{id}', role: 'viewer', summary: 'Read an incident', request: { params: IdParams }, responses: { 200: ok('The incident', IncidentJson), 404: { description: 'not_found' } } }),
      (c) => {
        const { id } = c.req.valid('param');
        const found = getIncident(ctx.db, id);
        if (!found) throw new ApiError('not_found', `No incident ${id}.`);
        return c.json(json(found), 200);
      },
    )
    .openapi(
      adminRoute({
        operationId: 'editIncident', method: 'patch',
        path: '/incidents/{id}',
        role: 'editor',
        summary: 'Correct an incident',
        description: 'Title, severity, startedAt and the SLA exclusion; audited, not announced.',
        request: { params: IdParams, ...jsonBody(EditIncident) },
        responses: { 200: ok('The incident', IncidentJson), 404: { description: 'not_found' }, 409: { description: 'at_out_of_order' }, 422: { description: 'started_at_in_future, started_after_creation, started_after_impact_end' } },
      }),
      (c) => c.json(json(editIncident(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 200),
    )
    .openapi(
      adminRoute({
        operationId: 'postIncidentUpdate', method: 'post',
        path: '/incidents/{id}/updates',
        role: 'editor',
        summary: 'Post an incident update',
        description: '`services` replaces the impacts from this update on; `resolved` ends every impact; after that only `reopen: true` may post.',
        request: { params: IdParams, ...jsonBody(PostUpdate) },
        responses: {
          201: ok('The incident with the new update first', IncidentJson),
          404: { description: 'not_found, unknown_service' },
          409: { description: 'invalid_transition, incident_resolved, not_resolved, at_out_of_order' },
          422: { description: 'services_on_resolve, at_in_future' },
        },
      }),
      (c) => c.json(json(postIncidentUpdate(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 201),
    )
    .openapi(
      adminRoute({
        operationId: 'saveIncidentReport', method: 'put',
        path: '/incidents/{id}/report',
        role: 'editor',
        summary: 'Save the post-incident report draft',
        description: 'Creates or replaces the draft. A published report may still be edited; it keeps its publishedAt.',
        request: { params: IdParams, ...jsonBody(SaveReport) },
        responses: { 200: ok('The incident with its report', IncidentJson), 404: { description: 'not_found' }, 409: { description: 'at_out_of_order' } },
      }),
      (c) => c.json(json(saveReport(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 200),
    )
    .openapi(
      adminRoute({
        operationId: 'publishIncidentReport', method: 'post',
        path: '/incidents/{id}/report/publish',
        role: 'editor',
        summary: 'Publish the post-incident report',
        description: 'Due 48 h after resolution; the body is optional.',
        request: { params: IdParams, body: { content: { 'application/json': { schema: PublishReport } }, required: false } },
        responses: { 200: ok('The incident with its published report', IncidentJson), 404: { description: 'not_found' }, 409: { description: 'no_report, already_published, incident_not_resolved, at_out_of_order' } },
      }),
      (c) => c.json(json(publishReport(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 200),
    );
}
