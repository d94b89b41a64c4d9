// What the Hono app in front of Astro (src/fetch.ts) hands every page in Astro.locals.
declare namespace App {
  interface Locals {
    /** The application context: database, configuration, clock, response cache. */
    ctx: import('./services/kernel/context.ts').AppContext;
    /** Console pages only: the signed-in staff member (set by src/console/guard.ts). */
    staff?: import('./services/staff/sessions.ts').SignedIn & { flash: import('./services/staff/sessions.ts').Flash | undefined };
    /** Console sign-in page only: the anti-CSRF token of its form (also in a cookie). */
    signInCsrf?: string;
  }
}
