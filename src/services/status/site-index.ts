// What search engines are told about (sitemap.xml): the public records with their last change.
// Ids and times only — no view model is built, so a large history stays cheap to list.
import { desc } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidents, maintenances } from '../../../db/schema.ts';

/** Sitemaps hold at most 50,000 URLs; two locales per record and the fixed pages stay well under. */
const MAX_RECORDS = 10_000;

export interface IndexedRecord {
  kind: 'incidents' | 'maintenance';
  id: number;
  updatedAt: number;
}

export function indexedRecords(db: Db): IndexedRecord[] {
  const inc = db.select({ id: incidents.id, updatedAt: incidents.updatedAt }).from(incidents).orderBy(desc(incidents.id)).limit(MAX_RECORDS).all();
  const mnt = db.select({ id: maintenances.id, updatedAt: maintenances.updatedAt }).from(maintenances).orderBy(desc(maintenances.id)).limit(MAX_RECORDS).all();
  return [...inc.map((r) => ({ kind: 'incidents' as const, ...r })), ...mnt.map((r) => ({ kind: 'maintenance' as const, ...r }))];
}
