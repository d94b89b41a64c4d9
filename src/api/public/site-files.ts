// /robots.txt and /sitemap.xml, built from PUBLIC_URL (the `sitemap` package writes the XML): every
// public page in both languages with its alternates, and each incident and maintenance. Staff,
// token and embed pages are kept out of search results.
import { Hono } from 'hono';
import { SitemapStream, streamToPromise } from 'sitemap';
import { LOCALES } from '../../config.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { indexedRecords } from '../../services/status/site-index.ts';

const PAGES = ['', 'incidents', 'sla', 'reports', 'subscribe', 'integrations'];
const PRIVATE = ['/api/admin', '/admin', ...LOCALES.flatMap((l) => [`/${l}/admin`, `/${l}/subscribe/confirm`, `/${l}/subscriptions`, `/${l}/unsubscribe`, `/${l}/embed`])];

export function siteFileRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const base = ctx.config.publicUrl;
  app.get('/robots.txt', (c) => c.body(['User-agent: *', ...PRIVATE.map((p) => `Disallow: ${p}`), '', `Sitemap: ${base}/sitemap.xml`, ''].join('\n'), 200, { 'content-type': 'text/plain; charset=utf-8' }));
  app.get('/sitemap.xml', async (c) => {
    const stream = new SitemapStream({ hostname: base, xmlns: { news: false, video: false, image: false, xhtml: true } });
    const links = (path: string) => LOCALES.map((lang) => ({ lang, url: `${base}/${lang}${path}` }));
    for (const page of PAGES) {
      const path = page === '' ? '/' : `/${page}`;
      for (const l of LOCALES) stream.write({ url: `/${l}${path}`, links: links(path) });
    }
    for (const r of indexedRecords(ctx.db)) {
      const path = `/${r.kind}/${r.id}`;
      for (const l of LOCALES) stream.write({ url: `/${l}${path}`, lastmod: new Date(r.updatedAt).toISOString(), links: links(path) });
    }
    stream.end();
    const xml = (await streamToPromise(stream)).toString('utf8');
    return c.body(xml, 200, { 'content-type': 'application/xml; charset=utf-8' });
  });
  return app;
}
