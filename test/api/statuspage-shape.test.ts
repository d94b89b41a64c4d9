// The pure Statuspage mappings the v2 routes and the webhook payloads share.
import { describe, expect, it } from 'vitest';
import { toStatus } from '../../src/api/public/statuspage/shape.ts';

describe('toStatus: Statuspage\'s indicator and words', () => {
  it.each([
    ['none', ['operational', 'operational'], false, 'none', 'All Systems Operational'],
    ['none', ['operational', 'under_maintenance'], false, 'maintenance', 'Service Under Maintenance'],
    ['none', ['operational'], true, 'maintenance', 'Service Under Maintenance'],
    ['minor', ['operational', 'degraded_performance'], false, 'minor', 'Partially Degraded Service'],
    ['minor', ['degraded_performance', 'degraded_performance'], false, 'minor', 'Degraded System Service'],
    ['minor', ['partial_outage', 'degraded_performance'], false, 'minor', 'Minor Service Outage'],
    // An incident is worse than maintenance: the level stays the incident's.
    ['minor', ['partial_outage', 'under_maintenance'], true, 'minor', 'Minor Service Outage'],
    ['major', ['major_outage', 'operational'], false, 'major', 'Partial System Outage'],
    ['critical', ['major_outage', 'operational'], false, 'critical', 'Major Service Outage'],
    ['critical', ['major_outage', 'major_outage'], false, 'critical', 'Major System Outage'],
  ] as const)('%s over %j (maintenance in progress: %s) → %s, "%s"', (level, statuses, maintenance, indicator, description) => {
    expect(toStatus(level, [...statuses], maintenance)).toStrictEqual({ indicator, description });
  });
});
