// Graceful shutdown on SIGTERM (and SIGINT): stop accepting, let requests in flight finish (each
// acknowledged write is a committed transaction before its answer is sent), let the outbox worker
// finish or release its batches, close the database, exit 0 — all within 10 s. A second signal
// while stopping is ignored; what still hangs at the deadline is cut off.
import type { Server } from 'node:http';

export interface ShutdownSteps {
  /** Stops timers and background work; resolves when it has finished or let go. */
  stopBackground: () => Promise<void>;
  /** Runs after the last request: closes the database. */
  close: () => void;
  /** How long requests in flight may take before their connections are cut. */
  drainMs?: number;
  /** The whole shutdown's bound; past it the process exits with 1. */
  deadlineMs?: number;
}

export interface Shutdown {
  /** True once a signal arrived: answers then close their connection. */
  readonly stopping: boolean;
}

export function handleShutdown(server: Server, steps: ShutdownSteps): Shutdown {
  const { drainMs = 5000, deadlineMs = 9500 } = steps;
  const state = { stopping: false };

  const drained = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        console.warn('Shutdown: requests still running after the drain time; their connections are closed.');
        server.closeAllConnections();
      }, drainMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      // Keep-alive connections waiting for a next request would hold close() open.
      server.closeIdleConnections();
    });

  const stop = async (signal: NodeJS.Signals) => {
    if (state.stopping) return;
    state.stopping = true;
    console.log(`${signal}: finishing the requests in flight, then stopping.`);
    setTimeout(() => {
      console.error('Shutdown did not finish in time; exiting.');
      process.exit(1);
    }, deadlineMs).unref();
    try {
      await Promise.all([drained(), steps.stopBackground()]);
      steps.close();
    } catch (err) {
      console.error('Shutdown failed:', err);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return state;
}
