// Every page of the staff console and who may use it: the role a GET needs (to see the page) and
// the role a POST needs (to use its forms), mirroring the admin API (reads: viewer; incidents,
// updates, maintenance, reports, templates: editor; services, groups, keys: admin). The guard
// (guard.ts) refuses by this table before any page code runs, so a page can never forget its
// check; the security tests walk the same table.
import type { Role } from '../services/kernel/api-keys.ts';

/** 'anyone': the sign-in page; null: the method is not offered (405). */
export type Access = Role | 'anyone' | null;

export interface ConsoleRoute {
  /** The path inside /<locale>/admin. */
  pattern: RegExp;
  /** A path that matches, for tests (ids are filled in by the test). */
  example: string;
  get: Access;
  post: Access;
}

const id = '(\\d{1,15})';
const route = (path: string, example: string, get: Access, post: Access): ConsoleRoute => ({ pattern: new RegExp(`^${path}/?$`), example, get, post });

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  route('', '', 'viewer', null),
  route('/sign-in', '/sign-in', 'anyone', 'anyone'),
  route('/sign-out', '/sign-out', null, 'viewer'),
  route('/preview', '/preview', null, 'editor'),
  route('/incidents', '/incidents', 'viewer', null),
  route('/incidents/new', '/incidents/new', 'editor', 'editor'),
  route(`/incidents/${id}`, '/incidents/:incident', 'viewer', 'editor'),
  route(`/incidents/${id}/edit`, '/incidents/:incident/edit', 'editor', 'editor'),
  route(`/incidents/${id}/report`, '/incidents/:incident/report', 'editor', 'editor'),
  route('/templates', '/templates', 'viewer', null),
  route('/templates/new', '/templates/new', 'editor', 'editor'),
  route(`/templates/${id}`, '/templates/:template', 'editor', 'editor'),
  route('/maintenance', '/maintenance', 'viewer', null),
  route('/maintenance/new', '/maintenance/new', 'editor', 'editor'),
  route(`/maintenance/${id}`, '/maintenance/:maintenance', 'viewer', 'editor'),
  route(`/maintenance/${id}/edit`, '/maintenance/:maintenance/edit', 'editor', 'editor'),
  route('/services', '/services', 'viewer', 'admin'),
  route(`/services/${id}`, '/services/:service', 'admin', 'admin'),
  route('/groups', '/groups', 'viewer', 'admin'),
  route('/keys', '/keys', 'admin', 'admin'),
  route('/webhooks', '/webhooks', 'viewer', 'admin'),
  route('/subscribers', '/subscribers', 'viewer', 'admin'),
  route('/deliveries', '/deliveries', 'viewer', null),
  route('/audit', '/audit', 'viewer', null),
];

export function findRoute(subPath: string): ConsoleRoute | undefined {
  return CONSOLE_ROUTES.find((r) => r.pattern.test(subPath));
}

/** `/en/admin/incidents/3` → { locale: 'en', sub: '/incidents/3' }; undefined outside the console. */
export const CONSOLE_PATH = /^\/(nl|en)\/admin(\/.*)?$/;
