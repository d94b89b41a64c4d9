// A local webhook receiver over real HTTP: records every request (path, headers, body, time) and
// answers per path with a status chosen by the test (default 200), optionally after a delay.
import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Status to answer for a path: a number, or a function of how many requests that path had for the same Baken-Event-Id (1-based). */
  answer: (path: string, status: number | ((n: number) => number)) => void;
  /** Requests whose answer has not been sent yet. */
  unanswered: () => number;
  close: () => Promise<void>;
}

export async function startReceiver(o: { latencyMs?: number } = {}): Promise<Receiver> {
  const received: Received[] = [];
  const answers = new Map<string, number | ((n: number) => number)>();
  const perPath = new Map<string, number>();
  let open = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const key = `${path} ${req.headers['baken-event-id'] ?? ''}`;
      const n = (perPath.get(key) ?? 0) + 1;
      perPath.set(key, n);
      const a = answers.get(path) ?? 200;
      const status = typeof a === 'function' ? a(n) : a;
      open++;
      setTimeout(() => {
        open--;
        res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
      }, o.latencyMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer: (path, status) => void answers.set(path, status),
    unanswered: () => open,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
