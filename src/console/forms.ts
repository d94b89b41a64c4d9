// From an HTML form to a service call and back: read the fields, validate them with the admin
// API's own zod schemas, run the service, and turn any refusal into messages next to the fields —
// so the console and the API can never disagree about what is valid.
import type { z } from 'zod';
import type { ConsoleDictionary } from '../i18n/console/index.ts';
import type { FormField } from '../i18n/console/errors.ts';
import { ApiError } from '../lib/http-error.ts';

export type FieldErrors = Partial<Record<string, string>>;

export interface FormFailure {
  /** Input field name → message. */
  fields: FieldErrors;
  /** Messages not tied to one field. */
  general: string[];
  status: number;
}

export type Outcome<T> = { ok: true; value: T } | ({ ok: false } & FormFailure);

/** The body of a POST as FormData, or an empty one when it cannot be read. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}

/** A text field ('' when absent or a file). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export function checked(form: FormData, name: string): boolean {
  return form.get(name) === 'on' || form.get(name) === '1';
}

/**
 * Maps a schema or service path (`services.0.impact`, `slaExclusion.reason`, `startedAt`) to the
 * name of the form field that holds it; the form's own table first, then the first segment.
 */
export type FieldMap = Record<string, string>;

function formFieldOf(path: string, map: FieldMap): string {
  if (map[path] !== undefined) return map[path]!;
  const first = path.split('.')[0] ?? '';
  return map[first] ?? first;
}

function messageFor(t: ConsoleDictionary, name: string, messageKey?: string): string {
  const fields = t.errors.fields as Record<string, string>;
  return fields[messageKey ?? name] ?? fields[name] ?? t.errors.codes.invalid_request;
}

/**
 * Validates `body` with `schema` and runs `run` with the parsed value; a zod failure or an
 * ApiError becomes messages in the dictionary's words. `messages` names which message a form
 * field shows when it differs from the field name (e.g. `exclusionReason` → `reason`).
 */
export function attempt<S extends z.ZodType, T>(
  t: ConsoleDictionary,
  schema: S,
  body: unknown,
  run: (value: z.output<S>) => T,
  o: { map?: FieldMap; messages?: Partial<Record<string, FormField>> } = {},
): Outcome<T> {
  const map = o.map ?? {};
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields: FieldErrors = {};
    const general: string[] = [];
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      if (path === '') {
        general.push(t.errors.codes.invalid_request);
        continue;
      }
      const name = formFieldOf(path, map);
      fields[name] ??= messageFor(t, name, o.messages?.[name]);
    }
    return { ok: false, fields, general: [...new Set(general)], status: 400 };
  }
  return guard(t, () => run(parsed.data), map);
}

/** Runs a service call; an ApiError becomes a message on its field (details.field) or a general one. */
export function guard<T>(t: ConsoleDictionary, run: () => T, map: FieldMap = {}): Outcome<T> {
  try {
    return { ok: true, value: run() };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return failureOf(t, err, map);
  }
}

export async function guardAsync<T>(t: ConsoleDictionary, run: () => Promise<T>, map: FieldMap = {}): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return failureOf(t, err, map);
  }
}

function failureOf(t: ConsoleDictionary, err: ApiError, map: FieldMap): { ok: false } & FormFailure {
  const codes = t.errors.codes as Record<string, string>;
  const message = codes[err.code] ?? err.message;
  const details = err.details;
  const path = details && !Array.isArray(details) && typeof details.field === 'string' ? details.field : undefined;
  if (path) return { ok: false, fields: { [formFieldOf(path, map)]: message }, general: [], status: err.status };
  return { ok: false, fields: {}, general: [message], status: err.status };
}

/** Error-summary items: each field's message linking to the field, then the general ones. */
export function summaryOf(f: Pick<FormFailure, 'fields' | 'general'> | undefined, ids: Record<string, string> = {}): { href: string | undefined; text: string }[] {
  if (!f) return [];
  return [
    ...Object.entries(f.fields).map(([name, text]) => ({ href: `#${ids[name] ?? name}`, text: text! })),
    ...f.general.map((text) => ({ href: undefined, text })),
  ];
}
