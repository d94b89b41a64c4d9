// Builds the Astro server once per test run (only when stale), so suites can start the real
// server over real HTTP.
import { buildIfStale } from '../../scripts/build-if-stale.mjs';

export default function setup(): void {
  buildIfStale();
}
