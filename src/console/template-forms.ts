// Incident templates in the console: the incident's own rules for title, severity, message and
// services (picked from the admin API's CreateIncident schema), plus a name.
import { z } from 'zod';
import { CreateIncident } from '../api/admin/incidents.ts';
import type { TemplateRow } from '../services/incidents/templates.ts';
import { field } from './forms.ts';
import { emptyIncidentForm, impactList, readImpacts, type IncidentFormValues } from './incident-forms.ts';

export const TemplateBody = CreateIncident.pick({ title: true, severity: true, message: true, services: true }).extend({ name: z.string().trim().min(1).max(100) });

export type TemplateFormValues = IncidentFormValues & { name: string };

export function emptyTemplateForm(): TemplateFormValues {
  return { ...emptyIncidentForm(), name: '' };
}

export function templateFormOf(row: TemplateRow): TemplateFormValues {
  return { ...emptyTemplateForm(), name: row.name, title: row.title, severity: row.severity, message: row.message, impacts: new Map(row.services.map((s) => [s.serviceId, s.impact])) };
}

export function readTemplateForm(form: FormData): TemplateFormValues {
  return { ...emptyTemplateForm(), name: field(form, 'name'), title: field(form, 'title'), severity: field(form, 'severity'), message: field(form, 'message'), impacts: readImpacts(form) };
}

export function templateBody(v: TemplateFormValues) {
  return { name: v.name, title: v.title, severity: v.severity, message: v.message, services: impactList(v.impacts) };
}
