import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../open.ts';
import { changes } from '../util.ts';
import { type ExtractionRow, extractions } from '../schema.ts';

/** Structured extraction results per document and schema key. */
export class ExtractionsRepo {
  constructor(private readonly db: Db) {}

  upsert(row: ExtractionRow): void {
    const { documentId: _d, schemaKey: _s, createdAt: _c, ...rest } = row;
    this.db
      .insert(extractions)
      .values(row)
      .onConflictDoUpdate({ target: [extractions.documentId, extractions.schemaKey], set: rest })
      .run();
  }

  get(documentId: string, schemaKey: string): ExtractionRow | undefined {
    return this.db
      .select()
      .from(extractions)
      .where(and(eq(extractions.documentId, documentId), eq(extractions.schemaKey, schemaKey)))
      .get();
  }

  list(documentId: string): ExtractionRow[] {
    return this.db
      .select()
      .from(extractions)
      .where(eq(extractions.documentId, documentId))
      .orderBy(asc(extractions.createdAt), asc(extractions.schemaKey))
      .all();
  }

  delete(documentId: string, schemaKey: string): boolean {
    return (
      changes(
        this.db
          .delete(extractions)
          .where(and(eq(extractions.documentId, documentId), eq(extractions.schemaKey, schemaKey)))
          .run(),
      ) > 0
    );
  }
}
