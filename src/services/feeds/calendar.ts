// The maintenance calendar (/maintenance.ics) as a model: one event per window that has not ended
// or ended in the last CALENDAR_PAST_DAYS, with a UID and a SEQUENCE that calendar apps use to
// update the copy they keep. src/api/public/feeds.ts serialises it with ical-generator.
import { and, eq, gte, inArray, or, sql } from 'drizzle-orm';
import { auditLog, maintenances } from '../../../db/schema.ts';
import type { Locale } from '../../config.ts';
import { feedTexts } from '../../i18n/feeds.ts';
import { createFormatter } from '../../i18n/format.ts';
import { dictionary, updateStatusLabel } from '../../i18n/index.ts';
import { markdownToText } from '../../lib/markdown-text.ts';
import type { AppContext } from '../kernel/context.ts';
import { lastChange, names } from './feeds.ts';
import { loadMaintenances } from '../maintenance/commands.ts';

/** The calendar keeps ended windows this long, so a subscriber still sees last month's work. */
export const CALENDAR_PAST_DAYS = 90;
const DAY = 86_400_000;

export interface CalendarEvent {
  uid: string;
  /**
   * Bumped on every change to the window: (timeline updates − the announcement) + staff edits.
   * Each status change (by staff or the scheduler) adds one maintenance_updates row, and each edit of
   * title, message, schedule or services adds one `maintenance.update` audit entry; neither table
   * is ever pruned, so the sum only grows, by one per change.
   */
  sequence: number;
  start: number;
  end: number;
  summary: string;
  /** Plain text. */
  description: string;
  url: string;
  status: 'CONFIRMED' | 'CANCELLED';
  created: number;
  lastModified: number;
}

export interface CalendarModel {
  name: string;
  description: string;
  url: string;
  events: CalendarEvent[];
}

/** Every window not yet ended, and those that ended (or were due to) in the last CALENDAR_PAST_DAYS. */
export function maintenanceCalendar(ctx: AppContext, locale: Locale): CalendarModel {
  const { db, config } = ctx;
  const since = ctx.clock() - CALENDAR_PAST_DAYS * DAY;
  const rows = db
    .select()
    .from(maintenances)
    .where(or(inArray(maintenances.status, ['scheduled', 'in_progress', 'verifying']), gte(maintenances.scheduledEnd, since), gte(maintenances.actualEnd, since)))
    .orderBy(maintenances.scheduledStart, maintenances.id)
    .all();
  // Plain text only: the stored markdown read as text (markdownToText), never markup.
  const windows = loadMaintenances(db, rows);
  const edits = new Map<number, number>();
  if (rows.length > 0) {
    const counted = db
      .select({ id: auditLog.entityId, n: sql<number>`count(*)` })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'maintenance'), eq(auditLog.action, 'maintenance.update'), inArray(auditLog.entityId, rows.map((m) => m.id))))
      .groupBy(auditLog.entityId)
      .all();
    for (const c of counted) if (c.id !== null) edits.set(c.id, c.n);
  }
  const host = new URL(config.publicUrl).hostname;
  const t = dictionary(locale);
  const text = feedTexts[locale];
  const fmt = createFormatter(locale, config.timeZone);
  return {
    name: text.calendarName(config.pageName),
    description: text.calendarDescription(config.pageName),
    url: `${config.publicUrl}/${locale}/`,
    events: windows.map((m) => {
      const url = `${config.publicUrl}/${locale}/maintenance/${m.id}`;
      const lines = [`${t.maintenance.status}: ${t.maintenanceStatus[m.status]}`];
      if (m.services.length > 0) lines.push(`${t.maintenance.affectedServices}: ${names(m.services)}`);
      const later = m.updates.filter((u) => u.status !== 'scheduled');
      const description = [lines.join('\n'), markdownToText(m.body), ...later.map((u) => `${updateStatusLabel(t, u.status)} · ${fmt.dateTime(u.createdAt)}${markdownToText(u.body) ? `\n${markdownToText(u.body)}` : ''}`), url].filter(Boolean).join('\n\n');
      return {
        uid: `maintenance-${m.id}@${host}`,
        sequence: Math.max(0, m.updates.length - 1) + (edits.get(m.id) ?? 0),
        start: m.scheduledStart,
        end: m.scheduledEnd,
        summary: m.status === 'cancelled' ? text.cancelledSummary(m.title) : m.title,
        description,
        url,
        status: m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        created: m.createdAt,
        lastModified: lastChange(m),
      } satisfies CalendarEvent;
    }),
  };
}
