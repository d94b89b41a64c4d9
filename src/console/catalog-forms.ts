// Service and group forms of the console as plain values and as the admin API's request bodies.
import type { GroupRow, ServiceRow } from '../services/catalog/lookup.ts';
import { checked, field } from './forms.ts';
import { localToIso, toLocalInput } from './local-time.ts';

export interface ServiceFormValues {
  name: string;
  slug: string;
  description: string;
  /** '' = the page's default locale. */
  lang: string;
  nameTranslation: string;
  descriptionTranslation: string;
  group: string;
  position: string;
  slaCovered: boolean;
  startDate: string;
}

export function emptyServiceForm(): ServiceFormValues {
  return { name: '', slug: '', description: '', lang: '', nameTranslation: '', descriptionTranslation: '', group: '', position: '', slaCovered: true, startDate: '' };
}

export function readServiceForm(form: FormData): ServiceFormValues {
  return {
    name: field(form, 'name'),
    slug: field(form, 'slug').trim(),
    description: field(form, 'description'),
    lang: field(form, 'lang'),
    nameTranslation: field(form, 'nameTranslation'),
    descriptionTranslation: field(form, 'descriptionTranslation'),
    group: field(form, 'group').trim(),
    position: field(form, 'position').trim(),
    slaCovered: checked(form, 'slaCovered'),
    startDate: field(form, 'startDate').trim(),
  };
}

export function serviceFormOf(s: ServiceRow, group: GroupRow | undefined, timeZone: string): ServiceFormValues {
  return { name: s.name, slug: s.slug, description: s.description, lang: s.lang ?? '', nameTranslation: s.nameTranslation ?? '', descriptionTranslation: s.descriptionTranslation ?? '', group: group?.name ?? '', position: String(s.position), slaCovered: s.slaCovered, startDate: toLocalInput(s.startDate, timeZone) };
}

/** A whole number typed into a field; anything else stays a value the schema refuses. */
const number = (value: string) => (/^\d{1,9}$/.test(value) ? Number(value) : value);
const time = (value: string, timeZone: string) => localToIso(value, timeZone) ?? 'invalid';

/** POST /api/admin/services: empty fields are left to the service's defaults. */
export function createServiceBody(v: ServiceFormValues, timeZone: string) {
  return {
    name: v.name,
    ...(v.slug ? { slug: v.slug } : {}),
    ...(v.description ? { description: v.description } : {}),
    ...(v.lang ? { lang: v.lang } : {}),
    ...(v.nameTranslation || v.descriptionTranslation
      ? { translation: { ...(v.nameTranslation ? { name: v.nameTranslation } : {}), ...(v.descriptionTranslation ? { description: v.descriptionTranslation } : {}) } }
      : {}),
    ...(v.group ? { group: v.group } : {}),
    ...(v.position ? { position: number(v.position) } : {}),
    slaCovered: v.slaCovered,
    ...(v.startDate ? { startDate: time(v.startDate, timeZone) } : {}),
  };
}

/** PATCH /api/admin/services/{id}: what differs; an emptied group ungroups. */
export function updateServiceBody(before: ServiceFormValues, v: ServiceFormValues, timeZone: string) {
  const body: Record<string, unknown> = {};
  if (v.name !== before.name) body.name = v.name;
  if (v.slug !== before.slug) body.slug = v.slug;
  if (v.description !== before.description) body.description = v.description;
  if (v.lang !== before.lang && v.lang !== '') body.lang = v.lang;
  // An emptied translation is removed (null).
  const translation: Record<string, string | null> = {};
  if (v.nameTranslation !== before.nameTranslation) translation.name = v.nameTranslation === '' ? null : v.nameTranslation;
  if (v.descriptionTranslation !== before.descriptionTranslation) translation.description = v.descriptionTranslation === '' ? null : v.descriptionTranslation;
  if (Object.keys(translation).length > 0) body.translation = translation;
  if (v.group !== before.group) body.group = v.group === '' ? null : v.group;
  if (v.position !== before.position) body.position = number(v.position);
  if (v.slaCovered !== before.slaCovered) body.slaCovered = v.slaCovered;
  if (v.startDate !== before.startDate) body.startDate = time(v.startDate, timeZone);
  return body;
}
