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
  vite: {
    ssr: {
      // Bundled rather than imported file by file: drizzle-orm's package.json (≈180 KB, 447 exports)
      // is re-read by Node's resolver for each of its hundreds of modules, which alone pushed the
      // server's start-up memory peak past 250 MB.
      noExternal: ['drizzle-orm'],
    },
  },
  server: { host: process.env.HOST ?? 'localhost', port: Number(process.env.PORT ?? 4321) },
});
