// The second language of texts customers read. Every existing field keeps its name and meaning
// (the text as staff wrote it), so clients written before there were two languages keep working
// unchanged; `lang` says which language those fields are in (default: the page's default locale)
// and `translation` holds the same texts in the other language, each optional. One shape for
// every record, and no field name that depends on the install's default locale.
import { LOCALES } from '../../config.ts';
import { z } from './openapi.ts';

// In answers `lang` is null for records written before Baken recorded languages: their texts are
// shown as they are, never marked as a fallback, until a write with `lang` or a translation
// settles it (to the default locale when only a translation is given).
export const Lang = z.enum(LOCALES).openapi({ description: 'The language of this record’s texts (default: the page’s default locale, BAKEN_DEFAULT_LOCALE).', example: 'nl' });

/** A translation object: the given text fields, each optional; `null` clears one (on changes). */
export function translationOf<const K extends string>(name: string, fields: Record<K, z.ZodString>) {
  const shape = Object.fromEntries(Object.entries<z.ZodString>(fields).map(([k, s]) => [k, s.nullable().optional()])) as { [P in K]: z.ZodOptional<z.ZodNullable<z.ZodString>> };
  return z.strictObject(shape).openapi(name, { description: 'The same texts in the other language than `lang`; each optional, null removes one. Readers without a translation see the original, marked with its language.' });
}
