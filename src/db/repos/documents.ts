import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { type DocumentFilter, type DocumentListOptions, isPlainLiveList } from '../port/filters.ts';
import type { Db } from '../open.ts';
import { type DocumentRow, documents, documentTags, projectCounts, type TagRow, tags } from '../schema.ts';

export type { DocumentFilter, DocumentListOptions, DocumentSortField } from '../port/filters.ts';
export { DOCUMENT_SORT_FIELDS } from '../port/filters.ts';

const SORT_COLUMNS = {
  created_at: documents.createdAt,
  updated_at: documents.updatedAt,
  name: documents.name,
  size: documents.size,
  ocr_status: documents.ocrStatus,
  review_status: documents.reviewStatus,
  mime: documents.mime,
} as const;

function whereOf(f: DocumentFilter): SQL | undefined {
  const c: (SQL | undefined)[] = [eq(documents.projectId, f.projectId)];
  const state = f.state ?? 'live';
  if (state === 'live') c.push(isNull(documents.deletedAt));
  else if (state === 'trash') c.push(isNotNull(documents.deletedAt));
  if (f.ids) c.push(inArray(documents.id, f.ids));
  if (f.folderId !== undefined) c.push(eq(documents.folderId, f.folderId));
  if (f.kinds?.length) c.push(inArray(documents.kind, f.kinds));
  if (f.mimes?.length) c.push(inArray(documents.mime, f.mimes));
  if (f.ocrStatuses?.length) c.push(inArray(documents.ocrStatus, f.ocrStatuses));
  if (f.reviewStatuses?.length) {
    const named = f.reviewStatuses.filter((r): r is string => r !== null);
    c.push(
      or(
        named.length ? inArray(documents.reviewStatus, named) : undefined,
        f.reviewStatuses.includes(null) ? isNull(documents.reviewStatus) : undefined,
      ),
    );
  }
  if (f.docTypes?.length) c.push(inArray(documents.docType, f.docTypes));
  if (f.sources?.length) c.push(inArray(documents.source, f.sources));
  if (f.favorite !== undefined) c.push(eq(documents.favorite, f.favorite));
  if (f.emailId) c.push(eq(documents.emailId, f.emailId));
  if (f.keyId) c.push(eq(documents.keyId, f.keyId));
  if (f.nameContains) c.push(sql`instr(lower(${documents.name}), lower(${f.nameContains})) > 0`);
  if (f.createdFrom !== undefined) c.push(gte(documents.createdAt, f.createdFrom));
  if (f.createdBefore !== undefined) c.push(lt(documents.createdAt, f.createdBefore));
  for (const [k, v] of Object.entries(f.metadata ?? {}))
    c.push(sql`json_extract(${documents.metadata}, ${`$."${k.replaceAll('"', '')}"`}) = ${v}`);
  for (const tagId of f.tagIds ?? [])
    c.push(
      sql`EXISTS (SELECT 1 FROM ${documentTags} WHERE ${documentTags.documentId} = ${documents.id} AND ${documentTags.tagId} = ${tagId})`,
    );
  return and(...c);
}

/** Documents, their tags and their trash state. Every read takes the project id. */
export class DocumentsRepo {
  /** The hot path (unfiltered live list, newest first) runs on prepared statements. */
  private readonly liveCount;
  private readonly livePage;
  private readonly tagsOfIds;

  constructor(private readonly db: Db) {
    this.liveCount = db
      .select({ n: projectCounts.liveDocuments })
      .from(projectCounts)
      .where(eq(projectCounts.projectId, sql.placeholder('projectId')))
      .prepare();
    this.livePage = db
      .select()
      .from(documents)
      .where(and(eq(documents.projectId, sql.placeholder('projectId')), isNull(documents.deletedAt)))
      .orderBy(desc(documents.createdAt), desc(documents.id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare();
    this.tagsOfIds = db
      .select({ documentId: documentTags.documentId, tag: tags })
      .from(documentTags)
      .innerJoin(tags, eq(tags.id, documentTags.tagId))
      .where(sql`${documentTags.documentId} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`)
      .orderBy(asc(tags.name))
      .prepare();
  }

  insert(row: DocumentRow): void {
    this.db.insert(documents).values(row).run();
  }

  /** A document of the project (trashed ones included), or undefined. */
  get(projectId: string, id: string): DocumentRow | undefined {
    return this.db
      .select()
      .from(documents)
      .where(and(eq(documents.id, id), eq(documents.projectId, projectId)))
      .get();
  }

  /** A document by id alone: only for background jobs that already hold a trusted id. */
  getUnscoped(id: string): DocumentRow | undefined {
    return this.db.select().from(documents).where(eq(documents.id, id)).get();
  }

  /** Documents by id alone (trashed ones included, unknown ids left out): background work only. */
  getManyUnscoped(ids: string[]): DocumentRow[] {
    if (!ids.length) return [];
    return this.db
      .select()
      .from(documents)
      .where(sql`${documents.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`)
      .all();
  }

  /** The live document of a project with this content, if any (per-project de-duplication). */
  findLiveBySha(projectId: string, sha256: string): DocumentRow | undefined {
    return this.db
      .select()
      .from(documents)
      .where(
        and(eq(documents.projectId, projectId), eq(documents.sha256, sha256), isNull(documents.deletedAt)),
      )
      .get();
  }

  list(filter: DocumentFilter, opts: DocumentListOptions = {}): { rows: DocumentRow[]; total: number } {
    if (isPlainLiveList(filter, opts)) {
      const total = this.liveCount.get({ projectId: filter.projectId })?.n ?? 0;
      const rows = this.livePage.all({
        projectId: filter.projectId,
        limit: opts.limit ?? 20,
        offset: opts.offset ?? 0,
      });
      return { rows, total };
    }
    const where = whereOf(filter);
    const total = this.db.select({ n: count() }).from(documents).where(where).get()?.n ?? 0;
    const order = (
      opts.sort?.length ? opts.sort : [{ field: 'created_at' as const, dir: 'desc' as const }]
    ).map((s) => (s.dir === 'asc' ? asc(SORT_COLUMNS[s.field]) : desc(SORT_COLUMNS[s.field])));
    const lastDir = opts.sort?.at(-1)?.dir ?? 'desc';
    order.push(lastDir === 'asc' ? asc(documents.id) : desc(documents.id));
    const rows = this.db
      .select()
      .from(documents)
      .where(where)
      .orderBy(...order)
      .limit(opts.limit ?? 20)
      .offset(opts.offset ?? 0)
      .all();
    return { rows, total };
  }

  /** Counts of documents by OCR status for a project (live documents only). */
  countByOcrStatus(projectId: string): Record<string, number> {
    const rows = this.db
      .select({ status: documents.ocrStatus, n: count() })
      .from(documents)
      .where(and(eq(documents.projectId, projectId), isNull(documents.deletedAt)))
      .groupBy(documents.ocrStatus)
      .all();
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  update(id: string, patch: Partial<DocumentRow>): void {
    this.db
      .update(documents)
      .set({ ...patch, updatedAt: patch.updatedAt ?? Date.now() })
      .where(eq(documents.id, id))
      .run();
  }

  /** Tags of each given document, keyed by document id. */
  tagsOf(documentIds: string[]): Map<string, TagRow[]> {
    const out = new Map<string, TagRow[]>(documentIds.map((id) => [id, []]));
    if (!documentIds.length) return out;
    for (const r of this.tagsOfIds.all({ ids: JSON.stringify(documentIds) }))
      out.get(r.documentId)?.push(r.tag);
    return out;
  }

  setTags(documentId: string, tagIds: string[]): void {
    this.db.transaction((tx) => {
      tx.delete(documentTags).where(eq(documentTags.documentId, documentId)).run();
      if (tagIds.length)
        tx.insert(documentTags)
          .values([...new Set(tagIds)].map((tagId) => ({ documentId, tagId })))
          .run();
    });
  }

  /** Ids of live (not trashed) documents of every project after `after`, in id order: a keyset page. */
  liveIdsAfter(after: string, limit: number): string[] {
    return this.db
      .select({ id: documents.id })
      .from(documents)
      .where(and(isNull(documents.deletedAt), sql`${documents.id} > ${after}`))
      .orderBy(asc(documents.id))
      .limit(limit)
      .all()
      .map((r) => r.id);
  }

  /** Live documents over every project. */
  countAllLive(): number {
    return this.db.select({ n: count() }).from(documents).where(isNull(documents.deletedAt)).get()?.n ?? 0;
  }

  /** True when any document (any project, trash included) uses this blob as original or derived PDF. */
  isReferenced(sha256: string): boolean {
    return !!this.db.$client
      .query('SELECT 1 FROM documents WHERE sha256 = ?1 OR pdf_sha256 = ?1 LIMIT 1')
      .get(sha256);
  }

  /** Every sha256 referenced by any document row (originals and derived PDFs). */
  referencedShas(): Set<string> {
    const out = new Set<string>();
    for (const r of this.db.select({ a: documents.sha256, b: documents.pdfSha256 }).from(documents).all()) {
      out.add(r.a);
      if (r.b) out.add(r.b);
    }
    return out;
  }

  /** Permanently removes a document and everything derived from it. */
  purge(id: string): void {
    const client = this.db.$client;
    client.transaction(() => {
      for (const table of ['document_tags', 'pages', 'extractions'])
        client.query(`DELETE FROM ${table} WHERE document_id = ?`).run(id);
      client.query('DELETE FROM documents WHERE id = ?').run(id);
    })();
  }
}
