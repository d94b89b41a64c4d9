// Builds benchmark databases: `services` services in 5 groups, `recent` incidents inside the 90-day
// window and `old` incidents before it. Deterministic (a small LCG), so runs compare.
import { createDb } from '../db/client.ts';
import { incidentImpacts, incidentUpdates, incidents, serviceGroups, services } from '../db/schema.ts';
import { IMPACTS, SEVERITIES } from '../src/domain/vocabulary.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function buildWorld(path: string, o: { services: number; recent: number; old: number; now: number }): void {
  const db = createDb(path);
  const rnd = lcg(42);
  db.transaction((tx) => {
    const groupIds = Array.from({ length: 5 }, (_, g) => tx.insert(serviceGroups).values({ name: `Group ${g + 1}`, position: g, createdAt: 0, updatedAt: 0 }).returning().get().id);
    const serviceIds = Array.from({ length: o.services }, (_, i) =>
      tx
        .insert(services)
        .values({ slug: `service-${i + 1}`, name: `Service ${i + 1}`, groupId: groupIds[i % 5]!, position: i, startDate: o.now - 3 * 365 * DAY, createdAt: 0, updatedAt: 0 })
        .returning()
        .get().id,
    );
    // Whole milliseconds, as every time Baken stores (PostgreSQL's bigint refuses fractions).
    const add = (at: number) => {
      const startedAt = Math.round(at);
      const duration = Math.round((0.25 + rnd() * 6) * HOUR);
      const id = tx
        .insert(incidents)
        .values({ title: 'Bench incident', severity: SEVERITIES[Math.floor(rnd() * 4)]!, status: 'resolved', startedAt, createdAt: startedAt, updatedAt: startedAt + duration, resolvedAt: startedAt + duration })
        .returning()
        .get().id;
      tx.insert(incidentUpdates).values({ incidentId: id, status: 'resolved', body: 'Resolved.', createdAt: startedAt + duration }).run();
      const serviceId = serviceIds[Math.floor(rnd() * serviceIds.length)]!;
      tx.insert(incidentImpacts).values({ incidentId: id, serviceId, impact: IMPACTS[Math.floor(rnd() * 3)]!, startAt: startedAt, endAt: startedAt + duration }).run();
    };
    for (let i = 0; i < o.recent; i++) add(o.now - (1 + rnd() * 88) * DAY);
    // Older than the window: between 100 days and 3 years ago.
    for (let i = 0; i < o.old; i++) add(o.now - (100 + rnd() * 900) * DAY);
  });
  db.$client.close();
}
