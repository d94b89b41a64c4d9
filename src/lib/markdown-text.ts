// Markdown as plain text, for the places that cannot show HTML (calendar DESCRIPTION, plain-text
// mail): rendered and sanitised exactly as the site shows it, then read back as text by an HTML
// parser, so entities are decoded, raw HTML in the source is dropped as on the site, and links keep
// their address.
import { parseDocument } from 'htmlparser2';
import { isTag, isText, type ChildNode } from 'domhandler';
import { renderMarkdown } from './markdown.ts';

const BLOCKS = new Set(['p', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'ul', 'ol', 'table', 'hr']);

function inline(nodes: ChildNode[]): string {
  let out = '';
  for (const n of nodes) {
    if (isText(n)) out += n.data;
    else if (isTag(n)) {
      if (n.name === 'br') out += '\n';
      else if (n.name === 'a') {
        const text = inline(n.children);
        const href = n.attribs.href;
        out += href && href !== text && `mailto:${text}` !== href ? `${text} (${href})` : text;
      } else out += inline(n.children);
    }
  }
  return out;
}

function blocks(nodes: ChildNode[]): string[] {
  const out: string[] = [];
  let run: ChildNode[] = [];
  const flush = () => {
    const text = inline(run).trim();
    if (text) out.push(text);
    run = [];
  };
  for (const n of nodes) {
    if (!isTag(n) || !BLOCKS.has(n.name)) {
      run.push(n);
      continue;
    }
    flush();
    switch (n.name) {
      case 'pre':
        out.push(inline(n.children).replace(/\n$/, ''));
        break;
      case 'blockquote':
        out.push(blocks(n.children).join('\n\n').replace(/^/gm, '> '));
        break;
      case 'ul':
      case 'ol': {
        const items = n.children.filter((c) => isTag(c) && c.name === 'li');
        out.push(items.map((li, i) => `${n.name === 'ol' ? `${i + 1}.` : '-'} ${blocks((li as { children: ChildNode[] }).children).join('\n').replace(/\n/g, '\n  ')}`).join('\n'));
        break;
      }
      case 'table': {
        const rows: string[] = [];
        const walk = (list: ChildNode[]) => {
          for (const c of list) if (isTag(c)) c.name === 'tr' ? rows.push(c.children.filter(isTag).map((cell) => inline(cell.children).trim()).join(' | ')) : walk(c.children);
        };
        walk(n.children);
        out.push(rows.join('\n'));
        break;
      }
      case 'hr':
        out.push('---');
        break;
      default:
        out.push(inline(n.children).trim());
    }
  }
  flush();
  return out.filter((b) => b !== '');
}

/** Plain text of a markdown source: blocks separated by a blank line, lists as "- ", links as "text (url)". */
export function markdownToText(source: string): string {
  return blocks(parseDocument(renderMarkdown(source), { decodeEntities: true }).children).join('\n\n');
}
