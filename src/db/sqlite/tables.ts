import { asc, count, getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterKey } from '../keyset.ts';
import type { Db } from '../open.ts';
import { type AnyRow, PRIMARY_KEYS, type TableAccess, type TableName } from '../port/index.ts';
import * as schema from '../schema.ts';

const TABLE_OBJECTS: Record<TableName, SQLiteTable> = {
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

/** Rows per INSERT statement, under SQLite's limit of bound parameters. */
function chunkSize(table: SQLiteTable): number {
  return Math.max(1, Math.floor(20_000 / Object.keys(getTableColumns(table)).length));
}

/** Whole-table access on SQLite; `run` is the storage's way of running a call (gate or transaction). */
export function sqliteTables(db: Db, run: <T>(op: () => T) => Promise<T>): TableAccess {
  return {
    async *scan(table, batchSize = 500) {
      const t = TABLE_OBJECTS[table];
      const cols = getTableColumns(t) as Record<string, SQLiteColumn>;
      const keyNames = PRIMARY_KEYS[table];
      const keys = keyNames.map((k) => cols[k] as SQLiteColumn);
      let after: unknown[] | undefined;
      for (;;) {
        const where = after ? afterKey(keys, after) : undefined;
        const rows = (await run(() =>
          db
            .select()
            .from(t)
            .where(where)
            .orderBy(...keys.map((k) => asc(k)))
            .limit(batchSize)
            .all(),
        )) as AnyRow[];
        if (rows.length) yield rows;
        if (rows.length < batchSize) return;
        const last = rows.at(-1) as AnyRow;
        after = keyNames.map((k) => last[k]);
      }
    },
    async insert(table, rows) {
      const t = TABLE_OBJECTS[table];
      const size = chunkSize(t);
      await run(() => {
        for (let i = 0; i < rows.length; i += size)
          db.insert(t)
            .values(rows.slice(i, i + size) as never)
            .run();
      });
    },
    count: (table) => run(() => db.select({ n: count() }).from(TABLE_OBJECTS[table]).get()?.n ?? 0),
  };
}
