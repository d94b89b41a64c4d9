// One rule for every slug Baken makes from a name (service slugs, the public page id): ASCII,
// lowercase, words joined by single hyphens, so a name's slug is the same wherever it is made.

/** "Webmail & Agenda (NL)" → "webmail-agenda-nl", cut to at most `max` characters. */
export function slugify(name: string, max = Number.POSITIVE_INFINITY): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

/** The page id of the Statuspage-compatible API and webhook payloads: the page name's slug ("page" if none). */
export function pageId(name: string): string {
  return slugify(name) || 'page';
}
