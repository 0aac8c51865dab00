import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../open.ts';
import { type PageRow, pages } from '../schema.ts';

/** Per-page text and layout derived from OCR or a PDF text layer. */
export class PagesRepo {
  constructor(private readonly db: Db) {}

  /** Replaces every page of a document in one transaction. */
  replaceAll(documentId: string, rows: PageRow[]): void {
    this.db.transaction((tx) => {
      tx.delete(pages).where(eq(pages.documentId, documentId)).run();
      for (const row of rows) tx.insert(pages).values(row).run();
    });
  }

  list(documentId: string): PageRow[] {
    return this.db
      .select()
      .from(pages)
      .where(eq(pages.documentId, documentId))
      .orderBy(asc(pages.pageNo))
      .all();
  }

  get(documentId: string, pageNo: number): PageRow | undefined {
    return this.db
      .select()
      .from(pages)
      .where(and(eq(pages.documentId, documentId), eq(pages.pageNo, pageNo)))
      .get();
  }

  /** Ids of documents that have pages (any project, trash included) after `after`, in id order. */
  documentsAfter(after: string, limit: number): string[] {
    return this.db
      .selectDistinct({ id: pages.documentId })
      .from(pages)
      .where(gt(pages.documentId, after))
      .orderBy(asc(pages.documentId))
      .limit(limit)
      .all()
      .map((r) => r.id);
  }

  /** Text of every page of a document joined with newlines, without layouts (cheap for indexing). */
  fullText(documentId: string): string {
    return this.db
      .select({ text: pages.text })
      .from(pages)
      .where(eq(pages.documentId, documentId))
      .orderBy(asc(pages.pageNo))
      .all()
      .map((r) => r.text)
      .join('\n');
  }

  /** {@link fullText} of each given document in one read; every id is a key ('' without pages). */
  fullTexts(documentIds: string[]): Map<string, string> {
    const out = new Map<string, string[]>(documentIds.map((id) => [id, []]));
    if (documentIds.length)
      for (const r of this.db
        .select({ documentId: pages.documentId, text: pages.text })
        .from(pages)
        .where(sql`${pages.documentId} IN (SELECT value FROM json_each(${JSON.stringify(documentIds)}))`)
        .orderBy(asc(pages.documentId), asc(pages.pageNo))
        .all())
        out.get(r.documentId)?.push(r.text);
    return new Map([...out].map(([id, texts]) => [id, texts.join('\n')]));
  }
}
