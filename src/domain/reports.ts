// Post-incident reports are due 48 hours after resolution (SLA: "incident reports within 48 hours
// after resolution"; DESIGN.md "Post-incident reports").
export const REPORT_DUE_MS = 48 * 3_600_000;

export type ReportState = 'not_due' | 'pending' | 'overdue' | 'published_on_time' | 'published_late';

/** not_due while the incident is unresolved; then pending/overdue until published, on time or late. */
export function reportState(resolvedAt: number | null, publishedAt: number | null, now: number): ReportState {
  if (resolvedAt === null) return publishedAt === null ? 'not_due' : 'published_on_time';
  const due = resolvedAt + REPORT_DUE_MS;
  if (publishedAt !== null) return publishedAt <= due ? 'published_on_time' : 'published_late';
  return now > due ? 'overdue' : 'pending';
}

export function reportDueAt(resolvedAt: number | null): number | null {
  return resolvedAt === null ? null : resolvedAt + REPORT_DUE_MS;
}
