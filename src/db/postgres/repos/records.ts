import { and, asc, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { RecordQuery } from '../../port/filters.ts';
import type { RecordRow, RecordsRepository } from '../../port/index.ts';
import type { PgDb } from '../db.ts';
import { records } from '../schema.ts';

/** A top-level field of the record's JSON equals `value` (null: the field is null or missing). */
function fieldIs(key: string, value: string | number | boolean | null): SQL {
  const field = sql`(${records.data}::jsonb -> ${key}::text)`;
  return value === null
    ? sql`coalesce(${field}, 'null'::jsonb) = 'null'::jsonb`
    : // Bound as text then cast: Bun.SQL would JSON-encode a string bound straight to a jsonb parameter.
      sql`${field} = (${JSON.stringify(value)}::text)::jsonb`;
}

/** The JSON record store on PostgreSQL. */
export class PgRecords implements RecordsRepository {
  constructor(private readonly db: PgDb) {}

  async put(row: RecordRow) {
    await this.db
      .insert(records)
      .values(row)
      .onConflictDoUpdate({
        target: [records.collection, records.id],
        set: { data: row.data, updatedAt: row.updatedAt },
      });
  }

  async get(collection: string, projectId: string, id: string) {
    const [row] = await this.db
      .select()
      .from(records)
      .where(and(eq(records.collection, collection), eq(records.id, id), eq(records.projectId, projectId)));
    return row;
  }

  async list(collection: string, projectId: string, q: RecordQuery = {}) {
    const where = and(
      eq(records.collection, collection),
      eq(records.projectId, projectId),
      ...Object.entries(q.where ?? {}).map(([k, v]) => fieldIs(k, v)),
    );
    const dir = q.order === 'asc' ? asc : desc;
    const [counted, rows] = await Promise.all([
      this.db.select({ n: count() }).from(records).where(where),
      this.db
        .select()
        .from(records)
        .where(where)
        .orderBy(dir(records.createdAt), dir(records.id))
        .limit(q.limit ?? 1000)
        .offset(q.offset ?? 0),
    ]);
    return { rows, total: counted[0]?.n ?? 0 };
  }

  async delete(collection: string, projectId: string, id: string) {
    const done = await this.db
      .delete(records)
      .where(and(eq(records.collection, collection), eq(records.id, id), eq(records.projectId, projectId)))
      .returning({ id: records.id });
    return done.length > 0;
  }
}
