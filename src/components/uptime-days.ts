// Turns a service's 90 days of uptime into the cells of its bar: colour class, the text a screen
// reader hears (and the tooltip shows), and links to that day's incidents.
import { formatUptime } from '../domain/uptime.ts';
import type { Formatter } from '../i18n/format.ts';
import type { Dictionary } from '../i18n/index.ts';
import type { AppContext } from '../services/kernel/context.ts';
import type { Locale } from '../config.ts';
import { incidentTitles as lookupTitles } from '../services/status/incident-views.ts';
import { readerFor } from '../services/status/reader.ts';
import type { StatusSummary } from '../services/status/view-models.ts';
import type { DayUptime } from '../domain/types.ts';
import { statusKind, type StatusKind } from './status-kind.ts';

export interface DayCell {
  date: string;
  kind: StatusKind;
  /** "24 November 2026, 96.87% uptime" (or "No data"), then ", Maintenance" on maintenance days. */
  text: string;
  incidentsLabel: string | null;
  incidents: { id: number; title: string }[];
}

export function dayCell(day: DayUptime, t: Dictionary, fmt: Formatter, titles: ReadonlyMap<number, string>): DayCell {
  const text = formatUptime(day.uptimePercent, day.downtimeSeconds);
  const parts = [fmt.day(day.date), text === null ? t.home.noData : t.home.dayUptime(fmt.percent(text))];
  if (day.maintenanceIds.length > 0) parts.push(t.home.dayMaintenance);
  return {
    date: day.date,
    kind: text === null ? 'nodata' : statusKind(day.worstStatus),
    text: parts.join(', '),
    incidentsLabel: day.incidentIds.length > 0 ? t.home.incidentCount(day.incidentIds.length) : null,
    incidents: day.incidentIds.map((id) => ({ id, title: titles.get(id) ?? `#${id}` })),
  };
}

/** Titles of every incident that shows up in a bar, in one small query. */
export function incidentTitles(ctx: AppContext, summary: StatusSummary, locale?: Locale): Map<number, string> {
  const ids = new Set(summary.services.flatMap((s) => s.uptime.days.flatMap((d) => d.incidentIds)));
  return lookupTitles(ctx.db, [...ids], locale && readerFor(locale));
}
