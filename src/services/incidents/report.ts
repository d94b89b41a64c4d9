// Post-incident reports: a markdown draft saved (created or replaced) any time, published once the
// incident is resolved. Due at resolvedAt + 48 h (SLA: "incident reports within 48 hours after
// resolution"); the state is derived where shown (src/domain/reports.ts), never stored.
import { eq } from 'drizzle-orm';
import { incidentReportRevisions, incidentReports, incidents } from '../../../db/schema.ts';
import { reportDueAt } from '../../domain/reports.ts';
import { ApiError } from '../../lib/http-error.ts';
import type { Actor } from '../kernel/api-keys.ts';
import type { AppContext } from '../kernel/context.ts';
import { allServiceIds, latestEventAt, requireIncident, type IncidentRecord } from './records.ts';
import { write, writeTime } from '../kernel/write.ts';

function reportSnapshot(m: IncidentRecord) {
  if (!m.report) return null;
  const { revisions, ...report } = m.report;
  return { ...report, revisionCount: revisions.length };
}

/** The name a revision is signed with: the key's name, or the staff member's own name. */
function authorName(actor: Actor): string {
  return actor.kind === 'user' ? actor.displayName || actor.name : actor.name;
}

/**
 * Saves the draft. Editing after publication is allowed (a typo fix or a late finding should not
 * need a second report) and keeps publishedAt, so the on-time figure stays what subscribers saw;
 * each such edit that changes the text keeps the text it replaces as a revision, so the published
 * history is never silently rewritten.
 */
export function saveReport(ctx: AppContext, actor: Actor, id: number, input: { body: string; translation?: { body?: string | null | undefined } | undefined; at?: string | undefined }): IncidentRecord {
  const current = requireIncident(ctx.db, id);
  const time = writeTime(ctx, { actor, at: input.at }, latestEventAt(current));
  // PUT replaces the draft: a save without a translation removes the old one.
  const bodyTranslation = input.translation?.body ?? null;
  return write(ctx, actor, time, ({ tx, audit }) => {
    const before = requireIncident(tx, id);
    if (before.report) {
      if (before.report.publishedAt !== null && (before.report.body !== input.body || before.report.bodyTranslation !== bodyTranslation)) {
        tx.insert(incidentReportRevisions)
          .values({ incidentId: id, editedAt: time.at, authorName: authorName(actor), previousBody: before.report.body, previousBodyTranslation: before.report.bodyTranslation })
          .run();
      }
      tx.update(incidentReports)
        .set({ body: input.body, bodyTranslation, updatedAt: Math.max(before.report.updatedAt, time.at), backfilled: before.report.backfilled || time.backfilled })
        .where(eq(incidentReports.incidentId, id))
        .run();
    } else {
      tx.insert(incidentReports).values({ incidentId: id, body: input.body, bodyTranslation, createdAt: time.at, updatedAt: time.at, publishedAt: null, backfilled: time.backfilled }).run();
    }
    // A translation settles a legacy incident's language (the page's default).
    if (before.lang === null && input.translation !== undefined) tx.update(incidents).set({ lang: ctx.config.defaultLocale }).where(eq(incidents.id, id)).run();
    const after = requireIncident(tx, id);
    audit({ action: 'incident.report.save', entityType: 'incident', entityId: id, before: reportSnapshot(before), after: reportSnapshot(after) });
    return after;
  });
}

/** Publishes the draft: the incident must be resolved, a draft must exist, and it is published once. */
export function publishReport(ctx: AppContext, actor: Actor, id: number, input: { notify?: boolean | undefined; at?: string | undefined }): IncidentRecord {
  const current = requireIncident(ctx.db, id);
  const time = writeTime(ctx, { actor, at: input.at }, latestEventAt(current));
  return write(ctx, actor, time, ({ tx, audit, announce }) => {
    const before = requireIncident(tx, id);
    const report = before.report;
    if (!report) throw new ApiError('no_report', 'There is no report draft to publish; save one with PUT first.');
    if (report.publishedAt !== null) throw new ApiError('already_published', 'The report is already published.', { publishedAt: new Date(report.publishedAt).toISOString() });
    if (before.resolvedAt === null) throw new ApiError('incident_not_resolved', `A report is published after resolution; the incident is ${before.status}.`, { status: before.status });
    tx.update(incidentReports).set({ publishedAt: time.at, backfilled: report.backfilled || time.backfilled }).where(eq(incidentReports.incidentId, id)).run();
    const after = requireIncident(tx, id);
    audit({ action: 'incident.report.publish', entityType: 'incident', entityId: id, before: reportSnapshot(before), after: reportSnapshot(after) });
    const due = reportDueAt(before.resolvedAt)!;
    announce({
      type: 'report.published',
      entityType: 'incident',
      entityId: id,
      serviceIds: allServiceIds(after),
      payload: {
        incidentId: id,
        title: after.title,
        body: report.body,
        lang: after.lang ?? undefined,
        titleTranslation: after.titleTranslation,
        bodyTranslation: report.bodyTranslation,
        publishedAt: new Date(time.at).toISOString(),
        dueAt: new Date(due).toISOString(),
        onTime: time.at <= due,
        backfilled: time.backfilled,
      },
      notify: input.notify ?? true,
    });
    return after;
  });
}
