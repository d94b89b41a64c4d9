// Reading the audit log (admin API and console): every write, newest first, filtered by record
// (entity type and id) and by person. A person is an API key (by id), or a name without a key: a
// staff member's email, or a system part ('cli', 'scheduler', 'ADMIN_TOKEN').
import { and, desc, eq, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { auditLog } from '../../../db/schema.ts';

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditQuery {
  entityType?: string | undefined;
  entityId?: number | undefined;
  /** Entries made with this API key. */
  actorKeyId?: number | undefined;
  /** Entries made without a key under this name (a staff email, 'cli', …). */
  actorName?: string | undefined;
  /** Cursor: entries with a smaller id. */
  before?: number | undefined;
  limit: number;
}

export function listAudit(db: Db, q: AuditQuery): AuditRow[] {
  const where: SQL[] = [];
  if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.actorKeyId) where.push(eq(auditLog.actorKeyId, q.actorKeyId));
  if (q.actorName) where.push(eq(auditLog.actorName, q.actorName), isNull(auditLog.actorKeyId));
  if (q.before) where.push(lt(auditLog.id, q.before));
  return db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(q.limit).all();
}

export interface AuditActor {
  keyId: number | null;
  name: string;
}

/** Everyone who appears in the log, for the "by person" filter: keys by id, others by name. */
export function auditActors(db: Db): AuditActor[] {
  return db
    .select({ keyId: sql<number | null>`MAX(${auditLog.actorKeyId})`, name: sql<string>`MAX(${auditLog.actorName})` })
    .from(auditLog)
    .groupBy(sql`COALESCE(${auditLog.actorKeyId}, -1)`, sql`CASE WHEN ${auditLog.actorKeyId} IS NULL THEN ${auditLog.actorName} END`)
    .orderBy(sql`2`)
    .all();
}

export function auditEntityTypes(db: Db): string[] {
  return db
    .selectDistinct({ t: auditLog.entityType })
    .from(auditLog)
    .orderBy(auditLog.entityType)
    .all()
    .map((r) => r.t);
}
