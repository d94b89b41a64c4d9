// The PostgreSQL tables, derived from db/schema.ts (the one schema source): same table, column,
// index and constraint names, the same JavaScript values. drizzle-kit reads this file to write the
// PostgreSQL migrations (drizzle.pg.config.ts); the application uses it when DATABASE_URL is a
// postgres:// address.
//
// The values stored are SQLite's, because the application writes them through Drizzle's SQLite query
// builder on either engine (db/postgres.ts):
// - INTEGER (epoch milliseconds, ids, booleans as 0/1): BIGINT, read back as a JavaScript number;
//   an autoincrement primary key is an identity column, which a trigger also fills when an insert
//   says NULL (as SQLite's rowid does; the builder writes NULL for a column it has no value for);
// - TEXT (JSON as its text, an enum a TypeScript-only constraint as in SQLite): TEXT.
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { bigint, foreignKey, index, pgTable, primaryKey, text, uniqueIndex, type PgColumn, type PgColumnBuilderBase, type PgTable } from 'drizzle-orm/pg-core';
import { is, Table } from 'drizzle-orm';
import * as source from './schema.ts';

type ColumnLike = SQLiteColumn & { autoIncrement?: boolean; defaultFn?: () => unknown; onUpdateFn?: () => unknown; isUnique?: boolean; uniqueName?: string };

function pgColumn(column: ColumnLike): PgColumnBuilderBase {
  const kind = column.columnType;
  let built;
  if (kind === 'SQLiteInteger' || kind === 'SQLiteTimestamp' || kind === 'SQLiteBoolean') {
    built = bigint(column.name, { mode: 'number' });
    if (column.primary && column.autoIncrement) built = built.generatedByDefaultAsIdentity();
  } else if (kind === 'SQLiteText' || kind === 'SQLiteTextJson') built = text(column.name);
  else throw new Error(`db/schema-pg.ts: no PostgreSQL type for ${kind} (${column.name})`);
  if (column.primary) built = built.primaryKey();
  if (column.notNull && !column.primary) built = built.notNull();
  if (column.default !== undefined) built = built.default((typeof column.default === 'boolean' ? Number(column.default) : column.default) as never);
  if (column.defaultFn) built = built.$defaultFn(column.defaultFn as never);
  if (column.onUpdateFn) built = built.$onUpdateFn(column.onUpdateFn as never);
  if (column.isUnique) built = built.unique(column.uniqueName);
  return built;
}

const sourceTables = Object.entries(source as Record<string, unknown>).filter((entry): entry is [string, SQLiteTable] => is(entry[1], Table));
const byName = new Map<string, PgTable>();

const keyOf = (table: SQLiteTable, column: SQLiteColumn): string => Object.entries(table).find(([, c]) => c === column)![0];

/** The PostgreSQL column for a SQLite one: from `own` (the extra-config columns) or the other table. */
function columnOf(table: SQLiteTable, column: SQLiteColumn, own?: Record<string, PgColumn>): PgColumn {
  const columns = own ?? (byName.get(getTableConfig(table).name) as unknown as Record<string, PgColumn>);
  return columns[keyOf(table, column)]!;
}

function pgTableFrom(table: SQLiteTable): PgTable {
  const config = getTableConfig(table);
  const columns = Object.fromEntries(Object.entries(table as unknown as Record<string, unknown>).filter(([, c]) => config.columns.includes(c as SQLiteColumn)).map(([key, c]) => [key, pgColumn(c as ColumnLike)]));
  // Built lazily (drizzle-kit and the query builder ask for them after every table exists).
  return pgTable(config.name, columns, (own) => [
    ...config.indexes.map(({ config: ix }) => {
      const made = (ix.unique ? uniqueIndex(ix.name) : index(ix.name)).on(...(ix.columns.map((c) => columnOf(table, c as SQLiteColumn, own as never)) as [PgColumn, ...PgColumn[]]));
      return ix.where ? made.where(ix.where) : made;
    }),
    ...config.primaryKeys.map((pk) => primaryKey({ name: pk.getName(), columns: pk.columns.map((c) => columnOf(table, c, own as never)) as [PgColumn, ...PgColumn[]] })),
    ...config.foreignKeys.map((fk) => {
      const ref = fk.reference();
      const made = foreignKey({ name: fk.getName(), columns: ref.columns.map((c) => columnOf(table, c, own as never)) as [PgColumn, ...PgColumn[]], foreignColumns: ref.foreignColumns.map((c) => columnOf(ref.foreignTable, c)) as [PgColumn, ...PgColumn[]] });
      if (fk.onDelete) made.onDelete(fk.onDelete);
      if (fk.onUpdate) made.onUpdate(fk.onUpdate);
      return made;
    }),
  ]);
}

for (const [, table] of sourceTables) byName.set(getTableConfig(table).name, pgTableFrom(table));

/** Every table under its export name in db/schema.ts, typed as there (the services use those types). */
export const pgSchema = Object.fromEntries(sourceTables.map(([key, table]) => [key, byName.get(getTableConfig(table).name)!])) as unknown as { [K in keyof typeof source as (typeof source)[K] extends SQLiteTable ? K : never]: (typeof source)[K] };

// drizzle-kit finds tables among a module's exports.
export const {
  serviceGroups, services, incidents, incidentUpdates, incidentImpacts, maintenances,
  maintenanceServices, maintenanceUpdates, incidentReports, incidentReportRevisions, settings,
  apiKeys, auditLog, outboxEvents, subscribers, subscriberServices, deliveries, webhookMessages,
  staffUsers, staffSessions, incidentTemplates, webhookEndpoints, webhookEndpointServices,
  webhookDeliveries, webhookAttempts, rateLimitHits,
} = pgSchema as unknown as Record<string, PgTable>;
