// Markdown preview for the console's script: the same sanitising renderer as the public pages, so
// what staff see is what subscribers and readers get. The guard checked session, role and CSRF.
import type { APIRoute } from 'astro';
import { readForm, field } from '../../../console/forms.ts';
import { renderMarkdown } from '../../../lib/markdown.ts';

export const POST: APIRoute = async ({ request, locals }) => {
  if (!locals.staff) return new Response(null, { status: 404 });
  const markdown = field(await readForm(request), 'markdown').slice(0, 50_000);
  return new Response(renderMarkdown(markdown), { headers: { 'content-type': 'text/html; charset=utf-8' } });
};
