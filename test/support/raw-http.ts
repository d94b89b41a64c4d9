// One HTTP exchange with node:http, exactly as written and exactly as answered: the path verbatim
// (fetch would normalise `/\evil.example`, `..` and bad percent-encoding away before the server saw
// them), any method, any Host header, no automatic Accept-Encoding or decompression, and the bytes
// and headers as the server sent them, with a deadline.
import { Agent, request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Names and values in the order sent, names as spelled. */
  rawHeaders: string[];
  /** The body's bytes as sent (still compressed if the server compressed them). */
  body: Buffer;
  /** The body as UTF-8 text. */
  text: string;
  ms: number;
}

export interface RawOptions {
  method?: string;
  /** Sent verbatim; when given, `url` is only the server's base. */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body chunked (no Content-Length). */
  chunked?: boolean;
  timeoutMs?: number;
}

// A fresh connection per request: Node's parser answers an unknown method (BREW) with a 400 and
// closes the socket, which would reset requests queued behind it on a kept-alive one.
export const rawAgent = new Agent({ keepAlive: false, maxSockets: 8 });

export function rawRequest(url: string, o: RawOptions = {}): Promise<RawResponse> {
  const target = new URL(url);
  const path = o.path ?? `${target.pathname}${target.search}`;
  const started = performance.now();
  // An explicit length unless `chunked`: without one Node's client sends any body chunked.
  const headers = o.body === undefined || o.chunked ? o.headers : { ...o.headers, 'content-length': String(Buffer.byteLength(o.body)) };
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, method: o.method ?? 'GET', path, headers, agent: rawAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body, text: body.toString('utf8'), ms: performance.now() - started });
      });
      res.on('error', reject);
    });
    if (o.timeoutMs !== undefined) req.setTimeout(o.timeoutMs, () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', reject);
    if (!o.chunked || o.body === undefined) return void req.end(o.body);
    const body = Buffer.from(o.body);
    for (let i = 0; i < body.length; i += 65_536) req.write(body.subarray(i, i + 65_536));
    req.end();
  });
}
