// Atlassian Statuspage's public API v2 response types, field by field, as its documentation and
// genuine responses give them (https://metastatuspage.com/api/v2/ and the `statuspage.io` client's
// Result types). Strict objects: a field Statuspage does not have, or a missing one, fails.
// Timestamps are ISO-8601 with milliseconds and an offset ("2019-02-20T12:00:19.418-06:00").
import { z } from 'zod';

const timestamp = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}([+-]\d\d:\d\d|Z)$/, 'Statuspage timestamp');
const componentStatus = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);

export const spPage = z.strictObject({ id: z.string(), name: z.string(), url: z.url(), time_zone: z.string(), updated_at: timestamp.nullable() });

export const spStatus = z.strictObject({
  indicator: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']),
  description: z.enum(['All Systems Operational', 'Partially Degraded Service', 'Degraded System Service', 'Minor Service Outage', 'Partial System Outage', 'Major Service Outage', 'Major System Outage', 'Service Under Maintenance']),
});

const componentFields = {
  id: z.string(),
  name: z.string(),
  status: componentStatus,
  created_at: timestamp,
  updated_at: timestamp,
  position: z.number().int().min(1),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().regex(/^\d{4}-\d\d-\d\d$/).nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
};
export const spComponent = z.union([
  z.strictObject({ ...componentFields, group: z.literal(false) }),
  z.strictObject({ ...componentFields, group: z.literal(true), group_id: z.null(), components: z.array(z.string()) }),
]);

export const spAffectedComponent = z.strictObject({ code: z.string(), name: z.string(), old_status: componentStatus, new_status: componentStatus });

const update = (status: z.ZodType) =>
  z.strictObject({
    id: z.string(),
    status,
    body: z.string().min(1),
    incident_id: z.string(),
    created_at: timestamp,
    updated_at: timestamp,
    display_at: timestamp,
    affected_components: z.array(spAffectedComponent).min(1).nullable(),
    deliver_notifications: z.boolean(),
    custom_tweet: z.string().nullable(),
    tweet_id: z.string().nullable(),
  });

const incidentStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']);
const maintenanceStatus = z.enum(['scheduled', 'in_progress', 'verifying', 'completed']);

const incidentFields = {
  id: z.string(),
  name: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
  monitoring_at: timestamp.nullable(),
  resolved_at: timestamp.nullable(),
  started_at: timestamp,
  shortlink: z.url(),
  page_id: z.string(),
  components: z.array(spComponent),
};
export const spIncident = z.strictObject({ ...incidentFields, status: incidentStatus, impact: z.enum(['none', 'minor', 'major', 'critical']), incident_updates: z.array(update(incidentStatus)) });
export const spMaintenance = z.strictObject({
  ...incidentFields,
  started_at: timestamp.nullable(),
  status: maintenanceStatus,
  impact: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']),
  scheduled_for: timestamp,
  scheduled_until: timestamp,
  incident_updates: z.array(update(maintenanceStatus)),
});

/** Every endpoint Baken serves under /api/v2 and the shape of its answer. */
export const SP_ENDPOINTS = {
  '/api/v2/summary.json': z.strictObject({ page: spPage, status: spStatus, components: z.array(spComponent), incidents: z.array(spIncident), scheduled_maintenances: z.array(spMaintenance) }),
  '/api/v2/status.json': z.strictObject({ page: spPage, status: spStatus }),
  '/api/v2/components.json': z.strictObject({ page: spPage, components: z.array(spComponent) }),
  '/api/v2/incidents.json': z.strictObject({ page: spPage, incidents: z.array(spIncident) }),
  '/api/v2/incidents/unresolved.json': z.strictObject({ page: spPage, incidents: z.array(spIncident) }),
  '/api/v2/scheduled-maintenances.json': z.strictObject({ page: spPage, scheduled_maintenances: z.array(spMaintenance) }),
  '/api/v2/scheduled-maintenances/upcoming.json': z.strictObject({ page: spPage, scheduled_maintenances: z.array(spMaintenance) }),
  '/api/v2/scheduled-maintenances/active.json': z.strictObject({ page: spPage, scheduled_maintenances: z.array(spMaintenance) }),
} as const;

export const spSingleIncident = z.strictObject({ page: spPage, incident: spIncident });
export const spSingleComponent = z.strictObject({ page: spPage, component: spComponent });
