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
import { type DocumentFilter, type DocumentListOptions, isPlainLiveList } from '../../port/filters.ts';
import type { DocumentRow, DocumentsRepository, TagRow } from '../../port/index.ts';
import type { PgDb } from '../db.ts';
import { documents, documentTags, extractions, pages, projectCounts, tags } from '../schema.ts';

const SORT_COLUMNS = {
  created_at: documents.createdAt,
  updated_at: documents.updatedAt,
  name: documents.name,
  size: documents.size,
  ocr_status: documents.ocrStatus,
  review_status: documents.reviewStatus,
  mime: documents.mime,
} as const;

/**
 * `instr(lower(a), lower(b)) > 0` as SQLite evaluates it: byte-wise, only ASCII letters folded (the
 * "C" collation), whatever the database's locale.
 */
export function containsAsciiCaseless(column: SQL | unknown, needle: string): SQL {
  return sql`strpos(lower(${column}), lower(${needle}::text COLLATE "C")) > 0`;
}

function whereOf(f: DocumentFilter): SQL | undefined {
  const c: (SQL | undefined)[] = [eq(documents.projectId, f.projectId)];
  const state = f.state ?? 'live';
  if (state === 'live') c.push(isNull(documents.deletedAt));
  else if (state === 'trash') c.push(isNotNull(documents.deletedAt));
  if (f.ids) c.push(f.ids.length ? inArray(documents.id, f.ids) : sql`false`);
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
  if (f.nameContains) c.push(containsAsciiCaseless(documents.name, f.nameContains));
  if (f.createdFrom !== undefined) c.push(gte(documents.createdAt, f.createdFrom));
  if (f.createdBefore !== undefined) c.push(lt(documents.createdAt, f.createdBefore));
  for (const [k, v] of Object.entries(f.metadata ?? {}))
    c.push(sql`(${documents.metadata}::jsonb -> ${k}::text) = to_jsonb(${v}::text)`);
  for (const tagId of f.tagIds ?? [])
    c.push(
      sql`EXISTS (SELECT 1 FROM ${documentTags} WHERE ${documentTags.documentId} = ${documents.id} AND ${documentTags.tagId} = ${tagId})`,
    );
  return and(...c);
}

/** Documents, their tags and their trash state on PostgreSQL. */
export class PgDocuments implements DocumentsRepository {
  constructor(private readonly db: PgDb) {}

  async insert(row: DocumentRow) {
    await this.db.insert(documents).values(row);
  }

  async get(projectId: string, id: string) {
    const [row] = await this.db
      .select()
      .from(documents)
      .where(and(eq(documents.id, id), eq(documents.projectId, projectId)));
    return row;
  }

  async getUnscoped(id: string) {
    const [row] = await this.db.select().from(documents).where(eq(documents.id, id));
    return row;
  }

  async getManyUnscoped(ids: string[]) {
    if (!ids.length) return [];
    return this.db
      .select()
      .from(documents)
      .where(inArray(documents.id, [...new Set(ids)]));
  }

  async findLiveBySha(projectId: string, sha256: string) {
    const [row] = await this.db
      .select()
      .from(documents)
      .where(
        and(eq(documents.projectId, projectId), eq(documents.sha256, sha256), isNull(documents.deletedAt)),
      )
      .limit(1);
    return row;
  }

  async list(filter: DocumentFilter, opts: DocumentListOptions = {}) {
    const limit = opts.limit ?? 20;
    const offset = opts.offset ?? 0;
    if (isPlainLiveList(filter, opts)) {
      const [counted, rows] = await Promise.all([
        this.db
          .select({ n: projectCounts.liveDocuments })
          .from(projectCounts)
          .where(eq(projectCounts.projectId, filter.projectId)),
        this.db
          .select()
          .from(documents)
          .where(and(eq(documents.projectId, filter.projectId), isNull(documents.deletedAt)))
          .orderBy(desc(documents.createdAt), desc(documents.id))
          .limit(limit)
          .offset(offset),
      ]);
      return { rows, total: counted[0]?.n ?? 0 };
    }
    const where = whereOf(filter);
    // NULL sorts first ascending and last descending, as on SQLite (PostgreSQL's default is the opposite).
    const order = (
      opts.sort?.length ? opts.sort : [{ field: 'created_at' as const, dir: 'desc' as const }]
    ).map((s) =>
      s.dir === 'asc'
        ? sql`${SORT_COLUMNS[s.field]} asc nulls first`
        : sql`${SORT_COLUMNS[s.field]} desc nulls last`,
    );
    const lastDir = opts.sort?.at(-1)?.dir ?? 'desc';
    order.push(lastDir === 'asc' ? asc(documents.id) : desc(documents.id));
    const [counted, rows] = await Promise.all([
      this.db.select({ n: count() }).from(documents).where(where),
      this.db
        .select()
        .from(documents)
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset),
    ]);
    return { rows, total: counted[0]?.n ?? 0 };
  }

  async countByOcrStatus(projectId: string) {
    const rows = await this.db
      .select({ status: documents.ocrStatus, n: count() })
      .from(documents)
      .where(and(eq(documents.projectId, projectId), isNull(documents.deletedAt)))
      .groupBy(documents.ocrStatus);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  async update(id: string, patch: Partial<DocumentRow>) {
    await this.db
      .update(documents)
      .set({ ...patch, updatedAt: patch.updatedAt ?? Date.now() })
      .where(eq(documents.id, id));
  }

  async tagsOf(documentIds: string[]) {
    const out = new Map<string, TagRow[]>(documentIds.map((id) => [id, []]));
    if (!documentIds.length) return out;
    const rows = await this.db
      .select({ documentId: documentTags.documentId, tag: tags })
      .from(documentTags)
      .innerJoin(tags, eq(tags.id, documentTags.tagId))
      .where(inArray(documentTags.documentId, [...new Set(documentIds)]))
      .orderBy(asc(tags.name));
    for (const r of rows) out.get(r.documentId)?.push(r.tag);
    return out;
  }

  async setTags(documentId: string, tagIds: string[]) {
    await this.db.transaction(async (tx) => {
      await tx.delete(documentTags).where(eq(documentTags.documentId, documentId));
      if (tagIds.length)
        await tx.insert(documentTags).values([...new Set(tagIds)].map((tagId) => ({ documentId, tagId })));
    });
  }

  async liveIdsAfter(after: string, limit: number) {
    const rows = await this.db
      .select({ id: documents.id })
      .from(documents)
      .where(and(isNull(documents.deletedAt), sql`${documents.id} > ${after}`))
      .orderBy(asc(documents.id))
      .limit(limit);
    return rows.map((r) => r.id);
  }

  async countAllLive() {
    const [row] = await this.db.select({ n: count() }).from(documents).where(isNull(documents.deletedAt));
    return row?.n ?? 0;
  }

  async isReferenced(sha256: string) {
    const rows = await this.db
      .select({ id: documents.id })
      .from(documents)
      .where(or(eq(documents.sha256, sha256), eq(documents.pdfSha256, sha256)))
      .limit(1);
    return rows.length > 0;
  }

  async referencedShas() {
    const out = new Set<string>();
    const rows = await this.db.select({ a: documents.sha256, b: documents.pdfSha256 }).from(documents);
    for (const r of rows) {
      out.add(r.a);
      if (r.b) out.add(r.b);
    }
    return out;
  }

  async purge(id: string) {
    await this.db.transaction(async (tx) => {
      // The row first: a job writing this document's pages holds it (the pages' foreign key) until it
      // commits, so no page appears between deleting the pages and deleting the row.
      await tx.select({ id: documents.id }).from(documents).where(eq(documents.id, id)).for('update');
      await tx.delete(documentTags).where(eq(documentTags.documentId, id));
      await tx.delete(pages).where(eq(pages.documentId, id));
      await tx.delete(extractions).where(eq(extractions.documentId, id));
      await tx.delete(documents).where(eq(documents.id, id));
    });
  }
}
