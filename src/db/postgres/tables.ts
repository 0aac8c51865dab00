import { asc, count, getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { afterKey } from '../keyset.ts';
import { type AnyRow, PRIMARY_KEYS, type TableAccess, type TableName } from '../port/index.ts';
import type { PgDb } from './db.ts';
import * as schema from './schema.ts';

const TABLE_OBJECTS: Record<TableName, PgTable> = {
  settings: schema.settings,
  organizations: schema.organizations,
  projects: schema.projects,
  api_keys: schema.apiKeys,
  documents: schema.documents,
  tags: schema.tags,
  document_tags: schema.documentTags,
  pages: schema.pages,
  jobs: schema.jobs,
  extractions: schema.extractions,
  records: schema.records,
  webhooks: schema.webhooks,
  webhook_deliveries: schema.webhookDeliveries,
  audit_log: schema.auditLog,
};

/** Whole-table access on PostgreSQL; `guard` runs before every call (a transaction checks it is open). */
export function pgTables(db: PgDb, guard: () => void = () => {}): TableAccess {
  return {
    async *scan(table, batchSize = 500) {
      const t = TABLE_OBJECTS[table];
      const cols = getTableColumns(t) as Record<string, PgColumn>;
      const keyNames = PRIMARY_KEYS[table];
      const keys = keyNames.map((k) => cols[k] as PgColumn);
      let after: unknown[] | undefined;
      for (;;) {
        guard();
        const rows = (await db
          .select()
          .from(t)
          .where(after ? afterKey(keys, after) : undefined)
          .orderBy(...keys.map((k) => asc(k)))
          .limit(batchSize)) as AnyRow[];
        if (rows.length) yield rows;
        if (rows.length < batchSize) return;
        const last = rows.at(-1) as AnyRow;
        after = keyNames.map((k) => last[k]);
      }
    },
    async insert(table, rows) {
      guard();
      const t = TABLE_OBJECTS[table];
      const size = Math.max(1, Math.floor(30_000 / Object.keys(getTableColumns(t)).length));
      for (let i = 0; i < rows.length; i += size) await db.insert(t).values(rows.slice(i, i + size) as never);
    },
    async count(table) {
      guard();
      const [row] = await db.select({ n: count() }).from(TABLE_OBJECTS[table]);
      return row?.n ?? 0;
    },
  };
}
