import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../open.ts';
import { documents, documentTags, type TagRow, tags } from '../schema.ts';

/** Per-project tags. Documents reference them through document_tags. */
export class TagsRepo {
  constructor(private readonly db: Db) {}

  insert(row: TagRow): void {
    this.db.insert(tags).values(row).run();
  }

  get(projectId: string, id: string): TagRow | undefined {
    return this.db
      .select()
      .from(tags)
      .where(and(eq(tags.projectId, projectId), eq(tags.id, id)))
      .get();
  }

  byNames(projectId: string, names: string[]): TagRow[] {
    if (!names.length) return [];
    return this.db
      .select()
      .from(tags)
      .where(and(eq(tags.projectId, projectId), inArray(tags.name, names)))
      .all();
  }

  byIds(projectId: string, ids: string[]): TagRow[] {
    if (!ids.length) return [];
    return this.db
      .select()
      .from(tags)
      .where(and(eq(tags.projectId, projectId), inArray(tags.id, ids)))
      .all();
  }

  list(
    projectId: string,
    opts: { nameContains?: string; offset?: number; limit?: number } = {},
  ): { rows: TagRow[]; total: number } {
    const where = and(
      eq(tags.projectId, projectId),
      opts.nameContains ? sql`instr(lower(${tags.name}), lower(${opts.nameContains})) > 0` : undefined,
    );
    const total = this.db.select({ n: count() }).from(tags).where(where).get()?.n ?? 0;
    const rows = this.db
      .select()
      .from(tags)
      .where(where)
      .orderBy(asc(tags.name), asc(tags.id))
      .limit(opts.limit ?? 100)
      .offset(opts.offset ?? 0)
      .all();
    return { rows, total };
  }

  update(id: string, patch: Partial<Pick<TagRow, 'name' | 'color' | 'description'>>): void {
    this.db.update(tags).set(patch).where(eq(tags.id, id)).run();
  }

  /** Documents carrying the tag; trashed ones too unless `liveOnly`. */
  usageCount(id: string, liveOnly = false): number {
    const q = this.db.select({ n: count() }).from(documentTags);
    if (!liveOnly) return q.where(eq(documentTags.tagId, id)).get()?.n ?? 0;
    return (
      q
        .innerJoin(documents, eq(documents.id, documentTags.documentId))
        .where(and(eq(documentTags.tagId, id), isNull(documents.deletedAt)))
        .get()?.n ?? 0
    );
  }

  /** Takes the tag off every document in the trash. */
  detachFromTrashed(id: string): void {
    const trashed = this.db
      .select({ id: documents.id })
      .from(documents)
      .where(isNotNull(documents.deletedAt));
    this.db
      .delete(documentTags)
      .where(and(eq(documentTags.tagId, id), inArray(documentTags.documentId, trashed)))
      .run();
  }

  delete(id: string): void {
    this.db.delete(tags).where(eq(tags.id, id)).run();
  }
}
