// Requests sent exactly as written: node:http takes the path verbatim (fetch would normalise
// `/\evil.example`, `..` and bad percent-encoding away before the server ever saw them), any method,
// any Host header, with a deadline.
import { Agent, request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

// A fresh connection per request: Node's parser answers an unknown method (BREW) with a 400 and
// closes the socket, which would reset requests queued behind it on a kept-alive one.
export const rawAgent = new Agent({ keepAlive: false, maxSockets: 8 });

export function rawRequest(base: string, o: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean; timeoutMs: number }): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  const started = performance.now();
  // An explicit length unless `chunked`: without one Node's client sends any body chunked.
  const headers = o.body === undefined || o.chunked ? o.headers : { ...o.headers, 'content-length': String(Buffer.byteLength(o.body)) };
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method: o.method, path: o.path, headers, agent: rawAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.setTimeout(o.timeoutMs, () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', reject);
    if (!o.chunked || o.body === undefined) return void req.end(o.body);
    const body = Buffer.from(o.body);
    for (let i = 0; i < body.length; i += 65_536) req.write(body.subarray(i, i + 65_536));
    req.end();
  });
}
