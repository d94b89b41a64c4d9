// `npm start`: builds the site when the build is missing or older than the sources, then runs the
// standalone server as a child process with the server's V8 flags, forwarding signals and the exit
// code. Configuration is validated by the server at start-up.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale, root, SERVER_NODE_FLAGS, serverEntry } from './build-if-stale.mjs';

try {
  buildIfStale();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
const env = { ...process.env, BAKEN_MIGRATIONS_DIR: process.env.BAKEN_MIGRATIONS_DIR ?? join(root, 'db', 'migrations'), HOST: process.env.HOST || 'localhost', PORT: process.env.PORT || '4321' };
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, serverEntry], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
