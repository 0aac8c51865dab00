import { and, count, eq, isNull, lt, sql } from 'drizzle-orm';
import type { MaintenanceRepository } from '../../port/index.ts';
import type { PgDb } from '../db.ts';
import { PG_MIGRATIONS } from '../migrations/index.ts';
import { documents, jobs, projectCounts, projects } from '../schema.ts';

/** Database-wide checks and repairs on PostgreSQL. */
export class PgMaintenance implements MaintenanceRepository {
  constructor(private readonly db: PgDb) {}

  /** Every migration this build knows is applied, and no index is left invalid. */
  async integrityCheck() {
    const problems: string[] = [];
    const applied = new Set(
      (await this.db.execute<{ version: number }>(sql`SELECT version FROM schema_migrations`)).map((r) =>
        Number(r.version),
      ),
    );
    for (const m of PG_MIGRATIONS)
      if (!applied.has(m.version)) problems.push(`migration ${m.version} (${m.name}) is not applied`);
    const invalid = await this.db.execute<{ name: string }>(
      sql`SELECT indexrelid::regclass::text AS name FROM pg_index WHERE NOT indisvalid`,
    );
    for (const r of invalid) problems.push(`index ${r.name} is invalid (rebuild it with REINDEX)`);
    return problems.length ? problems : ['ok'];
  }

  documentBlobs() {
    return this.db
      .select({
        id: documents.id,
        projectId: documents.projectId,
        sha256: documents.sha256,
        pdfSha256: documents.pdfSha256,
      })
      .from(documents);
  }

  async liveDocuments() {
    const [row] = await this.db.select({ n: count() }).from(documents).where(isNull(documents.deletedAt));
    return row?.n ?? 0;
  }

  async expiredRunningJobs(now: number) {
    const [row] = await this.db
      .select({ n: count() })
      .from(jobs)
      .where(and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, now)));
    return row?.n ?? 0;
  }

  async countDrift() {
    const actual =
      sql<number>`(SELECT count(*) FROM ${documents} d WHERE d.project_id = ${projects.id} AND d.deleted_at IS NULL)`.mapWith(
        Number,
      );
    const rows = await this.db
      .select({
        projectId: projects.id,
        stored: sql<number>`coalesce(${projectCounts.liveDocuments}, 0)`.mapWith(Number),
        actual,
      })
      .from(projects)
      .leftJoin(projectCounts, eq(projectCounts.projectId, projects.id));
    return rows.filter((r) => r.stored !== r.actual);
  }

  async recount() {
    await this.db.transaction(async (tx) => {
      await tx.delete(projectCounts);
      await tx.execute(
        sql`INSERT INTO project_counts (project_id, live_documents)
            SELECT project_id, count(*) FROM documents WHERE deleted_at IS NULL GROUP BY project_id`,
      );
    });
  }
}
