// Shared vocabulary of the pure engine. Instants are UTC epoch milliseconds.
// Names follow Statuspage on purpose, so existing clients understand us.

import type { Impact } from './vocabulary.ts';

export type ServiceStatus = 'operational' | Impact | 'under_maintenance';
export type PageIndicator = 'none' | 'minor' | 'major' | 'critical';
export type IncidentImpactLevel = 'none' | 'minor' | 'major' | 'critical';

/**
 * One period during which a service had a given impact (from an incident) or was in maintenance.
 * `end` null = still in force. Intervals may overlap; the engine counts overlaps once, at the worst.
 */
export interface StatusInterval {
  serviceId: number;
  status: Impact | 'under_maintenance';
  start: number;
  end: number | null;
  incidentId?: number;
  maintenanceId?: number;
}

/** A calendar day in the page's time zone: [start, end) in UTC ms; 23 h and 25 h days exist. */
export interface CalendarDay {
  date: string; // YYYY-MM-DD in the zone
  start: number;
  end: number;
}

export interface DayUptime {
  date: string;
  /** null = no observed time that day ("no data"). Unrounded, 0..100. */
  uptimePercent: number | null;
  observedSeconds: number;
  downtimeSeconds: number;
  /** Worst status seen during the observed part of the day (maintenance ranks below every impact). */
  worstStatus: ServiceStatus;
  /** Incidents whose impact on this service overlapped the observed part of the day, ascending ids. */
  incidentIds: number[];
  /** Maintenance windows in progress on this service during the observed part of the day. */
  maintenanceIds: number[];
}

export interface ServiceUptime {
  /** Unrounded, 0..100; null when no observed time in the whole window. */
  uptimePercent: number | null;
  observedSeconds: number;
  downtimeSeconds: number;
  days: DayUptime[];
}
