import { and, asc, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../open.ts';
import type { RecordQuery } from '../port/filters.ts';
import { changes } from '../util.ts';
import { type RecordRow, records } from '../schema.ts';

export type { RecordQuery } from '../port/filters.ts';

/**
 * A small JSON document store, one collection per kind of dialect-specific entity (templates, batches,
 * prompts, schemas, forms, ...). Every read is scoped to a project.
 */
export class RecordsRepo {
  constructor(private readonly db: Db) {}

  put(row: RecordRow): void {
    this.db
      .insert(records)
      .values(row)
      .onConflictDoUpdate({
        target: [records.collection, records.id],
        set: { data: row.data, updatedAt: row.updatedAt },
      })
      .run();
  }

  get(collection: string, projectId: string, id: string): RecordRow | undefined {
    return this.db
      .select()
      .from(records)
      .where(and(eq(records.collection, collection), eq(records.id, id), eq(records.projectId, projectId)))
      .get();
  }

  list(collection: string, projectId: string, q: RecordQuery = {}): { rows: RecordRow[]; total: number } {
    const conds: (SQL | undefined)[] = [eq(records.collection, collection), eq(records.projectId, projectId)];
    for (const [k, v] of Object.entries(q.where ?? {})) {
      const path = `$."${k.replaceAll('"', '')}"`;
      conds.push(
        v === null
          ? sql`json_extract(${records.data}, ${path}) IS NULL`
          : sql`json_extract(${records.data}, ${path}) = ${typeof v === 'boolean' ? Number(v) : v}`,
      );
    }
    const where = and(...conds);
    const total = this.db.select({ n: count() }).from(records).where(where).get()?.n ?? 0;
    const dir = q.order === 'asc' ? asc : desc;
    const rows = this.db
      .select()
      .from(records)
      .where(where)
      .orderBy(dir(records.createdAt), dir(records.id))
      .limit(q.limit ?? 1000)
      .offset(q.offset ?? 0)
      .all();
    return { rows, total };
  }

  delete(collection: string, projectId: string, id: string): boolean {
    return (
      changes(
        this.db
          .delete(records)
          .where(
            and(eq(records.collection, collection), eq(records.id, id), eq(records.projectId, projectId)),
          )
          .run(),
      ) > 0
    );
  }
}
