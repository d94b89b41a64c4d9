// Starts the real built server (dist/server/entry.mjs) on a free port over a SQLite file the test
// prepared, and stops it afterwards. Real HTTP, real database, no mocks.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '../../scripts/build-if-stale.mjs';
import { dbEnv } from './engine.ts';

const root = join(import.meta.dirname, '..', '..');

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export function tempDbPath(name = 'baken'): string {
  return join(mkdtempSync(join(tmpdir(), 'baken-test-')), `${name}.db`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startServer(opts: { databasePath: string; env?: Record<string, string> }): Promise<RunningServer> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(root, 'dist', 'server', 'entry.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      ...dbEnv(opts.databasePath),
      BAKEN_DEMO: '0',
      BAKEN_MIGRATIONS_DIR: join(root, 'db', 'migrations'),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ASTRO_NODE_LOGGING: 'disabled',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output}`);
    try {
      await fetch(`${url}/api/v2/status.json`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    port,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        // (A process killed by a signal has no exit code, only its signal.)
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
