import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { PageRow, PagesRepository } from '../../port/index.ts';
import type { PgDb } from '../db.ts';
import { pages } from '../schema.ts';

/** Page text on PostgreSQL. */
export class PgPages implements PagesRepository {
  constructor(private readonly db: PgDb) {}

  async replaceAll(documentId: string, rows: PageRow[]) {
    await this.db.transaction(async (tx) => {
      await tx.delete(pages).where(eq(pages.documentId, documentId));
      if (rows.length) await tx.insert(pages).values(rows);
    });
  }

  list(documentId: string) {
    return this.db.select().from(pages).where(eq(pages.documentId, documentId)).orderBy(asc(pages.pageNo));
  }

  async get(documentId: string, pageNo: number) {
    const [row] = await this.db
      .select()
      .from(pages)
      .where(and(eq(pages.documentId, documentId), eq(pages.pageNo, pageNo)));
    return row;
  }

  async documentsAfter(after: string, limit: number) {
    const rows = await this.db
      .selectDistinct({ id: pages.documentId })
      .from(pages)
      .where(gt(pages.documentId, after))
      .orderBy(asc(pages.documentId))
      .limit(limit);
    return rows.map((r) => r.id);
  }

  async fullText(documentId: string) {
    const rows = await this.db
      .select({ text: pages.text })
      .from(pages)
      .where(eq(pages.documentId, documentId))
      .orderBy(asc(pages.pageNo));
    return rows.map((r) => r.text).join('\n');
  }

  async fullTexts(documentIds: string[]) {
    const out = new Map<string, string[]>(documentIds.map((id) => [id, []]));
    if (documentIds.length)
      for (const r of await this.db
        .select({ documentId: pages.documentId, text: pages.text })
        .from(pages)
        .where(inArray(pages.documentId, [...new Set(documentIds)]))
        .orderBy(asc(pages.documentId), asc(pages.pageNo)))
        out.get(r.documentId)?.push(r.text);
    return new Map([...out].map(([id, texts]) => [id, texts.join('\n')]));
  }
}
