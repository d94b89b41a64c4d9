// Baken's tables. Every instant is stored as UTC epoch milliseconds in an INTEGER column:
// the engine works on numbers, and SQLite compares integers through indexes cheaply.
import { API_ROLES, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES, SEVERITIES, SLA_EXCLUSION_CAUSES } from '../src/domain/vocabulary.ts';
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const LOCALE_VALUES = ['nl', 'en'] as const;

// Texts customers read (names, titles, messages, reports) are stored in the language staff wrote
// them in, `lang` (NULL: the page's default locale, BAKEN_DEFAULT_LOCALE — what every row written
// before there were two languages means), with an optional `*_translation` column holding the
// same text in the other language. A reader without a translation sees the original, marked.
const lang = () => text('lang', { enum: LOCALE_VALUES });

export const serviceGroups = sqliteTable(
  'service_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    lang: lang(),
    nameTranslation: text('name_translation'),
    position: integer('position').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    // Where an imported record came from ("statuspage:<page id>:<id>"): re-running an import finds it.
    externalId: text('external_id'),
  },
  (t) => [uniqueIndex('service_groups_external_id').on(t.externalId)],
);

export const services = sqliteTable(
  'services',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    lang: lang(),
    nameTranslation: text('name_translation'),
    descriptionTranslation: text('description_translation'),
    groupId: integer('group_id').references(() => serviceGroups.id),
    position: integer('position').notNull().default(0),
    // SLA: development, staging, beta and trial services are not covered at all.
    slaCovered: integer('sla_covered', { mode: 'boolean' }).notNull().default(true),
    // Observed time (uptime denominators) starts here; defaults to the creation time.
    startDate: integer('start_date').notNull(),
    archivedAt: integer('archived_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    externalId: text('external_id'),
  },
  (t) => [uniqueIndex('services_slug_unique').on(t.slug), index('services_group_position').on(t.groupId, t.position), uniqueIndex('services_external_id').on(t.externalId)],
);

export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    // The language of the title, of every update's message and of the report.
    lang: lang(),
    titleTranslation: text('title_translation'),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull(),
    // When impact began: defaults to creation, may be backdated.
    startedAt: integer('started_at').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    // First time the incident reached monitoring (a workaround is in place): Statuspage's monitoring_at.
    monitoringAt: integer('monitoring_at'),
    resolvedAt: integer('resolved_at'),
    slaExclusionCause: text('sla_exclusion_cause', { enum: SLA_EXCLUSION_CAUSES }),
    slaExclusionReason: text('sla_exclusion_reason'),
    backfilled: integer('backfilled', { mode: 'boolean' }).notNull().default(false),
    externalId: text('external_id'),
  },
  (t) => [
    uniqueIndex('incidents_external_id').on(t.externalId),
    index('incidents_resolved_at').on(t.resolvedAt),
    index('incidents_started_at').on(t.startedAt),
    index('incidents_status').on(t.status),
  ],
);

export const incidentUpdates = sqliteTable(
  'incident_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull(),
    // Markdown as the author wrote it; sanitised only when rendered.
    body: text('body').notNull(),
    // In the incident's other language.
    bodyTranslation: text('body_translation'),
    createdAt: integer('created_at').notNull(),
    backfilled: integer('backfilled', { mode: 'boolean' }).notNull().default(false),
    externalId: text('external_id'),
  },
  (t) => [index('incident_updates_incident').on(t.incidentId, t.createdAt), uniqueIndex('incident_updates_external_id').on(t.externalId)],
);

// The impact history: one row per (incident, service, impact) while that impact was in force.
// endAt NULL means still in force. Uptime and status are computed from these intervals only.
export const incidentImpacts = sqliteTable(
  'incident_impacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    impact: text('impact', { enum: IMPACTS }).notNull(),
    startAt: integer('start_at').notNull(),
    endAt: integer('end_at'),
  },
  (t) => [
    // Window queries: "intervals of these services that end after the window starts".
    index('incident_impacts_end').on(t.endAt, t.serviceId),
    index('incident_impacts_service').on(t.serviceId, t.startAt),
    index('incident_impacts_incident').on(t.incidentId),
  ],
);

export const maintenances = sqliteTable(
  'maintenances',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    // The language of the title, the body and every update's message.
    lang: lang(),
    titleTranslation: text('title_translation'),
    bodyTranslation: text('body_translation'),
    scheduledStart: integer('scheduled_start').notNull(),
    scheduledEnd: integer('scheduled_end').notNull(),
    // Set by the server when the window is created (or by a backfill's `at`), never by clients:
    // the SLA's 48-hour notice rule depends on it.
    announcedAt: integer('announced_at').notNull(),
    status: text('status', { enum: MAINTENANCE_STATUSES }).notNull(),
    actualStart: integer('actual_start'),
    actualEnd: integer('actual_end'),
    autoTransition: integer('auto_transition', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    backfilled: integer('backfilled', { mode: 'boolean' }).notNull().default(false),
    externalId: text('external_id'),
  },
  (t) => [
    uniqueIndex('maintenances_external_id').on(t.externalId),
    index('maintenances_scheduled_end').on(t.scheduledEnd),
    index('maintenances_status').on(t.status),
    index('maintenances_actual_end').on(t.actualEnd),
  ],
);

export const maintenanceServices = sqliteTable(
  'maintenance_services',
  {
    maintenanceId: integer('maintenance_id')
      .notNull()
      .references(() => maintenances.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
  },
  (t) => [primaryKey({ columns: [t.maintenanceId, t.serviceId] }), index('maintenance_services_service').on(t.serviceId)],
);

export const maintenanceUpdates = sqliteTable(
  'maintenance_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    maintenanceId: integer('maintenance_id')
      .notNull()
      .references(() => maintenances.id),
    status: text('status', { enum: MAINTENANCE_STATUSES }).notNull(),
    body: text('body').notNull().default(''),
    // In the window's other language.
    bodyTranslation: text('body_translation'),
    createdAt: integer('created_at').notNull(),
    backfilled: integer('backfilled', { mode: 'boolean' }).notNull().default(false),
    externalId: text('external_id'),
  },
  (t) => [index('maintenance_updates_maintenance').on(t.maintenanceId, t.createdAt), uniqueIndex('maintenance_updates_external_id').on(t.externalId)],
);

// Post-incident report. Its due time is not stored: it is always resolvedAt + 48 h of the incident
// (a reopened and re-resolved incident moves it), so it is derived where it is shown.
export const incidentReports = sqliteTable('incident_reports', {
  incidentId: integer('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  body: text('body').notNull(),
  // In the incident's other language.
  bodyTranslation: text('body_translation'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  publishedAt: integer('published_at'),
  backfilled: integer('backfilled', { mode: 'boolean' }).notNull().default(false),
});

// Earlier texts of a published post-incident report: one row per edit after publication, holding
// the text that edit replaced, so what subscribers were first told is never lost. Drafts before
// publication are private and keep no history.
export const incidentReportRevisions = sqliteTable(
  'incident_report_revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    // When the edit was made (the write's time; a backfill's `at`).
    editedAt: integer('edited_at').notNull(),
    // Who edited: the API key's name, the staff member's name (their email if they have none), or 'ADMIN_TOKEN'/'cli'.
    authorName: text('author_name').notNull(),
    // The text as it stood before this edit.
    previousBody: text('previous_body').notNull(),
    previousBodyTranslation: text('previous_body_translation'),
  },
  (t) => [index('incident_report_revisions_incident').on(t.incidentId, t.editedAt)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull().default(sql`0`),
});


// Admin API keys. Only a SHA-256 of the key is stored (keys are 256-bit random, so a slow hash adds
// nothing); `prefix` lets staff recognise a key in lists without revealing it.
export const apiKeys = sqliteTable('api_keys', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  role: text('role', { enum: API_ROLES }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  createdAt: integer('created_at').notNull(),
  lastUsedAt: integer('last_used_at'),
  revokedAt: integer('revoked_at'),
});

// Every admin write: who, what, when, and the record before and after (JSON).
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Server time of the write; `effectiveAt` is the backfilled time when `at` was given.
    at: integer('at').notNull(),
    effectiveAt: integer('effective_at').notNull(),
    actorKeyId: integer('actor_key_id'),
    // The key's name; a staff member's email (console, actorKeyId null); or a system part: 'cli',
    // 'scheduler', 'ADMIN_TOKEN' (actorKeyId null, never an '@').
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    backfilled: integer('backfilled', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('audit_log_entity').on(t.entityType, t.entityId),
    index('audit_log_at').on(t.at),
    // "By person" in the console's audit log.
    index('audit_log_actor').on(t.actorName, t.id),
  ],
);

// Announcements, written in the same transaction as the change they announce, so a crash can
// neither lose one nor announce a change that was rolled back. Delivery workers read from here.
export const outboxEvents = sqliteTable(
  'outbox_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    type: text('type').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id').notNull(),
    // Services whose subscribers are concerned (JSON array of ids).
    serviceIds: text('service_ids', { mode: 'json' }).$type<number[]>().notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    notify: integer('notify', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
    processedAt: integer('processed_at'),
  },
  (t) => [index('outbox_events_pending').on(t.processedAt, t.id)],
);

// Email subscribers. Nothing but the confirmation is sent before confirmedAt; unsubscribedAt and
// suppressedAt (bounce/complaint from Resend webhooks) stop every send at once.
export const subscribers = sqliteTable(
  'subscribers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Stored lower-cased and trimmed: one row per address.
    email: text('email').notNull().unique(),
    locale: text('locale', { enum: LOCALE_VALUES }).notNull(),
    // true: every service, now and future; false: only the rows in subscriber_services.
    allServices: integer('all_services', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
    confirmedAt: integer('confirmed_at'),
    unsubscribedAt: integer('unsubscribed_at'),
    suppressedAt: integer('suppressed_at'),
    suppressionReason: text('suppression_reason'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('subscribers_confirmed').on(t.confirmedAt)],
);

export const subscriberServices = sqliteTable(
  'subscriber_services',
  {
    subscriberId: integer('subscriber_id')
      .notNull()
      .references(() => subscribers.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
  },
  (t) => [primaryKey({ columns: [t.subscriberId, t.serviceId] }), index('subscriber_services_service').on(t.serviceId)],
);

// One row per (outbox event, subscriber): the unit the mail worker sends, retries and records.
// The unique pair plus the idempotency key sent to Resend are what make a crash neither lose nor
// duplicate an email.
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => outboxEvents.id),
    subscriberId: integer('subscriber_id')
      .notNull()
      .references(() => subscribers.id),
    // pending → sent | failed (permanent) ; attempts counts tries, nextAttemptAt schedules retries.
    state: text('state', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    resendId: text('resend_id'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    // Set (with the address and language it is sent to) in one transaction before the first HTTP
    // call for its batch, and never changed: a retry after a crash or a 5xx sends the very same
    // batch, byte for byte, under the same Resend idempotency key, so Resend answers with the
    // original ids instead of sending again.
    batchKey: text('batch_key'),
    toEmail: text('to_email'),
    locale: text('locale', { enum: LOCALE_VALUES }),
  },
  (t) => [
    uniqueIndex('deliveries_event_subscriber').on(t.eventId, t.subscriberId),
    index('deliveries_due').on(t.state, t.nextAttemptAt),
    // The sender's two queues, kept small by their conditions so neither grows with sent history:
    // rows not yet in a batch (taken in id order) and frozen batches waiting for a retry.
    index('deliveries_unbatched').on(t.id).where(sql`state = 'pending' AND batch_key IS NULL`),
    index('deliveries_batched').on(t.batchKey, t.nextAttemptAt).where(sql`state = 'pending' AND batch_key IS NOT NULL`),
  ],
);

// Resend webhook messages already handled (svix-id), so a replay is ignored.
export const webhookMessages = sqliteTable('webhook_messages', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: integer('received_at').notNull(),
});

// Staff accounts of the web console, with the same roles as API keys. Only an argon2id hash of the
// password is stored (PHC string, salt and parameters included); disabledAt ends every session and
// refuses sign-in, but keeps the row so the audit log still names the person.
export const staffUsers = sqliteTable('staff_users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  // Stored lower-cased and trimmed: one account per address.
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  role: text('role', { enum: API_ROLES }).notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  lastSignInAt: integer('last_sign_in_at'),
  disabledAt: integer('disabled_at'),
});

// Console sessions. The cookie carries a 256-bit random token; only its SHA-256 is stored, so a
// copy of the database signs nobody in. A session ends at the first of: sign-out, idle timeout
// (lastSeenAt), absolute expiry (expiresAt), the account being disabled.
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => staffUsers.id),
    tokenHash: text('token_hash').notNull().unique(),
    // Per-session anti-CSRF token, put in a hidden field of every console form.
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    // One message for the next page (post → redirect → get), JSON.
    flash: text('flash', { mode: 'json' }),
  },
  (t) => [index('staff_sessions_user').on(t.userId)],
);

// Reusable incident texts: a title, severity, first message and the usual services with impacts,
// copied into the new-incident form (nothing links an incident to the template it came from).
export const incidentTemplates = sqliteTable('incident_templates', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  title: text('title').notNull(),
  severity: text('severity', { enum: SEVERITIES }).notNull(),
  message: text('message').notNull(),
  // [{ serviceId, impact }]; a service archived later is left out when the template is used.
  services: text('services', { mode: 'json' }).$type<{ serviceId: number; impact: (typeof IMPACTS)[number] }[]>().notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

// Webhook subscribers added by staff: a URL that receives every announcement (or those of its
// services) as JSON in Statuspage's webhook shape, or as a Slack or Microsoft Teams message.
export const WEBHOOK_PRESETS = ['statuspage', 'slack', 'teams'] as const;
export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  url: text('url').notNull(),
  preset: text('preset', { enum: WEBHOOK_PRESETS }).notNull(),
  // The HMAC-SHA256 key of Baken-Signature. Kept as is: signing needs it (shown to staff once).
  secret: text('secret').notNull(),
  // true: every service, now and future; false: only the rows in webhook_endpoint_services.
  allServices: integer('all_services', { mode: 'boolean' }).notNull().default(true),
  // Events up to this outbox id were written before the endpoint existed and are not sent to it.
  fromEventId: integer('from_event_id').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  // Failed attempts in a row, any delivery; reaching the configured limit disables the endpoint.
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  disabledAt: integer('disabled_at'),
  disabledReason: text('disabled_reason'),
  deletedAt: integer('deleted_at'),
});

export const webhookEndpointServices = sqliteTable(
  'webhook_endpoint_services',
  {
    endpointId: integer('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
  },
  (t) => [primaryKey({ columns: [t.endpointId, t.serviceId] })],
);

// One row per (outbox event, endpoint, subject): the body is rendered once, at expansion, and sent
// byte for byte on every try under the same Baken-Event-Id, so a receiver that keeps the ids it has
// seen processes each event once even when a crash makes Baken send it again.
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => outboxEvents.id),
    endpointId: integer('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    // '' for the incident or maintenance itself, 'component:<service id>' for a component_update.
    subject: text('subject').notNull(),
    // The Baken-Event-Id header: the same for every endpoint and every try.
    eventKey: text('event_key').notNull(),
    eventType: text('event_type').notNull(),
    body: text('body').notNull(),
    state: text('state', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_unique').on(t.eventId, t.endpointId, t.subject),
    index('webhook_deliveries_due').on(t.nextAttemptAt, t.id).where(sql`state = 'pending'`),
    index('webhook_deliveries_endpoint').on(t.endpointId, t.id),
  ],
);

// Every HTTP attempt of a webhook delivery: when, how long, the answer's status or the error.
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id),
    at: integer('at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
  },
  (t) => [index('webhook_attempts_delivery').on(t.deliveryId)],
);

// Attempts counted by the rate limits (src/services/kernel/rate-limit.ts), in the database so every
// instance on it counts the same attempts. Rows older than their window are deleted as they pass.
export const rateLimitHits = sqliteTable(
  'rate_limit_hits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Which limit: e.g. subscribe.client, sign-in.account. */
    bucket: text('bucket').notNull(),
    key: text('key').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('rate_limit_hits_key').on(t.bucket, t.key, t.at), index('rate_limit_hits_at').on(t.at)],
);
