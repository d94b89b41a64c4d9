// Every word the emails say, in both languages. Kept apart from the site's dictionaries
// (src/i18n): an email is read out of context, weeks later, in a mail client, so it names things
// more fully than the page does.
import type { Locale } from '../../config.ts';

import type { Impact, IncidentStatus, MaintenanceStatus } from '../../domain/vocabulary.ts';
import { OUTBOX_EVENT_TYPES, type OutboxEventType } from '../kernel/outbox-events.ts';

/** Every outbox event kind has an email. */
export const EMAIL_KINDS = OUTBOX_EVENT_TYPES;
export type EmailKind = OutboxEventType;

export interface EmailWords {
  /** Subject after the "[Page] " prefix; `status` is the localized status where one applies. */
  subject: Record<EmailKind, (title: string, status: string) => string>;
  /** The sentence under the heading. */
  intro: Record<EmailKind, string>;
  incidentStatus: Record<IncidentStatus, string>;
  maintenanceStatus: Record<MaintenanceStatus, string>;
  impact: Record<Impact, string>;
  status: string;
  affected: string;
  window: string;
  previousWindow: string;
  reportDue: string;
  viewIncident: string;
  viewMaintenance: string;
  viewReport: string;
  manage: string;
  unsubscribe: string;
  footer: (page: string) => string;
  confirmHeading: string;
  confirmBody: (page: string) => string;
  confirmButton: string;
  confirmExpiry: string;
  confirmIgnore: string;
}

const en: EmailWords = {
  subject: {
    'incident.created': (t) => `Incident: ${t}`,
    'incident.updated': (t, s) => `${s}: ${t}`,
    'incident.resolved': (t) => `Resolved: ${t}`,
    'incident.reopened': (t) => `Reopened: ${t}`,
    'maintenance.scheduled': (t) => `Planned maintenance: ${t}`,
    'maintenance.changed': (t) => `Maintenance changed: ${t}`,
    'maintenance.reminder': (t) => `Maintenance starts in 1 hour: ${t}`,
    'maintenance.started': (t) => `Maintenance started: ${t}`,
    'maintenance.updated': (t) => `Maintenance update: ${t}`,
    'maintenance.completed': (t) => `Maintenance completed: ${t}`,
    'maintenance.cancelled': (t) => `Maintenance cancelled: ${t}`,
    'report.published': (t) => `Incident report: ${t}`,
    'subscription.confirm': () => 'Confirm your subscription',
  },
  intro: {
    'incident.created': 'We are looking into a problem.',
    'incident.updated': 'There is news about this incident.',
    'incident.resolved': 'This incident has been resolved.',
    'incident.reopened': 'This incident has been reopened: the problem is back.',
    'maintenance.scheduled': 'We have planned maintenance.',
    'maintenance.changed': 'The plan for this maintenance has changed.',
    'maintenance.reminder': 'This maintenance starts in about one hour.',
    'maintenance.started': 'This maintenance has started.',
    'maintenance.updated': 'There is news about this maintenance.',
    'maintenance.completed': 'This maintenance is complete.',
    'maintenance.cancelled': 'This maintenance has been cancelled; nothing will change.',
    'report.published': 'The report on this incident has been published: what happened, why, and what we are changing.',
    'subscription.confirm': '',
  },
  incidentStatus: { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' },
  maintenanceStatus: { scheduled: 'Scheduled', in_progress: 'In progress', verifying: 'Verifying', completed: 'Completed', cancelled: 'Cancelled' },
  impact: { degraded_performance: 'Degraded performance', partial_outage: 'Partial outage', major_outage: 'Major outage' },
  status: 'Status',
  affected: 'Affected services',
  window: 'When',
  previousWindow: 'Previously planned',
  reportDue: 'Report due',
  viewIncident: 'View this incident on the status page',
  viewMaintenance: 'View this maintenance on the status page',
  viewReport: 'Read the full report',
  manage: 'Manage your subscription',
  unsubscribe: 'Unsubscribe',
  footer: (page) => `You receive this email because you subscribed to updates from the ${page} status page.`,
  confirmHeading: 'Confirm your subscription',
  confirmBody: (page) => `Someone, hopefully you, asked to receive email about incidents and maintenance from the ${page} status page at this address.`,
  confirmButton: 'Confirm my subscription',
  confirmExpiry: 'The link works for 48 hours.',
  confirmIgnore: 'Not you? Then ignore this email: without confirmation we send nothing else.',
};

const nl: EmailWords = {
  subject: {
    'incident.created': (t) => `Storing: ${t}`,
    'incident.updated': (t, s) => `${s}: ${t}`,
    'incident.resolved': (t) => `Opgelost: ${t}`,
    'incident.reopened': (t) => `Heropend: ${t}`,
    'maintenance.scheduled': (t) => `Gepland onderhoud: ${t}`,
    'maintenance.changed': (t) => `Onderhoud gewijzigd: ${t}`,
    'maintenance.reminder': (t) => `Onderhoud begint over 1 uur: ${t}`,
    'maintenance.started': (t) => `Onderhoud begonnen: ${t}`,
    'maintenance.updated': (t) => `Update over onderhoud: ${t}`,
    'maintenance.completed': (t) => `Onderhoud afgerond: ${t}`,
    'maintenance.cancelled': (t) => `Onderhoud geannuleerd: ${t}`,
    'report.published': (t) => `Storingsrapport: ${t}`,
    'subscription.confirm': () => 'Bevestig uw aanmelding',
  },
  intro: {
    'incident.created': 'We onderzoeken een probleem.',
    'incident.updated': 'Er is nieuws over deze storing.',
    'incident.resolved': 'Deze storing is opgelost.',
    'incident.reopened': 'Deze storing is heropend: het probleem is terug.',
    'maintenance.scheduled': 'We hebben onderhoud gepland.',
    'maintenance.changed': 'De planning van dit onderhoud is gewijzigd.',
    'maintenance.reminder': 'Dit onderhoud begint over ongeveer een uur.',
    'maintenance.started': 'Dit onderhoud is begonnen.',
    'maintenance.updated': 'Er is nieuws over dit onderhoud.',
    'maintenance.completed': 'Dit onderhoud is afgerond.',
    'maintenance.cancelled': 'Dit onderhoud gaat niet door; er verandert niets.',
    'report.published': 'Het rapport over deze storing is gepubliceerd: wat er gebeurde, waarom, en wat we veranderen.',
    'subscription.confirm': '',
  },
  incidentStatus: { investigating: 'Wordt onderzocht', identified: 'Oorzaak gevonden', monitoring: 'Wordt gevolgd', resolved: 'Opgelost' },
  maintenanceStatus: { scheduled: 'Gepland', in_progress: 'Bezig', verifying: 'Wordt gecontroleerd', completed: 'Afgerond', cancelled: 'Geannuleerd' },
  impact: { degraded_performance: 'Verminderde prestaties', partial_outage: 'Gedeeltelijke storing', major_outage: 'Grote storing' },
  status: 'Status',
  affected: 'Getroffen diensten',
  window: 'Wanneer',
  previousWindow: 'Eerder gepland',
  reportDue: 'Rapport verwacht',
  viewIncident: 'Bekijk deze storing op de statuspagina',
  viewMaintenance: 'Bekijk dit onderhoud op de statuspagina',
  viewReport: 'Lees het volledige rapport',
  manage: 'Beheer uw aanmelding',
  unsubscribe: 'Afmelden',
  footer: (page) => `U ontvangt deze e-mail omdat u zich hebt aangemeld voor updates van de statuspagina van ${page}.`,
  confirmHeading: 'Bevestig uw aanmelding',
  confirmBody: (page) => `Iemand, hopelijk u, wil op dit adres e-mail ontvangen over storingen en onderhoud van de statuspagina van ${page}.`,
  confirmButton: 'Bevestig mijn aanmelding',
  confirmExpiry: 'De link werkt 48 uur.',
  confirmIgnore: 'Was u dit niet? Negeer deze e-mail dan: zonder bevestiging sturen we niets meer.',
};

export const EMAIL_WORDS: Record<Locale, EmailWords> = { en, nl };
