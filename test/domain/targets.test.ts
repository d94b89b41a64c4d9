import { describe, expect, it } from 'vitest';
import { evaluateTarget, firstResolutionAt, incidentTargets, RESOLUTION_TARGETS, RESPONSE_TARGETS } from '../../src/domain/targets.ts';
import type { Severity } from '../../src/domain/vocabulary.ts';

// Response (SLA §03): critical 15 min, high 1 h, medium 4 h, low 8 business hours.
// Resolution (SLA §04): critical 4 h, high 8 h, medium 24 h, low 72 h (wall-clock).
const Z = 'Europe/Amsterdam';
const CAL = { timeZone: Z, holidays: ['2026-04-27'] };
const at = (iso: string): number => Date.parse(iso);
const MIN = 60_000;
const H = 60 * MIN;
const FAR = at('2030-01-01T00:00:00Z');

describe('the target tables', () => {
  it('SLA §03 and §04', () => {
    expect(RESPONSE_TARGETS).toEqual({
      critical: { ms: 15 * MIN, businessHours: false },
      high: { ms: 1 * H, businessHours: false },
      medium: { ms: 4 * H, businessHours: false },
      low: { ms: 8 * H, businessHours: true },
    });
    expect(Object.fromEntries(Object.entries(RESOLUTION_TARGETS).map(([k, v]) => [k, [v.ms / H, v.businessHours]]))).toEqual({
      critical: [4, false],
      high: [8, false],
      medium: [24, false],
      low: [72, false],
    });
  });
});

describe('response', () => {
  const start = at('2026-01-14T10:00:00Z'); // Wednesday 11:00 CET
  it.each([
    // severity, response after start (ms), state, elapsed reported (ms)
    ['critical', 15 * MIN, 'met', 15 * MIN], // exactly on target: met ("within 15 minutes")
    ['critical', 15 * MIN + 1, 'breached', 15 * MIN + 1],
    ['high', 1 * H, 'met', 1 * H],
    ['high', 1 * H + 1000, 'breached', 1 * H + 1000],
    ['medium', 4 * H, 'met', 4 * H],
    ['medium', 4 * H + 1, 'breached', 4 * H + 1],
    // low: Wed 11:00 CET + 6 h business (until 17:00) then Thu 09:00–11:00: 8 h business at Thu 11:00 CET.
    ['low', 24 * H, 'met', 8 * H],
    ['low', 24 * H + 1, 'breached', 8 * H + 1],
    ['low', 20 * H, 'met', 6 * H], // Thu 07:00 CET: 6 h business (Wed 11:00–17:00)
  ] as const)('%s answered after %i ms → %s', (severity, after, state, elapsed) => {
    const r = incidentTargets({ severity, startedAt: start, createdAt: start + after, firstResolutionAt: null }, FAR, CAL).response;
    expect(r.state).toBe(state);
    expect(r.elapsedMs).toBe(elapsed);
    expect(r.remainingMs).toBeNull();
  });

  it('low, started Friday 16:30, answered Monday 09:15: 45 business minutes, met; deadline Monday 16:30', () => {
    const r = incidentTargets({ severity: 'low', startedAt: at('2026-01-16T15:30:00Z'), createdAt: at('2026-01-19T08:15:00Z'), firstResolutionAt: null }, FAR, CAL).response;
    expect(r).toEqual({
      state: 'met',
      targetMs: 8 * H,
      businessHours: true,
      reachedAt: at('2026-01-19T08:15:00Z'),
      elapsedMs: 45 * MIN, // 16:30–17:00 Friday + 09:00–09:15 Monday
      deadline: at('2026-01-19T15:30:00Z'), // 30 min Friday + 7 h 30 min Monday → Mon 16:30 CET
      remainingMs: null,
    });
  });

  it('low started Friday 09:00 answered Saturday: 8 business hours exactly, met (deadline Monday 09:00)', () => {
    const r = incidentTargets({ severity: 'low', startedAt: at('2026-01-16T08:00:00Z'), createdAt: at('2026-01-17T10:00:00Z'), firstResolutionAt: null }, FAR, CAL).response;
    expect([r.state, r.elapsedMs, r.deadline]).toEqual(['met', 8 * H, at('2026-01-19T08:00:00Z')]);
  });

  it('a holiday does not count: low started Friday 24 April 16:00 CEST, answered Tuesday 28 April 15:00 CEST (Koningsdag between)', () => {
    const r = incidentTargets({ severity: 'low', startedAt: at('2026-04-24T14:00:00Z'), createdAt: at('2026-04-28T13:00:00Z'), firstResolutionAt: null }, FAR, CAL).response;
    expect([r.state, r.elapsedMs]).toEqual(['met', 7 * H]); // 1 h Friday + 6 h Tuesday
  });

  it('a backdated critical incident posted 2 h after impact began is breached', () => {
    const r = incidentTargets({ severity: 'critical', startedAt: at('2026-01-14T08:00:00Z'), createdAt: at('2026-01-14T10:00:00Z'), firstResolutionAt: null }, FAR, CAL).response;
    expect([r.state, r.elapsedMs, r.deadline]).toEqual(['breached', 2 * H, at('2026-01-14T08:15:00Z')]);
  });
});

describe('resolution: met / breached / pending', () => {
  const start = at('2026-01-14T10:00:00Z');
  const run = (severity: Severity, reached: number | null, now: number) => incidentTargets({ severity, startedAt: start, createdAt: start, firstResolutionAt: reached }, now, CAL).resolution;

  it.each([
    // severity, reached after (ms) or null, now after start (ms), state, elapsed, remaining
    ['high', 8 * H, 9 * H, 'met', 8 * H, null],
    ['high', 8 * H + 1, 9 * H, 'breached', 8 * H + 1, null],
    ['high', null, 7 * H, 'pending', null, 1 * H],
    ['high', null, 8 * H, 'pending', null, 0], // the deadline itself: still reachable
    ['high', null, 8 * H + 1, 'breached', null, null], // not reached and the deadline passed
    ['critical', null, 3 * H + 30 * MIN, 'pending', null, 30 * MIN],
    ['critical', 4 * H, 4 * H, 'met', 4 * H, null],
    ['medium', 23 * H, FAR - start, 'met', 23 * H, null],
    ['low', 72 * H, FAR - start, 'met', 72 * H, null], // wall-clock, not business hours
    ['low', 72 * H + 1, FAR - start, 'breached', 72 * H + 1, null],
    ['low', null, 48 * H, 'pending', null, 24 * H],
  ] as const)('%s reached %s, now +%i → %s', (severity, reached, now, state, elapsed, remaining) => {
    const r = run(severity, reached === null ? null : start + reached, start + now);
    expect([r.state, r.elapsedMs, r.remainingMs, r.businessHours]).toEqual([state, elapsed, remaining, false]);
    expect(r.deadline).toBe(start + RESOLUTION_TARGETS[severity].ms);
  });

  it('low resolution is wall-clock across the spring DST change: Fri 27 Mar 12:00 CET + 72 h = Mon 30 Mar 13:00 CEST', () => {
    const r = incidentTargets({ severity: 'low', startedAt: at('2026-03-27T11:00:00Z'), createdAt: at('2026-03-27T11:00:00Z'), firstResolutionAt: null }, at('2026-03-28T00:00:00Z'), CAL).resolution;
    expect(r.deadline).toBe(at('2026-03-30T11:00:00Z'));
    expect(r.state).toBe('pending');
  });

  it('a resolution reached after now is not reached yet', () => {
    const r = run('high', start + 2 * H, start + 1 * H);
    expect([r.state, r.remainingMs]).toEqual(['pending', 7 * H]);
  });
});

describe('firstResolutionAt', () => {
  const t = (h: number) => at('2026-01-14T00:00:00Z') + h * H;
  it.each([
    ['monitoring first', [['investigating', 1], ['monitoring', 3], ['resolved', 4], ['investigating', 5], ['resolved', 6]], [], 3],
    ['resolved directly', [['investigating', 1], ['identified', 2], ['resolved', 4]], [], 4],
    ['reopened: the first resolution counts', [['resolved', 4], ['investigating', 5], ['resolved', 9]], [], 4],
    ['not yet', [['investigating', 1], ['identified', 2]], [], null],
    ['the row’s monitoringAt when earlier', [['resolved', 4]], [2], 2],
    ['unordered timeline', [['resolved', 8], ['monitoring', 6], ['investigating', 1]], [], 6],
  ] as const)('%s', (_name, updates, also, expected) => {
    const list = updates.map(([status, h]) => ({ status, createdAt: t(h) }));
    expect(firstResolutionAt(list, ...also.map(t))).toBe(expected === null ? null : t(expected));
  });
});

describe('evaluateTarget with a business-hours budget while pending', () => {
  it('counts the time left in business ms', () => {
    // Started Fri 16:30 CET; now Mon 10:00 CET: 30 min + 1 h used of 8 h → 6 h 30 min left; deadline Mon 16:30.
    const r = evaluateTarget(RESPONSE_TARGETS.low, at('2026-01-16T15:30:00Z'), null, at('2026-01-19T09:00:00Z'), CAL);
    expect([r.state, r.remainingMs, r.deadline]).toEqual(['pending', 6.5 * H, at('2026-01-19T15:30:00Z')]);
    const late = evaluateTarget(RESPONSE_TARGETS.low, at('2026-01-16T15:30:00Z'), null, at('2026-01-19T15:30:00.001Z'), CAL);
    expect([late.state, late.remainingMs]).toEqual(['breached', null]);
  });
});
