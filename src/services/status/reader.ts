// Who reads a view model: the page's locale picks each text's language. Views built without a
// reader (the Statuspage-compatible JSON) keep the texts as staff wrote them.
import type { Locale } from '../../config.ts';
import { fallbackLang, showIn } from '../../domain/bilingual.ts';

export interface Reader {
  locale: Locale;
}

export interface ShownText {
  text: string;
  /** The language of `text` when it is not the reader's (no translation): the page marks it. */
  fallback: Locale | null;
}

export function readerFor(locale: Locale): Reader {
  return { locale };
}

/** `lang` null: a row from before languages were recorded, shown as it is (its language is unknown). */
export function shownText(reader: Reader | undefined, lang: Locale | null, text: string, translation: string | null | undefined): ShownText {
  if (!reader || lang === null) return { text, fallback: null };
  const shown = showIn(reader.locale, lang, text, translation);
  return { text: shown.text, fallback: fallbackLang(shown) };
}
