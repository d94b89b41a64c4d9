// Baken's own /api/uptime.json: the 90-day bars as data, unrounded, straight from the uptime
// engine (the same figures the status page rounds for display).
import { Hono } from 'hono';
import { z } from 'zod';
import { lastDays } from '../../domain/calendar.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { DEFAULT_WINDOW_DAYS, servicesWithUptime } from '../../services/status/status-page.ts';
import { iso } from '../../lib/time.ts';
import { validateQuery } from './validation.ts';

export const MAX_UPTIME_DAYS = 90;

const UptimeQuery = z.object({
  // A query string is text: only plain digits are a day count ("1e1", "5.0" and " 5" are refused).
  days: z
    .string()
    .regex(/^\d+$/, `must be a whole number from 1 to ${MAX_UPTIME_DAYS}`)
    .transform(Number)
    .pipe(z.int().min(1, `must be at least 1`).max(MAX_UPTIME_DAYS, `must be at most ${MAX_UPTIME_DAYS}`))
    .optional(),
});

export function uptimeRoutes(ctx: AppContext) {
  return new Hono().get('/uptime.json', validateQuery(UptimeQuery), (c) => {
    const days = c.req.valid('query').days ?? DEFAULT_WINDOW_DAYS;
    const { timeZone } = ctx.config;
    const now = ctx.clock();
    const window = lastDays(now, days, timeZone);
    return c.json({
      timeZone,
      days,
      // The window's first day starts at `from`; figures are observed up to `to` (now, inside today).
      from: iso(window[0]!.start),
      to: iso(now),
      services: servicesWithUptime(ctx, days, now).map((s) => ({
        id: s.id,
        slug: s.slug,
        name: s.name,
        uptimePercent: s.uptime.uptimePercent,
        observedSeconds: s.uptime.observedSeconds,
        downtimeSeconds: s.uptime.downtimeSeconds,
        days: s.uptime.days.map((d) => ({
          date: d.date,
          uptimePercent: d.uptimePercent,
          observedSeconds: d.observedSeconds,
          downtimeSeconds: d.downtimeSeconds,
          worstStatus: d.worstStatus,
          incidentIds: d.incidentIds,
          maintenanceIds: d.maintenanceIds,
        })),
      })),
    });
  });
}
