// History paging and month grouping: the page number from `?page=`, and the entries (incidents and
// maintenance) of one page grouped by the month (in the page's zone) in which they started.
import { dateInZone } from '../domain/calendar.ts';
import type { HistoryEntry } from '../services/status/history.ts';

export const HISTORY_PAGE_SIZE = 20;

/** `?page=` as a positive integer; absent → 1; anything else → undefined (404). */
export function parsePageParam(value: string | null): number | undefined {
  if (value === null) return 1;
  if (!/^[1-9][0-9]{0,6}$/.test(value)) return undefined;
  return Number(value);
}

/** History entries (incidents and maintenance, newest first) grouped by the month they started in. */
export function groupEntriesByMonth(entries: HistoryEntry[], timeZone: string): { month: string; entries: HistoryEntry[] }[] {
  const months: { month: string; entries: HistoryEntry[] }[] = [];
  for (const entry of entries) {
    const month = dateInZone(entry.at, timeZone).slice(0, 7);
    const last = months.at(-1);
    if (last?.month === month) last.entries.push(entry);
    else months.push({ month, entries: [entry] });
  }
  return months;
}
