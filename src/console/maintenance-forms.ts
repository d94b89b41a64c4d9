// The maintenance forms of the console as plain values and as the admin API's request bodies, and
// the 48-hour notice check the schedule form shows before saving.
import type { MaintenanceRecord } from '../services/maintenance/commands.ts';
import { maintenanceNotice, type Notice } from '../services/maintenance/commands.ts';
import { checked, field } from './forms.ts';
import { translationBody } from './incident-forms.ts';
import { fromLocalInput, localToIso, toLocalInput } from './local-time.ts';

export interface MaintenanceFormValues {
  title: string;
  message: string;
  /** '' = the page's default locale. */
  lang: string;
  titleTranslation: string;
  messageTranslation: string;
  services: Set<number>;
  start: string;
  end: string;
  autoTransition: boolean;
  notify: boolean;
  acceptShortNotice: boolean;
}

export const MAINTENANCE_FIELDS = { scheduledStart: 'start', scheduledEnd: 'end', 'translation.title': 'titleTranslation', 'translation.message': 'messageTranslation', translation: 'titleTranslation' };

export function emptyMaintenanceForm(): MaintenanceFormValues {
  return { title: '', message: '', lang: '', titleTranslation: '', messageTranslation: '', services: new Set(), start: '', end: '', autoTransition: true, notify: true, acceptShortNotice: false };
}

export function readMaintenanceForm(form: FormData): MaintenanceFormValues {
  const services = new Set<number>();
  for (const v of form.getAll('services')) if (typeof v === 'string' && /^\d{1,15}$/.test(v)) services.add(Number(v));
  return {
    title: field(form, 'title'),
    message: field(form, 'message'),
    lang: field(form, 'lang'),
    titleTranslation: field(form, 'titleTranslation'),
    messageTranslation: field(form, 'messageTranslation'),
    services,
    start: field(form, 'start').trim(),
    end: field(form, 'end').trim(),
    autoTransition: checked(form, 'autoTransition'),
    notify: checked(form, 'notify'),
    acceptShortNotice: checked(form, 'acceptShortNotice'),
  };
}

/** '' and unreadable values become strings the schema refuses, so the field gets its message. */
const time = (value: string, timeZone: string) => (value === '' ? '' : (localToIso(value, timeZone) ?? 'invalid'));

/** POST /api/admin/maintenances. */
export function createMaintenanceBody(v: MaintenanceFormValues, timeZone: string) {
  return {
    title: v.title,
    message: v.message,
    lang: v.lang === '' ? undefined : v.lang,
    translation: translationBody({ title: v.titleTranslation, message: v.messageTranslation }),
    services: [...v.services].sort((a, b) => a - b),
    scheduledStart: time(v.start, timeZone),
    scheduledEnd: time(v.end, timeZone),
    autoTransition: v.autoTransition,
    notify: v.notify,
  };
}

export function changeFormOf(m: MaintenanceRecord, timeZone: string): MaintenanceFormValues {
  return {
    title: m.title,
    message: m.body,
    lang: m.lang ?? '',
    titleTranslation: m.titleTranslation ?? '',
    messageTranslation: m.bodyTranslation ?? '',
    services: new Set(m.services.map((s) => s.id)),
    start: toLocalInput(m.scheduledStart, timeZone),
    end: toLocalInput(m.scheduledEnd, timeZone),
    autoTransition: m.autoTransition,
    notify: true,
    acceptShortNotice: false,
  };
}

/** PATCH /api/admin/maintenances/{id}: only what differs from the record. */
export function changeBody(m: MaintenanceRecord, v: MaintenanceFormValues, timeZone: string) {
  const before = changeFormOf(m, timeZone);
  const body: Record<string, unknown> = {};
  if (v.title !== before.title) body.title = v.title;
  if (v.message !== before.message) body.message = v.message;
  if (v.lang !== before.lang && v.lang !== '') body.lang = v.lang;
  // An emptied translation is removed (null).
  const translation: Record<string, string | null> = {};
  if (v.titleTranslation !== before.titleTranslation) translation.title = v.titleTranslation === '' ? null : v.titleTranslation;
  if (v.messageTranslation !== before.messageTranslation) translation.message = v.messageTranslation === '' ? null : v.messageTranslation;
  if (Object.keys(translation).length > 0) body.translation = translation;
  if (v.start !== before.start) body.scheduledStart = time(v.start, timeZone);
  if (v.end !== before.end) body.scheduledEnd = time(v.end, timeZone);
  const ids = (s: Set<number>) => [...s].sort((a, b) => a - b);
  if (ids(v.services).join() !== ids(before.services).join()) body.services = ids(v.services);
  if (v.autoTransition !== before.autoTransition) body.autoTransition = v.autoTransition;
  if (Object.keys(body).length > 0) body.notify = v.notify;
  return body;
}

/** The notice the window would have: announced at `announcedAt` (now, for a new one). */
export function noticeOf(start: string, timeZone: string, announcedAt: number): Notice | undefined {
  const t = fromLocalInput(start, timeZone);
  return t === undefined ? undefined : maintenanceNotice({ scheduledStart: t, announcedAt });
}
