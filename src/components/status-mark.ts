// The page's status as a mark: the same shapes as StatusIcon, in the status colours, as one SVG
// string, so the header logo and the favicon always show the status the banner names. Built from
// constants only: nothing here comes from a record. The favicons are static files
// (public/favicon-<indicator>.svg, cached by browsers; a data: URL in every page's href would be
// heavier and reads as a latent script URL to the XSS audit); test/components/status-mark.test.ts
// keeps each file identical to statusMarkSvg().
import type { PageIndicator } from '../domain/types.ts';
import type { AppContext } from '../services/kernel/context.ts';
import { currentIndicator } from '../services/status/status-page.ts';

// The --ok / --degraded / --partial / --major colours of global.css (Statuspage's: "major" orange,
// "critical" red), written out because a favicon cannot read the page's CSS.
const COLOUR: Record<PageIndicator, string> = { none: '#1a7f37', minor: '#9a6700', major: '#bc4c00', critical: '#cf222e' };

const GLYPH: Record<PageIndicator, string> = {
  none: '<circle cx="10" cy="10" r="9.5" fill="C"/><path d="M5.8 10.4l2.8 2.8 5.6-5.8" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>',
  minor: '<path d="M10 1.2L19.3 18.4H.7z" fill="C" stroke="C" stroke-width="1.2" stroke-linejoin="round"/><path d="M10 7.2v5" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/><circle cx="10" cy="15" r="1.3" fill="#fff"/>',
  major: '<path d="M10 1.2L19.3 18.4H.7z" fill="C" stroke="C" stroke-width="1.2" stroke-linejoin="round"/><path d="M10 7.2v5" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/><circle cx="10" cy="15" r="1.3" fill="#fff"/>',
  critical: '<circle cx="10" cy="10" r="9.5" fill="C"/><path d="M6.6 6.6l6.8 6.8M13.4 6.6l-6.8 6.8" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/>',
};

/** The mark's inner SVG (viewBox 0 0 20 20). */
function glyph(indicator: PageIndicator): string {
  return GLYPH[indicator].replaceAll('"C"', `"${COLOUR[indicator]}"`);
}

/** A standalone SVG document of the mark (the favicon). */
export function statusMarkSvg(indicator: PageIndicator): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20">${glyph(indicator)}</svg>`;
}

export const PAGE_INDICATORS: readonly PageIndicator[] = ['none', 'minor', 'major', 'critical'];

/** The favicon for this status: one static file per status, so the href changes with the status. */
export function statusFavicon(indicator: PageIndicator): string {
  return `/favicon-${indicator}.svg`;
}

/** Where the status cannot be read (the 500 page renders while the database is down): a plain ring, no claim. */
const UNKNOWN = '<circle cx="10" cy="10" r="8.5" fill="none" stroke="#59636e" stroke-width="2.4"/>';

/** The header's logo mark: decorative (the banner and the title carry the words). */
export function statusLogoSvg(indicator: PageIndicator | null): string {
  return `<svg class="brand-mark" data-status="${indicator ?? 'unknown'}" viewBox="0 0 20 20" aria-hidden="true" focusable="false">${indicator === null ? UNKNOWN : glyph(indicator)}</svg>`;
}

/** The page's overall status now, for the layout's chrome (the layout reads no service itself). */
export function pageIndicatorNow(ctx: AppContext): PageIndicator {
  return currentIndicator(ctx);
}
