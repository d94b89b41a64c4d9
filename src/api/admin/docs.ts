// A readable API reference rendered on the server from the same OpenAPI document (no client JS, no
// external assets, so it works under our CSP and offline).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { html, raw } from 'hono/html';
import type { AdminEnv } from './auth.ts';

type Operation = { summary?: string; description?: string; 'x-baken-role'?: string; requestBody?: { content?: Record<string, { schema?: unknown }> }; parameters?: Array<{ name: string; in: string }> };

export const OPENAPI_CONFIG: Parameters<OpenAPIHono['getOpenAPI31Document']>[0] = {
  openapi: '3.1.0',
  info: {
    title: 'Baken admin API',
    version: '1',
    description: 'Post incidents, updates, maintenance and post-incident reports. Authenticate with `Authorization: Bearer <key>`.',
  },
  servers: [{ url: '/api/admin' }],
};

export function registerDocs(app: OpenAPIHono<AdminEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', OPENAPI_CONFIG);
  app.get('/docs', (c) => {
    const doc = app.getOpenAPI31Document(OPENAPI_CONFIG);
    const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    return c.html(html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Baken admin API reference</title>
          <style>
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
            code, pre { font-family: ui-monospace, monospace; }
            pre { background: #f3f3f3; padding: .75rem; overflow-x: auto; }
            .m { display: inline-block; min-width: 4.5rem; font-weight: 700; }
            section { border-top: 1px solid #ccc; padding: .5rem 0; }
          </style>
        </head>
        <body>
          <h1>Baken admin API</h1>
          <p>${OPENAPI_CONFIG.info.description} Base path <code>/api/admin</code>. Machine-readable: <a href="/api/admin/openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
          <p>Errors: <code>{ "error": { "code", "message", "details"? } }</code>. Roles: viewer (reads) &lt; editor (incidents, maintenance, reports) &lt; admin (services, groups, keys, backfill with <code>at</code>).</p>
          ${ops.map(
            ({ path, method, op }) => html`<section>
              <h2><span class="m">${method}</span> <code>${path}</code></h2>
              <p>${op.summary ?? ''} — role: <strong>${op['x-baken-role'] ?? 'public'}</strong></p>
              ${op.requestBody?.content?.['application/json']?.schema
                ? html`<details><summary>Request body schema</summary><pre>${JSON.stringify(op.requestBody.content['application/json'].schema, null, 2)}</pre></details>`
                : raw('')}
            </section>`,
          )}
        </body>
      </html>`);
  });
}
