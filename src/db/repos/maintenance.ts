import type { Db } from '../open.ts';

/** Database-wide maintenance queries: snapshots, integrity, consistency counts. */
export class MaintenanceRepo {
  constructor(private readonly db: Db) {}

  /** Writes a transactionally consistent copy of the database to `path` (works while others write). */
  snapshotTo(path: string): void {
    this.db.$client.query('VACUUM INTO ?').run(path);
  }

  /** SQLite's own structural check: `['ok']` when healthy. */
  integrityCheck(): string[] {
    return this.db.$client
      .query<{ integrity_check: string }, []>('PRAGMA integrity_check')
      .all()
      .map((r) => r.integrity_check);
  }

  /** Every document's original and derived-PDF hash with its id. */
  documentBlobs(): { id: string; projectId: string; sha256: string; pdfSha256: string | null }[] {
    return this.db.$client
      .query<{ id: string; projectId: string; sha256: string; pdfSha256: string | null }, []>(
        'SELECT id, project_id AS projectId, sha256, pdf_sha256 AS pdfSha256 FROM documents',
      )
      .all();
  }

  liveDocuments(): number {
    return (
      this.db.$client
        .query<{ n: number }, []>('SELECT count(*) AS n FROM documents WHERE deleted_at IS NULL')
        .get()?.n ?? 0
    );
  }

  /** Running jobs whose lease expired before `now` (their process died). */
  expiredRunningJobs(now: number): number {
    return (
      this.db.$client
        .query<{ n: number }, [number]>(
          "SELECT count(*) AS n FROM jobs WHERE status = 'running' AND locked_until < ?",
        )
        .get(now)?.n ?? 0
    );
  }

  /** Live document count per project as stored by the triggers vs as counted. */
  countDrift(): { projectId: string; stored: number; actual: number }[] {
    return this.db.$client
      .query<{ projectId: string; stored: number; actual: number }, []>(
        `SELECT p.id AS projectId, COALESCE(c.live_documents, 0) AS stored,
                (SELECT count(*) FROM documents d WHERE d.project_id = p.id AND d.deleted_at IS NULL) AS actual
         FROM projects p LEFT JOIN project_counts c ON c.project_id = p.id`,
      )
      .all()
      .filter((r) => r.stored !== r.actual);
  }

  /** Resets the trigger-kept counts from the documents table. */
  recount(): void {
    this.db.$client.exec(
      `DELETE FROM project_counts;
       INSERT INTO project_counts (project_id, live_documents)
       SELECT project_id, count(*) FROM documents WHERE deleted_at IS NULL GROUP BY project_id;`,
    );
  }
}
