// Texts customers read exist in the language staff wrote them in, and optionally in the other one.
// Which text a reader gets: their own language when it exists, else the original, marked as a
// fallback so the page can say so (and set `lang`) instead of passing English off as Dutch.

export interface Shown<L extends string> {
  text: string;
  /** The language of `text`. */
  lang: L;
  /** true when `text` is not in the reader's language (no translation was written). */
  fallback: boolean;
}

/** `lang` is the language of `text`; `translation`, when given, is the same text in the other language. */
export function showIn<L extends string>(reader: L, lang: L, text: string, translation: string | null | undefined): Shown<L> {
  if (lang === reader) return { text, lang, fallback: false };
  if (translation != null && translation.trim() !== '') return { text: translation, lang: reader, fallback: false };
  return { text, lang, fallback: text.trim() !== '' };
}

/** The language of a fallback text, or null when the reader got their own language. */
export function fallbackLang<L extends string>(s: Shown<L>): L | null {
  return s.fallback ? s.lang : null;
}
