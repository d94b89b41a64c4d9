// The incident forms of the console as plain values (what the page re-renders after a refusal)
// and as the request bodies the admin API's schemas validate: the console submits exactly what an
// API client would, and the service applies the same rules to both.
import type { IncidentRecord } from '../services/incidents/records.ts';
import { currentImpacts } from '../services/incidents/records.ts';
import { checked, field } from './forms.ts';
import { localToIso, toLocalInput } from './local-time.ts';

export interface IncidentFormValues {
  title: string;
  /** '' = the page's default locale. */
  lang: string;
  titleTranslation: string;
  messageTranslation: string;
  severity: string;
  status: string;
  message: string;
  /** Service id → impact ('' = not affected). */
  impacts: Map<number, string>;
  startedAt: string;
  cause: string;
  reason: string;
  notify: boolean;
}

/** Where a schema or service path is shown in the incident forms. */
export const INCIDENT_FIELDS = {
  'translation.title': 'titleTranslation',
  'translation.message': 'messageTranslation',
  translation: 'titleTranslation',
  'slaExclusion.cause': 'cause',
  'slaExclusion.reason': 'reason',
  slaExclusion: 'cause',
};

export function emptyIncidentForm(): IncidentFormValues {
  return { title: '', lang: '', titleTranslation: '', messageTranslation: '', severity: '', status: 'investigating', message: '', impacts: new Map(), startedAt: '', cause: '', reason: '', notify: true };
}

/** The impact selects (`impact-<id>`) of a posted form. */
export function readImpacts(form: FormData): Map<number, string> {
  const impacts = new Map<number, string>();
  for (const [name, value] of form.entries()) {
    const m = /^impact-(\d{1,15})$/.exec(name);
    if (m && typeof value === 'string') impacts.set(Number(m[1]), value);
  }
  return impacts;
}

export function readIncidentForm(form: FormData): IncidentFormValues {
  return {
    title: field(form, 'title'),
    lang: field(form, 'lang'),
    titleTranslation: field(form, 'titleTranslation'),
    messageTranslation: field(form, 'messageTranslation'),
    severity: field(form, 'severity'),
    status: field(form, 'status') || 'investigating',
    message: field(form, 'message'),
    impacts: readImpacts(form),
    startedAt: field(form, 'startedAt'),
    cause: field(form, 'cause'),
    reason: field(form, 'reason'),
    notify: checked(form, 'notify'),
  };
}

/** The affected services as the API names them: one `{ service: id, impact }` per chosen impact. */
export function impactList(impacts: ReadonlyMap<number, string>): { service: number; impact: string }[] {
  return [...impacts].filter(([, impact]) => impact !== '').map(([service, impact]) => ({ service, impact }));
}

/** A local time as the API's ISO string; an unreadable value stays a string the schema refuses. */
function time(value: string, timeZone: string): string | undefined {
  if (value.trim() === '') return undefined;
  return localToIso(value.trim(), timeZone) ?? 'invalid';
}

function exclusion(v: Pick<IncidentFormValues, 'cause' | 'reason'>) {
  return v.cause === '' ? undefined : { cause: v.cause, reason: v.reason };
}

/** A translation object of the fields staff filled in; undefined when they filled in none. */
export function translationBody<K extends string>(fields: Record<K, string>): Partial<Record<K, string>> | undefined {
  const given = Object.entries<string>(fields).filter(([, value]) => value !== '');
  return given.length === 0 ? undefined : (Object.fromEntries(given) as Partial<Record<K, string>>);
}

/** POST /api/admin/incidents. */
export function createIncidentBody(v: IncidentFormValues, timeZone: string) {
  return {
    title: v.title,
    lang: v.lang === '' ? undefined : v.lang,
    translation: translationBody({ title: v.titleTranslation, message: v.messageTranslation }),
    severity: v.severity,
    status: v.status,
    message: v.message,
    services: impactList(v.impacts),
    startedAt: time(v.startedAt, timeZone),
    slaExclusion: exclusion(v),
    notify: v.notify,
  };
}

/** The impacts in force now (open) or at resolution (resolved), as the form shows them. */
export function impactsOf(m: IncidentRecord): Map<number, string> {
  return new Map(currentImpacts(m).map((i) => [i.serviceId, i.impact as string]));
}

function sameImpacts(a: ReadonlyMap<number, string>, b: ReadonlyMap<number, string>): boolean {
  const list = (m: ReadonlyMap<number, string>) => impactList(m).map((i) => `${i.service}:${i.impact}`).sort().join();
  return list(a) === list(b);
}

/** POST /api/admin/incidents/{id}/updates: `services` only when the impacts changed. */
export function updateBody(m: IncidentRecord, v: { status: string; message: string; messageTranslation: string; impacts: Map<number, string>; notify: boolean }, reopen: boolean) {
  const changed = !sameImpacts(v.impacts, impactsOf(m));
  return {
    status: v.status,
    message: v.message,
    translation: translationBody({ message: v.messageTranslation }),
    ...(changed ? { services: impactList(v.impacts) } : {}),
    notify: v.notify,
    ...(reopen ? { reopen: true } : {}),
  };
}

export function editFormOf(m: IncidentRecord, timeZone: string): IncidentFormValues {
  return {
    ...emptyIncidentForm(),
    title: m.title,
    lang: m.lang ?? '',
    titleTranslation: m.titleTranslation ?? '',
    severity: m.severity,
    startedAt: toLocalInput(m.startedAt, timeZone),
    cause: m.slaExclusionCause ?? '',
    reason: m.slaExclusionReason ?? '',
  };
}

/** PATCH /api/admin/incidents/{id}: only the fields that differ from the record. */
export function editBody(m: IncidentRecord, v: IncidentFormValues, timeZone: string) {
  const before = editFormOf(m, timeZone);
  const body: Record<string, unknown> = {};
  if (v.title !== before.title) body.title = v.title;
  if (v.lang !== before.lang && v.lang !== '') body.lang = v.lang;
  // An emptied translation is removed (null).
  if (v.titleTranslation !== before.titleTranslation) body.translation = { title: v.titleTranslation === '' ? null : v.titleTranslation };
  if (v.severity !== before.severity) body.severity = v.severity;
  // An emptied field keeps the start (it cannot be unset); the service checks any new value.
  if (v.startedAt !== '' && v.startedAt !== before.startedAt) body.startedAt = time(v.startedAt, timeZone);
  if (v.cause !== before.cause || (v.cause !== '' && v.reason !== before.reason)) body.slaExclusion = exclusion(v) ?? null;
  return body;
}
