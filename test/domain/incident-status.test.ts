import { describe, expect, it } from 'vitest';
import { refuseTransition } from '../../src/domain/incident-status.ts';
import { noticeGiven, MAINTENANCE_NOTICE_MS } from '../../src/domain/notice.ts';

const plain = { reopen: false, setsImpacts: false };

describe('incident status machine', () => {
  it('moves forward, skips steps, repeats a status; never goes back', () => {
    expect(refuseTransition('investigating', { ...plain, to: 'monitoring' })).toBeNull();
    expect(refuseTransition('identified', { ...plain, to: 'identified' })).toBeNull();
    expect(refuseTransition('monitoring', { ...plain, to: 'resolved' })).toBeNull();
    expect(refuseTransition('monitoring', { ...plain, to: 'identified' })).toEqual({ code: 'invalid_transition', details: { from: 'monitoring', to: 'identified', allowed: ['monitoring', 'resolved'] } });
  });

  it('after resolved only a reopen, to an open status; a reopen only after resolved', () => {
    expect(refuseTransition('resolved', { ...plain, to: 'investigating' })).toEqual({ code: 'incident_resolved', details: { status: 'resolved' } });
    expect(refuseTransition('resolved', { ...plain, reopen: true, to: 'identified' })).toBeNull();
    expect(refuseTransition('resolved', { ...plain, reopen: true, to: 'resolved' })).toEqual({ code: 'invalid_transition', details: { from: 'resolved', to: 'resolved' } });
    expect(refuseTransition('identified', { ...plain, reopen: true, to: 'identified' })).toEqual({ code: 'not_resolved', details: { status: 'identified' } });
  });

  it('resolving names no services', () => {
    expect(refuseTransition('monitoring', { reopen: false, setsImpacts: true, to: 'resolved' })).toEqual({ code: 'services_on_resolve', details: { field: 'services' } });
    expect(refuseTransition('monitoring', { reopen: false, setsImpacts: true, to: 'monitoring' })).toBeNull();
  });
});

describe('48-hour notice (SLA §02)', () => {
  it('is met at exactly 48 h and missed a millisecond earlier', () => {
    expect(MAINTENANCE_NOTICE_MS).toBe(172_800_000);
    expect(noticeGiven({ announcedAt: 0, scheduledStart: 172_800_000 })).toEqual({ noticeMs: 172_800_000, met: true });
    expect(noticeGiven({ announcedAt: 1, scheduledStart: 172_800_000 })).toEqual({ noticeMs: 172_799_999, met: false });
  });
});
