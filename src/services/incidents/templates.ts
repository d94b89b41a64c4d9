// Incident templates: a name for staff, and the title, severity, first message and usual services
// with impacts that fill in the new-incident form. Created, changed and deleted through write(),
// audited like every other change; a template never posts anything by itself.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidentTemplates } from '../../../db/schema.ts';
import type { Impact, Severity } from '../../domain/vocabulary.ts';
import { ApiError } from '../../lib/http-error.ts';
import { resolveServiceRefs } from '../catalog/lookup.ts';
import type { Actor } from '../kernel/api-keys.ts';
import type { AppContext } from '../kernel/context.ts';
import { write, type Tx } from '../kernel/write.ts';
import type { ImpactInput } from './commands.ts';

type Conn = Db | Tx;
export type TemplateRow = typeof incidentTemplates.$inferSelect;

export interface TemplateInput {
  name: string;
  title: string;
  severity: Severity;
  message: string;
  services: ImpactInput[];
}

export function listTemplates(db: Conn): TemplateRow[] {
  return db.select().from(incidentTemplates).orderBy(asc(incidentTemplates.name), asc(incidentTemplates.id)).all();
}

export function getTemplate(db: Conn, id: number): TemplateRow | undefined {
  return db.select().from(incidentTemplates).where(eq(incidentTemplates.id, id)).get();
}

function requireTemplate(db: Conn, id: number): TemplateRow {
  const row = getTemplate(db, id);
  if (!row) throw new ApiError('not_found', `No template ${id}.`);
  return row;
}

/** The same service rules as an incident: known, active, each once. */
function resolved(tx: Tx, list: ImpactInput[]): { serviceId: number; impact: Impact }[] {
  const ids = resolveServiceRefs(tx, list.map((s) => s.service));
  return ids.map((serviceId, i) => ({ serviceId, impact: list[i]!.impact }));
}

function assertNameFree(tx: Tx, name: string, exceptId?: number): void {
  const holder = tx.select({ id: incidentTemplates.id }).from(incidentTemplates).where(eq(incidentTemplates.name, name)).get();
  if (holder && holder.id !== exceptId) throw new ApiError('name_taken', `A template named "${name}" already exists.`, { field: 'name' });
}

export function createTemplate(ctx: AppContext, actor: Actor, input: TemplateInput): TemplateRow {
  const now = ctx.clock();
  return write(ctx, actor, { at: now, backfilled: false }, ({ tx, audit }) => {
    assertNameFree(tx, input.name);
    const row = tx
      .insert(incidentTemplates)
      .values({ name: input.name, title: input.title, severity: input.severity, message: input.message, services: resolved(tx, input.services), createdAt: now, updatedAt: now })
      .returning()
      .get();
    audit({ action: 'template.create', entityType: 'template', entityId: row.id, after: row });
    return row;
  });
}

export function updateTemplate(ctx: AppContext, actor: Actor, id: number, input: TemplateInput): TemplateRow {
  const now = ctx.clock();
  return write(ctx, actor, { at: now, backfilled: false }, ({ tx, audit }) => {
    const before = requireTemplate(tx, id);
    assertNameFree(tx, input.name, id);
    const after = tx
      .update(incidentTemplates)
      .set({ name: input.name, title: input.title, severity: input.severity, message: input.message, services: resolved(tx, input.services), updatedAt: now })
      .where(eq(incidentTemplates.id, id))
      .returning()
      .get();
    audit({ action: 'template.update', entityType: 'template', entityId: id, before, after });
    return after;
  });
}

export function deleteTemplate(ctx: AppContext, actor: Actor, id: number): TemplateRow {
  const now = ctx.clock();
  return write(ctx, actor, { at: now, backfilled: false }, ({ tx, audit }) => {
    const before = requireTemplate(tx, id);
    tx.delete(incidentTemplates).where(eq(incidentTemplates.id, id)).run();
    audit({ action: 'template.delete', entityType: 'template', entityId: id, before, after: null });
    return before;
  });
}
