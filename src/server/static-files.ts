// The built client files (dist/client: Astro's hashed /_astro/ assets, the favicon) held in memory
// with their encodings, like cached pages. Hashed assets never change under their name: a year,
// immutable. The rest may change with a new release: an hour.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { CachedAnswer } from '../services/kernel/response-cache.ts';
import { encodeAnswer } from './encode.ts';

const TYPES: Record<string, string> = {
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml',
};

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** URL path → answer, for every file under `dir`; `extraHeaders` (the security headers) go on each. */
export async function loadStaticFiles(dir: string, extraHeaders: string[]): Promise<Map<string, CachedAnswer>> {
  const files = new Map<string, CachedAnswer>();
  for (const path of filesUnder(dir)) {
    const url = `/${relative(dir, path).split(sep).join('/')}`;
    const headers = new Headers({ 'content-type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' });
    for (let i = 0; i < extraHeaders.length; i += 2) headers.append(extraHeaders[i]!, extraHeaders[i + 1]!);
    const cacheControl = url.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
    files.set(url, await encodeAnswer({ status: 200, headers, body: readFileSync(path) }, { generation: 0, renderedAt: 0, cacheControl }));
  }
  return files;
}
