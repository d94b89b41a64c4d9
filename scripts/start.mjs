// `npm start`: builds the site when the build is missing or older than the sources, then runs the
// standalone server in this process. Configuration is validated by the server at start-up.
import { join } from 'node:path';
import { buildIfStale, root, serverEntry } from './build-if-stale.mjs';

try {
  buildIfStale();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
process.env.BAKEN_MIGRATIONS_DIR ??= join(root, 'db', 'migrations');
process.env.HOST ||= 'localhost';
process.env.PORT ||= '4321';
await import(serverEntry);
