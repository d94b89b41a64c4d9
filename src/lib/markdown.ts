// Markdown is stored as written and sanitised every time it is rendered: marked's HTML is never
// trusted, because incident bodies come from many hands and are shown on a public page.
import { Marked } from 'marked';
import { compile } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Headings from authors are demoted so they never compete with the page's own h1/h2 outline.
  transformTags: {
    h1: 'h3',
    h2: 'h3',
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
  },
};
ALLOWED.allowedAttributes = { ...ALLOWED.allowedAttributes, a: ['href', 'title', 'rel'] };

export function renderMarkdown(source: string): string {
  return sanitizeHtml(marked.parse(source) as string, ALLOWED);
}

// Plain text for the places that cannot show HTML (plain-text email parts, the calendar's
// DESCRIPTION): the same sanitised HTML read back by html-to-text, so a reader sees "bold" and
// "link <https://…>", never `**bold**` or `[link](…)`, and raw HTML is dropped as on the site.
const textOptions = (wordwrap: number | false) => ({
  wordwrap,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'] as [string, string] } },
    { selector: 'ul', options: { itemPrefix: '- ' } },
    ...(['h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({ selector, options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 2 } })),
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
});
// Mail is wrapped at 78 columns (RFC 5322's advice); calendar apps wrap text themselves.
const toText = { mail: compile(textOptions(78)), unwrapped: compile(textOptions(false)) };

export function markdownToText(source: string, wrap: keyof typeof toText = 'mail'): string {
  return toText[wrap](renderMarkdown(source));
}
