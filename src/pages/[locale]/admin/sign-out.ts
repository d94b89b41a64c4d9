// Sign-out: a POST (with the session's CSRF token, checked by the guard) that ends the session in
// the database and clears the cookie.
import type { APIRoute } from 'astro';
import { deleteOptions, sessionCookie } from '../../../console/cookies.ts';
import { parseLocale } from '../../../i18n/index.ts';
import { signOut } from '../../../services/staff/sign-in.ts';

export const POST: APIRoute = ({ params, locals, cookies, redirect }) => {
  const locale = parseLocale(params.locale);
  if (!locale || !locals.staff) return new Response(null, { status: 404 });
  signOut(locals.ctx, locals.staff);
  cookies.delete(sessionCookie(locals.ctx.config), deleteOptions(locals.ctx.config));
  return redirect(`/${locale}/admin/sign-in?signed_out=1`, 303);
};
