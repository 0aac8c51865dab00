import { and, asc, eq } from 'drizzle-orm';
import type { ExtractionRow, ExtractionsRepository } from '../../port/index.ts';
import type { PgDb } from '../db.ts';
import { extractions } from '../schema.ts';

/** Extraction results on PostgreSQL. */
export class PgExtractions implements ExtractionsRepository {
  constructor(private readonly db: PgDb) {}

  async upsert(row: ExtractionRow) {
    const { documentId: _d, schemaKey: _s, createdAt: _c, ...rest } = row;
    await this.db
      .insert(extractions)
      .values(row)
      .onConflictDoUpdate({ target: [extractions.documentId, extractions.schemaKey], set: rest });
  }

  async get(documentId: string, schemaKey: string) {
    const [row] = await this.db
      .select()
      .from(extractions)
      .where(and(eq(extractions.documentId, documentId), eq(extractions.schemaKey, schemaKey)));
    return row;
  }

  list(documentId: string) {
    return this.db
      .select()
      .from(extractions)
      .where(eq(extractions.documentId, documentId))
      .orderBy(asc(extractions.createdAt), asc(extractions.schemaKey));
  }

  async delete(documentId: string, schemaKey: string) {
    const done = await this.db
      .delete(extractions)
      .where(and(eq(extractions.documentId, documentId), eq(extractions.schemaKey, schemaKey)))
      .returning({ id: extractions.documentId });
    return done.length > 0;
  }
}
