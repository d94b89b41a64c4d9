// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // Every page lives under /nl/… and /en/…; which one `/` serves is decided at run time
  // (BAKEN_DEFAULT_LOCALE) in src/fetch.ts, so Astro itself never redirects.
  i18n: {
    locales: ['nl', 'en'],
    defaultLocale: 'nl',
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  // The public pages must work without JavaScript; no client framework is used.
  security: { checkOrigin: true },
  server: { host: process.env.HOST ?? 'localhost', port: Number(process.env.PORT ?? 4321) },
});
