// SLA §02: planned maintenance is not counted as downtime only when it was announced at least
// 48 hours before its scheduled start ("gepland onderhoud (48 uur van tevoren aangekondigd)").
// Compared in whole milliseconds, so 48 h 00 min is met and 47 h 59 min 59.999 s is not.

const HOUR = 3_600_000;

export const MAINTENANCE_NOTICE_MS = 48 * HOUR;

export interface NoticeGiven {
  /** scheduledStart − announcedAt. */
  noticeMs: number;
  met: boolean;
}

export function noticeGiven(m: { announcedAt: number; scheduledStart: number }): NoticeGiven {
  const noticeMs = m.scheduledStart - m.announcedAt;
  return { noticeMs, met: noticeMs >= MAINTENANCE_NOTICE_MS };
}
