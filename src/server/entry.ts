// Baken's server process (built by Astro as dist/server/entry.mjs, see astro.config.mjs): one
// node:http server whose first step, before any Astro or Hono work, answers public GETs and HEADs
// from the response cache (front.ts) and the built client files from memory. Everything else —
// admin, subscriptions, webhooks, any POST — goes through Astro's pipeline (src/fetch.ts).
//
// Bundled with the app on purpose: the entry and the pages share one src/runtime.ts module, so
// there is one AppContext per process and the cache the entry answers from is the one write()
// invalidates.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createApp } from 'astro/app/entrypoint';
import { createRequestFromNodeRequest, writeResponse } from 'astro/app/node';
import { setGetEnv } from 'astro/env/setup';
import { securityHeaderList } from '../api/security-headers.ts';
import { defaultLocaleRedirect } from '../i18n/index.ts';
import { closeContext, getContext, stopBackgroundWork } from '../runtime.ts';
import { publicCacheControl } from '../services/kernel/response-cache.ts';
import { cacheKey } from './cache-key.ts';
import { createFront, negotiate, sendAnswer } from './front.ts';
import { handleShutdown } from './shutdown.ts';
import { loadStaticFiles } from './static-files.ts';

// Same as @astrojs/node's default; the admin API refuses bodies over 256 KiB itself.
const BODY_SIZE_LIMIT = 1024 * 1024 * 1024;

setGetEnv((key) => process.env[key]);
const app = createApp({ streaming: true });
const ctx = getContext();
const { config } = ctx;
const security = await securityHeaderList();
const files = await loadStaticFiles(fileURLToPath(new URL('../client/', import.meta.url)), security);
// Pages are rendered as if asked at the public address (links come from PUBLIC_URL anyway).
const origin = new URL(config.publicUrl).origin;
// No page is prerendered; never fetch an error page over the network.
const prerenderedErrorPageFetch = async () => new Response(null, { status: 404 });

const serveCached = createFront({
  cache: ctx.cache,
  clock: ctx.clock,
  maxAgeSeconds: config.cacheMaxAge,
  cacheControl: publicCacheControl(config),
  render: (key) => {
    const request = new Request(origin + key, { headers: { accept: '*/*' } });
    return app.render(request, { routeData: app.match(request, true), prerenderedErrorPageFetch });
  },
});

async function passThrough(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let request: Request;
  try {
    request = createRequestFromNodeRequest(req, { allowedDomains: app.getAllowedDomains?.() ?? [], bodySizeLimit: BODY_SIZE_LIMIT, port: config.port });
  } catch {
    res.writeHead(400, ['content-type', 'text/plain; charset=utf-8']);
    res.end('Bad request.\n');
    return;
  }
  try {
    const response = await app.render(request, { addCookieHeader: true, routeData: app.match(request, true), prerenderedErrorPageFetch });
    // Personal answers (admin, token pages, form posts): no shared cache in front may keep them.
    if (!response.headers.has('cache-control')) res.setHeader('cache-control', 'private, no-store');
    await writeResponse(response, res);
  } catch (err) {
    console.error(`Could not render ${req.method} ${req.url}:`, err);
    if (!res.headersSent) {
      res.writeHead(500, ['content-type', 'text/plain; charset=utf-8']);
      res.end('Internal server error.\n');
    } else res.destroy();
  }
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, [...security, 'location', location, 'content-length', '0', 'cache-control', 'no-cache']);
  res.end();
}

/** Cached answers are sent synchronously; a promise is returned only when something is awaited. */
function handle(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined {
  if (shutdown.stopping) res.setHeader('connection', 'close');
  const target = req.url ?? '/';
  if (target.includes('%')) {
    try {
      decodeURI(target);
    } catch {
      res.writeHead(400, ['content-type', 'text/plain; charset=utf-8']);
      res.end('Bad request.\n');
      return;
    }
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    const q = target.indexOf('?');
    const pathname = q < 0 ? target : target.slice(0, q);
    const file = files.get(pathname);
    if (file) {
      sendAnswer(req, res, file, negotiate(req.headers['accept-encoding']), 'HIT', 0);
      return;
    }
    const to = defaultLocaleRedirect(pathname, q < 0 ? '' : target.slice(q), config.defaultLocale);
    if (to !== undefined) {
      redirect(res, to);
      return;
    }
    const key = cacheKey(target);
    if (key !== undefined) return serveCached(req, res, key);
  }
  return passThrough(req, res);
}

const server = createServer((req, res) => {
  const failed = (err: unknown) => {
    console.error(`Could not answer ${req.method} ${req.url}:`, err);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  };
  try {
    handle(req, res)?.catch(failed);
  } catch (err) {
    failed(err);
  }
});
const shutdown = handleShutdown(server, { stopBackground: () => stopBackgroundWork(), close: closeContext });

// Astro checks once, after the first request it is handed, which of its features src/fetch.ts ran,
// and prints "[router] Your project uses …, but your custom src/fetch.ts does not call the …()
// handler" for each one it did not see. astro() runs them all (middleware, actions, i18n), but a
// server's first request is often the JSON API, answered by Hono before astro() — a monitor, a load
// balancer's probe — and the check then saw none and warned four times. So the first request is
// Baken's own: the 404 page, rendered once through the whole pipeline before listening, which also
// shows at start-up rather than at the first visitor that pages render.
const startUpCheck = new Request(`${origin}/${config.defaultLocale}/start-up-check`, { headers: { accept: 'text/html' } });
const checked = await app.render(startUpCheck, { routeData: app.match(startUpCheck, true), prerenderedErrorPageFetch });
await checked.body?.cancel();
if (checked.status !== 404) console.error(`Start-up check: the 404 page answered ${checked.status}.`);

server.listen(config.port, config.host, () => {
  if (process.env.ASTRO_NODE_LOGGING !== 'disabled') console.log(`Baken listening on http://${config.host}:${config.port}`);
});
