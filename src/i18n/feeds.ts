// Text of the feeds and the maintenance calendar. Kept apart from the page dictionaries (en.ts, nl.ts)
// because only feeds use it; labels the pages already have (statuses, "Affected services") are
// taken from there, so a feed and its page never name a status differently.
import type { Locale } from '../config.ts';

const en = {
  title: (page: string) => `${page} status`,
  serviceTitle: (page: string, service: string) => `${page} status: ${service}`,
  description: (page: string) => `Incidents, planned maintenance and post-incident reports of ${page} services.`,
  serviceDescription: (page: string, service: string) => `Incidents, planned maintenance and post-incident reports affecting ${service} (${page}).`,
  maintenanceTitle: (title: string) => `Planned maintenance: ${title}`,
  reportTitle: (title: string) => `Post-incident report: ${title}`,
  cancelledSummary: (title: string) => `Cancelled: ${title}`,
  calendarName: (page: string) => `${page} planned maintenance`,
  calendarDescription: (page: string) => `Planned maintenance windows of ${page} services.`,
  services: 'Services',
  link: 'Details',
  linkTitle: {
    rss: (page: string) => `${page} status (RSS)`,
    atom: (page: string) => `${page} status (Atom)`,
    json: (page: string) => `${page} status (JSON Feed)`,
    calendar: (page: string) => `${page} planned maintenance (iCalendar)`,
  },
};

export type FeedText = typeof en;

const nl: FeedText = {
  title: (page) => `Status van ${page}`,
  serviceTitle: (page, service) => `Status van ${page}: ${service}`,
  description: (page) => `Storingen, gepland onderhoud en evaluaties na storingen van de diensten van ${page}.`,
  serviceDescription: (page, service) => `Storingen, gepland onderhoud en evaluaties na storingen die ${service} raken (${page}).`,
  maintenanceTitle: (title) => `Gepland onderhoud: ${title}`,
  reportTitle: (title) => `Evaluatie na de storing: ${title}`,
  cancelledSummary: (title) => `Geannuleerd: ${title}`,
  calendarName: (page) => `Gepland onderhoud van ${page}`,
  calendarDescription: (page) => `Geplande onderhoudsvensters van de diensten van ${page}.`,
  services: 'Diensten',
  link: 'Details',
  linkTitle: {
    rss: (page) => `Status van ${page} (RSS)`,
    atom: (page) => `Status van ${page} (Atom)`,
    json: (page) => `Status van ${page} (JSON Feed)`,
    calendar: (page) => `Gepland onderhoud van ${page} (iCalendar)`,
  },
};

export const feedTexts: Record<Locale, FeedText> = { nl, en };
