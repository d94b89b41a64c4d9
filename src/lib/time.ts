// Instants cross the edges as ISO-8601 strings and live inside as UTC epoch milliseconds.
import { ApiError } from './http-error.ts';

export function iso(t: number): string;
export function iso(t: number | null): string | null;
export function iso(t: number | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}

/** An ISO date-time from a request field, as epoch ms; 400 naming the field when it does not parse. */
export function parseTime(value: string, field: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new ApiError('invalid_request', `\`${field}\` is not a valid ISO date-time.`, { field });
  return t;
}
