// The few spellings the two engines do not share, for the raw SQL that needs them. Everything else
// Baken writes is SQL both read; a service asks here rather than testing the engine itself.
import type { Engine } from './client.ts';

/** Rows with one column, `value`: the integers of the JSON array in `json` (a parameter or a text column). */
export function jsonIntegers(engine: Engine, json: string): string {
  return engine === 'pg' ? `SELECT t.value::bigint AS value FROM json_array_elements_text(CAST(${json} AS json)) AS t(value)` : `SELECT value FROM json_each(${json})`;
}
