// Astro's request-scoped values. src/fetch.ts puts the application context on every request, so
// pages read it from Astro.locals (never from a module global) and a test can hand them its own.
declare namespace App {
  interface Locals {
    ctx: import('./services/kernel/context.ts').AppContext;
  }
}
