// Public holidays on which business hours do not run (SLA §05 "kantooruren"; DESIGN.md "Response
// and resolution": "a list of holidays may be configured"). The list is content/holidays.json, checked
// once when this module loads, so a malformed file stops start-up with a message naming the entry.
import { z } from 'zod';
import raw from '../../../content/holidays.json' with { type: 'json' };
import type { BusinessCalendar } from '../../domain/targets.ts';
import type { AppContext } from '../kernel/context.ts';

export interface Holiday {
  date: string; // YYYY-MM-DD in the page's zone
  name: { nl: string; en: string };
}

const fileSchema = z.object({
  holidays: z.array(z.object({ date: z.iso.date(), name: z.object({ nl: z.string().min(1), en: z.string().min(1) }) })),
});

export function parseHolidays(data: unknown): Holiday[] {
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`content/holidays.json is invalid:\n${lines.join('\n')}`);
  }
  return [...parsed.data.holidays].sort((a, b) => a.date.localeCompare(b.date));
}

const HOLIDAYS: readonly Holiday[] = parseHolidays(raw);
const DATES: ReadonlySet<string> = new Set(HOLIDAYS.map((h) => h.date));

/** Every configured holiday, by date. */
export function listHolidays(): readonly Holiday[] {
  return HOLIDAYS;
}

export function holidayDates(): ReadonlySet<string> {
  return DATES;
}

/** Business hours in the page's zone (Europe/Amsterdam by default) minus the configured holidays. */
export function businessCalendar(ctx: Pick<AppContext, 'config'>): BusinessCalendar {
  return { timeZone: ctx.config.timeZone, holidays: DATES };
}
