// Automatic maintenance transitions: a window with autoTransition starts at its scheduled start and
// completes at its scheduled end, recorded at those scheduled times (not at the moment the timer
// happened to fire), so a server that was down during a window catches up on start-up with the same
// history it would have written had it been running. Staff who moved a window first win: only a
// window still in the state the schedule expects is touched.
import { and, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { onceAcrossInstances } from '../../../db/dialect.ts';
import { maintenances } from '../../../db/schema.ts';
import type { Actor } from '../kernel/api-keys.ts';
import type { AppContext } from '../kernel/context.ts';
import { applyStatusUpdate, getMaintenance, latestUpdateAt, type MaintenanceRow, type UpdateStatus } from './commands.ts';
import { write } from '../kernel/write.ts';

/** The advisory lock the instances' schedulers take turns under (any constant of Baken's own). */
const SCHEDULER_LOCK = 0x6261_6b67;

export const SCHEDULER_ACTOR: Actor = { keyId: null, name: 'scheduler', role: 'admin' };

interface Step {
  status: UpdateStatus;
  /** The scheduled time the step belongs to. */
  at: number;
}

function dueStep(row: MaintenanceRow, now: number): Step | undefined {
  if (!row.autoTransition) return undefined;
  if (row.status === 'scheduled' && row.scheduledStart <= now) return { status: 'in_progress', at: row.scheduledStart };
  if ((row.status === 'in_progress' || row.status === 'verifying') && row.scheduledEnd <= now) return { status: 'completed', at: row.scheduledEnd };
  return undefined;
}

/**
 * Ids of the windows with a transition due at `now`. Two queries, each led by the status index, so
 * the cost follows the few open windows, never the whole history of completed ones.
 */
export function dueMaintenanceQueries(db: Db, now: number) {
  return [
    db
      .select({ id: maintenances.id, at: maintenances.scheduledStart })
      .from(maintenances)
      .where(and(eq(maintenances.status, 'scheduled'), lte(maintenances.scheduledStart, now), eq(maintenances.autoTransition, true))),
    db
      .select({ id: maintenances.id, at: maintenances.scheduledEnd })
      .from(maintenances)
      .where(and(inArray(maintenances.status, ['in_progress', 'verifying']), lte(maintenances.scheduledEnd, now), eq(maintenances.autoTransition, true))),
  ] as const;
}

/** Performs every transition due now; returns how many it made (0 when run again). */
export function runDueTransitions(ctx: AppContext): number {
  const now = ctx.clock();
  const due = dueMaintenanceQueries(ctx.db, now).flatMap((q) => q.all());
  const ids = [...new Set(due.sort((a, b) => a.at - b.at || a.id - b.id).map((d) => d.id))];
  let transitions = 0;
  for (const id of ids) {
    // At most start, then complete: a window whose start and end both passed gets both steps.
    for (let i = 0; i < 2; i++) {
      const current = getMaintenance(ctx.db, id);
      const step = current && dueStep(current, now);
      if (!current || !step) break;
      // Never before the window's last update (a window announced within the start grace, or
      // started by hand late), so the timeline stays in order and actualEnd ≥ actualStart.
      const at = Math.max(step.at, latestUpdateAt(current));
      const moved = write(ctx, SCHEDULER_ACTOR, { at, backfilled: false }, (scope) => {
        // Re-read inside the transaction: another process may have moved the window meanwhile.
        const fresh = getMaintenance(scope.tx, id);
        if (!fresh || dueStep(fresh, now)?.status !== step.status) return false;
        applyStatusUpdate(scope, fresh, step.status, '', true);
        return true;
      });
      if (!moved) break;
      transitions++;
    }
  }
  return transitions;
}

/**
 * Runs the due transitions now (catch-up after a restart) and then every `intervalMs`. Failures are
 * logged and retried on the next tick, never thrown into the server. Returns the stop function.
 */
export function startMaintenanceScheduler(ctx: AppContext, { intervalMs = 1000 }: { intervalMs?: number } = {}): () => void {
  const tick = () => {
    try {
      // Several instances on one database: one runs each tick (the others find it taken and wait
      // for the next). Correct without it too — each transition re-reads its window — but quieter.
      onceAcrossInstances(ctx.db, SCHEDULER_LOCK, () => runDueTransitions(ctx));
    } catch (err) {
      console.error('Maintenance scheduler: transitions failed; retrying on the next tick.', err);
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
