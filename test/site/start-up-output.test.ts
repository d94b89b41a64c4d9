// `npm start` prints nothing alarming. Astro 7 checks once, after the first request, that the
// custom src/fetch.ts ran each feature's handler and otherwise warns "[router] Your project uses …
// This feature will not work"; a server whose first request was the JSON API (as a monitor's or this
// suite's readiness probe is) used to print four such warnings. The real built server, started the
// way `npm start` starts it (Astro's logging on), asked for the API first, then a page and a write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

let server: RunningServer;
beforeAll(async () => {
  const path = tempDbPath('start-up');
  createDb(path).$client.close();
  // startServer's readiness probe is GET /api/v2/status.json: the API is the first request.
  server = await startServer({ databasePath: path, env: { ASTRO_NODE_LOGGING: '' } });
});
afterAll(() => server?.stop());

describe('the server’s output at start-up', () => {
  it('has no [router] warning and no WARN line after API, page and form requests', async () => {
    expect((await fetch(`${server.url}/api/v2/summary.json`)).status).toBe(200);
    expect((await fetch(`${server.url}/nl/`)).status).toBe(200);
    expect((await fetch(`${server.url}/en/no-such-page`)).status).toBe(404);
    const post = await fetch(`${server.url}/api/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(400);
    // Astro logs its warnings asynchronously, after the response.
    await new Promise((r) => setTimeout(r, 300));
    const output = server.output();
    expect(output).toContain('Baken listening on http://127.0.0.1:');
    expect(output).not.toContain('[router]');
    expect(output).not.toMatch(/\bWARN\b|will not work/);
  });
});
