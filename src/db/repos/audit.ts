import { and, count, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../open.ts';
import type { AuditFilter } from '../port/filters.ts';
import { type AuditLogRow, auditLog } from '../schema.ts';

export type { AuditFilter } from '../port/filters.ts';

/** Append-only log of what happened in a project (uploads, OCR, status changes, field edits, errors). */
export class AuditRepo {
  constructor(private readonly db: Db) {}

  insert(row: AuditLogRow): void {
    this.db.insert(auditLog).values(row).run();
  }

  list(f: AuditFilter): { rows: AuditLogRow[]; total: number } {
    const c: (SQL | undefined)[] = [eq(auditLog.projectId, f.projectId)];
    if (f.type) c.push(eq(auditLog.type, f.type));
    if (f.area) c.push(eq(auditLog.area, f.area));
    if (f.subArea) c.push(eq(auditLog.subArea, f.subArea));
    if (f.documentId) c.push(eq(auditLog.documentId, f.documentId));
    if (f.message) c.push(sql`instr(lower(${auditLog.message}), lower(${f.message})) > 0`);
    if (f.from !== undefined) c.push(gte(auditLog.createdAt, f.from));
    if (f.before !== undefined) c.push(lt(auditLog.createdAt, f.before));
    for (const [k, v] of Object.entries(f.metadata ?? {}))
      c.push(sql`CAST(json_extract(${auditLog.metadata}, ${`$."${k.replaceAll('"', '')}"`}) AS TEXT) = ${v}`);
    const where = and(...c);
    const total = this.db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
    const rows = this.db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(f.limit ?? 100)
      .offset(f.offset ?? 0)
      .all();
    return { rows, total };
  }
}
