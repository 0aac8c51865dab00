import { and, count, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { AuditFilter } from '../../port/filters.ts';
import type { AuditLogRow, AuditRepository } from '../../port/index.ts';
import type { PgDb } from '../db.ts';
import { auditLog } from '../schema.ts';
import { containsAsciiCaseless } from './documents.ts';

/** The append-only project log on PostgreSQL. */
export class PgAudit implements AuditRepository {
  constructor(private readonly db: PgDb) {}

  async insert(row: AuditLogRow) {
    await this.db.insert(auditLog).values(row);
  }

  async list(f: AuditFilter) {
    const c: (SQL | undefined)[] = [eq(auditLog.projectId, f.projectId)];
    if (f.type) c.push(eq(auditLog.type, f.type));
    if (f.area) c.push(eq(auditLog.area, f.area));
    if (f.subArea) c.push(eq(auditLog.subArea, f.subArea));
    if (f.documentId) c.push(eq(auditLog.documentId, f.documentId));
    if (f.message) c.push(containsAsciiCaseless(auditLog.message, f.message));
    if (f.from !== undefined) c.push(gte(auditLog.createdAt, f.from));
    if (f.before !== undefined) c.push(lt(auditLog.createdAt, f.before));
    for (const [k, v] of Object.entries(f.metadata ?? {}))
      c.push(sql`(${auditLog.metadata}::jsonb ->> ${k}::text) = ${v}::text`);
    const where = and(...c);
    const [counted, rows] = await Promise.all([
      this.db.select({ n: count() }).from(auditLog).where(where),
      this.db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
        .limit(f.limit ?? 100)
        .offset(f.offset ?? 0),
    ]);
    return { rows, total: counted[0]?.n ?? 0 };
  }
}
