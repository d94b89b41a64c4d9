import { describe, it, expect } from 'vitest';
import {
  DOWNTIME_WEIGHT,
  INDICATOR_DESCRIPTION,
  coversInstant,
  incidentImpactLevel,
  pageIndicator,
  serviceStatusAt,
  worstStatus,
} from '../../src/domain/status.ts';
import type { ServiceStatus, StatusInterval } from '../../src/domain/types.ts';

const T0 = Date.parse('2026-01-15T10:00:00Z');
const MIN = 60_000;

function iv(status: StatusInterval['status'], start: number, end: number | null): StatusInterval {
  return { serviceId: 1, status, start, end };
}

describe('worstStatus', () => {
  it('ranks operational < maintenance < degraded < partial < major', () => {
    expect(worstStatus([])).toBe('operational');
    expect(worstStatus(['operational'])).toBe('operational');
    expect(worstStatus(['operational', 'under_maintenance'])).toBe('under_maintenance');
    expect(worstStatus(['under_maintenance', 'degraded_performance'])).toBe('degraded_performance');
    expect(worstStatus(['degraded_performance', 'partial_outage', 'under_maintenance'])).toBe('partial_outage');
    expect(worstStatus(['partial_outage', 'major_outage', 'degraded_performance'])).toBe('major_outage');
    expect(worstStatus(['major_outage', 'operational'])).toBe('major_outage');
  });

  it('accepts any iterable', () => {
    expect(worstStatus(new Set<ServiceStatus>(['degraded_performance', 'operational']))).toBe('degraded_performance');
  });
});

describe('serviceStatusAt', () => {
  it('no intervals → operational', () => {
    expect(serviceStatusAt([], T0)).toBe('operational');
  });

  it('worst impact in force wins, whatever the order', () => {
    const a = [iv('degraded_performance', T0, T0 + 60 * MIN), iv('major_outage', T0 + 10 * MIN, T0 + 20 * MIN), iv('partial_outage', T0, T0 + 30 * MIN)];
    expect(serviceStatusAt(a, T0)).toBe('partial_outage');
    expect(serviceStatusAt(a, T0 + 15 * MIN)).toBe('major_outage');
    expect(serviceStatusAt([...a].reverse(), T0 + 15 * MIN)).toBe('major_outage');
    expect(serviceStatusAt(a, T0 + 25 * MIN)).toBe('partial_outage');
    expect(serviceStatusAt(a, T0 + 45 * MIN)).toBe('degraded_performance');
    expect(serviceStatusAt(a, T0 + 60 * MIN)).toBe('operational');
  });

  it('maintenance only when no incident impact is in force', () => {
    const a = [iv('under_maintenance', T0, T0 + 120 * MIN), iv('degraded_performance', T0 + 30 * MIN, T0 + 60 * MIN)];
    expect(serviceStatusAt(a, T0)).toBe('under_maintenance');
    // Even the mildest impact beats maintenance: maintenance never hides an incident.
    expect(serviceStatusAt(a, T0 + 30 * MIN)).toBe('degraded_performance');
    expect(serviceStatusAt(a, T0 + 60 * MIN)).toBe('under_maintenance');
    expect(serviceStatusAt(a, T0 + 120 * MIN)).toBe('operational');
  });

  it('interval start is inclusive, end is exclusive', () => {
    const a = [iv('major_outage', T0, T0 + MIN)];
    expect(serviceStatusAt(a, T0 - 1)).toBe('operational');
    expect(serviceStatusAt(a, T0)).toBe('major_outage');
    expect(serviceStatusAt(a, T0 + MIN - 1)).toBe('major_outage');
    expect(serviceStatusAt(a, T0 + MIN)).toBe('operational');
  });

  it('back-to-back intervals hand over at the boundary instant', () => {
    const a = [iv('major_outage', T0, T0 + MIN), iv('degraded_performance', T0 + MIN, T0 + 2 * MIN)];
    expect(serviceStatusAt(a, T0 + MIN)).toBe('degraded_performance');
  });

  it('an open interval (end null) is in force from its start on, forever', () => {
    const a = [iv('partial_outage', T0, null)];
    expect(serviceStatusAt(a, T0 - 1)).toBe('operational');
    expect(serviceStatusAt(a, T0)).toBe('partial_outage');
    expect(serviceStatusAt(a, T0 + 365 * 24 * 60 * MIN)).toBe('partial_outage');
    expect(coversInstant({ start: T0, end: null }, Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('a zero-length interval never applies', () => {
    expect(serviceStatusAt([iv('major_outage', T0, T0)], T0)).toBe('operational');
  });
});

describe('pageIndicator', () => {
  const s = (status: ServiceStatus, slaCovered = true) => ({ status, slaCovered });

  it('all operational, or no services → none', () => {
    expect(pageIndicator([])).toBe('none');
    expect(pageIndicator([s('operational'), s('operational', false)])).toBe('none');
  });

  it('maintenance alone → none', () => {
    expect(pageIndicator([s('under_maintenance'), s('operational')])).toBe('none');
    expect(pageIndicator([s('under_maintenance'), s('under_maintenance')])).toBe('none');
  });

  it('degraded only → minor', () => {
    expect(pageIndicator([s('degraded_performance'), s('operational')])).toBe('minor');
    expect(pageIndicator([s('degraded_performance'), s('under_maintenance')])).toBe('minor');
    expect(pageIndicator([s('operational'), s('degraded_performance', false)])).toBe('minor');
  });

  it('any partial outage → major, as an incident with a partial outage has impact major (issue 13: never "minor" beside a major incident)', () => {
    expect(pageIndicator([s('partial_outage'), s('under_maintenance')])).toBe('major');
    expect(pageIndicator([s('partial_outage'), s('partial_outage')])).toBe('major');
    expect(pageIndicator([s('partial_outage'), s('degraded_performance')])).toBe('major');
    expect(pageIndicator([s('partial_outage', false), s('operational')])).toBe('major');
    // The page indicator is never milder than the worst incident impact level behind it (except
    // critical, which for the page means every covered service is down).
    for (const status of ['degraded_performance', 'partial_outage'] as const) {
      expect(pageIndicator([s(status), s('operational')])).toBe(incidentImpactLevel([status]));
    }
  });

  it('any major (but not all covered) → major', () => {
    expect(pageIndicator([s('major_outage'), s('operational')])).toBe('major');
    expect(pageIndicator([s('major_outage'), s('partial_outage')])).toBe('major');
    expect(pageIndicator([s('major_outage'), s('under_maintenance')])).toBe('major');
    // A major outage on an uncovered (staging) service still shows as major.
    expect(pageIndicator([s('operational'), s('major_outage', false)])).toBe('major');
  });

  it('every covered service in major outage → critical', () => {
    expect(pageIndicator([s('major_outage')])).toBe('critical');
    expect(pageIndicator([s('major_outage'), s('major_outage')])).toBe('critical');
  });

  it('slaCovered:false services do not count toward "all"', () => {
    // The uncovered service is fine, yet every covered one is down → critical.
    expect(pageIndicator([s('major_outage'), s('major_outage'), s('operational', false)])).toBe('critical');
    expect(pageIndicator([s('major_outage'), s('degraded_performance', false)])).toBe('critical');
    // Only uncovered services, all in major outage: there is no covered service → major, not critical.
    expect(pageIndicator([s('major_outage', false), s('major_outage', false)])).toBe('major');
  });

  it('has Statuspage descriptions for every indicator', () => {
    expect(INDICATOR_DESCRIPTION).toEqual({
      none: 'All Systems Operational',
      minor: 'Minor Service Outage',
      major: 'Partial System Outage',
      critical: 'Major System Outage',
    });
  });
});

describe('incidentImpactLevel', () => {
  it('maps the worst affected impact: degraded → minor, partial → major, major → critical', () => {
    expect(incidentImpactLevel([])).toBe('none');
    expect(incidentImpactLevel(['degraded_performance'])).toBe('minor');
    expect(incidentImpactLevel(['partial_outage'])).toBe('major');
    expect(incidentImpactLevel(['major_outage'])).toBe('critical');
    expect(incidentImpactLevel(['degraded_performance', 'partial_outage'])).toBe('major');
    expect(incidentImpactLevel(['partial_outage', 'major_outage', 'degraded_performance'])).toBe('critical');
  });
});

describe('DOWNTIME_WEIGHT', () => {
  it('is the Statuspage rule: major 1, partial 0.3, the rest 0', () => {
    expect(DOWNTIME_WEIGHT).toEqual({
      operational: 0,
      under_maintenance: 0,
      degraded_performance: 0,
      partial_outage: 0.3,
      major_outage: 1,
    });
  });
});
