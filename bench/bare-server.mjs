// The yardstick of bench/outage.ts: a bare node:http server answering fixed bytes (body and headers
// copied from Baken's own answers), nothing else. Usage: node bench/bare-server.mjs ROUTES.json PORT
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const routes = new Map(Object.entries(JSON.parse(readFileSync(process.argv[2], 'utf8'))).map(([path, r]) => [path, { head: r.head, body: Buffer.from(r.body, 'base64') }]));
createServer((req, res) => {
  const route = routes.get(req.url);
  if (!route) {
    res.writeHead(404, ['content-length', '0']);
    res.end();
    return;
  }
  res.writeHead(200, route.head);
  res.end(route.body);
}).listen(Number(process.argv[3]), '127.0.0.1', () => console.log('ready'));
