// XML 1.0 allows only these characters (§2.2 Char); one NUL or stray control character in a title
// makes a whole RSS or Atom feed not well-formed, and every reader then refuses every entry. RFC
// 5545 likewise forbids control characters in iCalendar text. Staff text can carry them (pasted
// from a terminal, a backfill), so they are dropped where such files are written.
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `text` without the characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}
