// @ts-check
import { fileURLToPath } from 'node:url';
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

/**
 * @astrojs/node builds the server, with Baken's own entry (src/server/entry.ts) in place of its
 * server.js: the entry answers public GETs from the byte cache before Astro sees the request, and is
 * bundled with the app so both share one context (and so one cache). Middleware mode, because the
 * entry, not the adapter, owns the HTTP server.
 */
function bakenNode() {
  const integration = node({ mode: 'middleware' });
  const configDone = integration.hooks['astro:config:done'];
  const serverEntrypoint = fileURLToPath(new URL('./src/server/entry.ts', import.meta.url));
  /** @type {import('astro').AstroIntegration['hooks']['astro:config:done']} */
  const swapEntry = (params) => configDone?.({ ...params, setAdapter: (adapter) => params.setAdapter({ ...adapter, serverEntrypoint }) });
  return { ...integration, hooks: { ...integration.hooks, 'astro:config:done': swapEntry } };
}

export default defineConfig({
  output: 'server',
  adapter: bakenNode(),
  // Every page lives under /nl/… and /en/…; which one `/` serves is decided at run time
  // (BAKEN_DEFAULT_LOCALE) in src/fetch.ts, so Astro itself never redirects.
  i18n: {
    locales: ['nl', 'en'],
    defaultLocale: 'nl',
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  // The public pages must work without JavaScript; no client framework is used.
  security: { checkOrigin: true },
  // Staff sessions live in Baken's database (src/services/staff); Astro's own session store (which
  // @astrojs/node would otherwise set up on the file system) is not used.
  session: false,
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
