// The favicon files are the status marks the header draws: one per page indicator, byte for byte
// what statusMarkSvg() makes, so the tab's icon and the banner never tell two stories.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_INDICATORS, statusFavicon, statusLogoSvg, statusMarkSvg } from '../../src/components/status-mark.ts';

const publicDir = join(import.meta.dirname, '..', '..', 'public');

describe('status marks', () => {
  it.each(PAGE_INDICATORS)('public%s is statusMarkSvg(%s)', (indicator) => {
    expect(statusFavicon(indicator)).toBe(`/favicon-${indicator}.svg`);
    expect(readFileSync(join(publicDir, statusFavicon(indicator)), 'utf8')).toBe(`${statusMarkSvg(indicator)}\n`);
  });

  it('colours and shapes per status: green check, amber and orange triangles, red cross', () => {
    expect(statusMarkSvg('none')).toContain('fill="#1a7f37"');
    expect(statusMarkSvg('minor')).toContain('<path d="M10 1.2L19.3 18.4H.7z" fill="#9a6700"');
    expect(statusMarkSvg('major')).toContain('<path d="M10 1.2L19.3 18.4H.7z" fill="#bc4c00"');
    expect(statusMarkSvg('critical')).toContain('fill="#cf222e"');
    expect(statusMarkSvg('critical')).toContain('M6.6 6.6l6.8 6.8');
    expect(statusLogoSvg(null)).toContain('data-status="unknown"');
  });
});
