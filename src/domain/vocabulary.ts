// The words Baken's records are made of, defined once: the database columns (db/schema.ts), the
// API's zod schemas and the engine all take them from here. Names follow Statuspage on purpose,
// so existing clients understand us.

export const IMPACTS = ['degraded_performance', 'partial_outage', 'major_outage'] as const;
export type Impact = (typeof IMPACTS)[number];

/** SLA §03/§04 severities, most urgent first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** In the order an incident moves through them (see incident-status.ts). */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed', 'cancelled'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

/** SLA §02's causes whose downtime is not counted. */
export const SLA_EXCLUSION_CAUSES = ['force_majeure', 'customer', 'third_party', 'ddos', 'security'] as const;
export type SlaExclusionCause = (typeof SLA_EXCLUSION_CAUSES)[number];

/** An incident's exclusion from SLA uptime, as staff record it. */
export interface SlaExclusion {
  cause: SlaExclusionCause;
  reason: string;
}

/** Why a subscription form field was refused (the subscribe page and API name them). */
export type SubscriptionFieldError = 'required' | 'too_long' | 'invalid_email' | 'invalid_locale' | 'invalid_services' | 'unknown_service';

/** Who may do what, weakest first: viewer reads, editor runs incidents and maintenance, admin everything. */
export const API_ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof API_ROLES)[number];
