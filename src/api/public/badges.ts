// SVG badges for READMEs, wikis and intranet pages: the page's status, a service's status and its
// 90-day uptime, drawn by shields.io's own `badge-maker` (it escapes the text and gives every badge
// role="img", aria-label and a <title>, so a screen reader reads "status: operational"). Served like
// every public answer: from the server's byte cache with an ETag, refreshed on every write.
import { makeBadge } from 'badge-maker';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { worstStatus } from '../../domain/status.ts';
import type { ServiceStatus } from '../../domain/types.ts';
import { ApiError } from '../../lib/http-error.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { servicesWithUptime } from '../../services/status/status-page.ts';
import { validateQuery } from './validation.ts';

/** The styles a badge may be drawn in (`?style=`); flat, shields' default, when absent. */
export const BADGE_STYLES = ['flat', 'flat-square', 'for-the-badge', 'plastic'] as const;
const BadgeQuery = z.object({ style: z.enum(BADGE_STYLES).optional() });
type BadgeStyle = (typeof BADGE_STYLES)[number];

// Badges are read in every language; the words are the API's English (Statuspage's vocabulary).
const STATUS_WORDS: Record<ServiceStatus, string> = {
  operational: 'operational',
  degraded_performance: 'degraded',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
  under_maintenance: 'maintenance',
};
// Darker than shields' named colours so the white text keeps a 4.5:1 contrast (WCAG 1.4.3).
const STATUS_COLOURS: Record<ServiceStatus, string> = {
  operational: '#1a7f37',
  degraded_performance: '#9a6700',
  partial_outage: '#bc4c00',
  major_outage: '#cf222e',
  under_maintenance: '#0969da',
};
const NO_DATA = '#57606a';

/** The SLA's own thresholds colour the uptime: the credit tiers of 99.9, 99.0 and 98.0 %. */
export function uptimeColour(percent: number | null): string {
  if (percent === null) return NO_DATA;
  if (percent >= 99.9) return STATUS_COLOURS.operational;
  if (percent >= 99) return STATUS_COLOURS.degraded_performance;
  if (percent >= 98) return STATUS_COLOURS.partial_outage;
  return STATUS_COLOURS.major_outage;
}

export function badgeRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const svg = (c: Context, style: BadgeStyle | undefined, label: string, message: string, color: string) => {
    // Embedded as <img> on other origins (the cross-origin resource policy is opened in src/fetch.ts).
    return c.body(makeBadge({ label, message, color, style: style ?? 'flat' }), 200, { 'content-type': 'image/svg+xml; charset=utf-8' });
  };
  const service = (slug: string) => {
    const found = servicesWithUptime(ctx).find((s) => s.slug === slug);
    if (!found) throw new ApiError('unknown_service', `No service with slug "${slug}".`, { slug });
    return found;
  };
  app.get('/badge/status.svg', validateQuery(BadgeQuery), (c) => {
    const status = worstStatus(servicesWithUptime(ctx).map((s) => s.status));
    return svg(c, c.req.valid('query').style, 'status', STATUS_WORDS[status], STATUS_COLOURS[status]);
  });
  app.get('/badge/:slug/status.svg', validateQuery(BadgeQuery), (c) => {
    const s = service(c.req.param('slug'));
    return svg(c, c.req.valid('query').style, s.name, STATUS_WORDS[s.status], STATUS_COLOURS[s.status]);
  });
  app.get('/badge/:slug/uptime.svg', validateQuery(BadgeQuery), (c) => {
    const s = service(c.req.param('slug'));
    return svg(c, c.req.valid('query').style, `${s.name} uptime 90d`, s.uptimeText === null ? 'no data' : `${s.uptimeText}%`, uptimeColour(s.uptime.uptimePercent));
  });
  return app;
}
