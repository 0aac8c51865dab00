import { and, asc, count, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { TagRow, TagsRepository } from '../../port/index.ts';
import type { PgDb } from '../db.ts';
import { documents, documentTags, tags } from '../schema.ts';
import { containsAsciiCaseless } from './documents.ts';

/** Per-project tags on PostgreSQL. */
export class PgTags implements TagsRepository {
  constructor(private readonly db: PgDb) {}

  async insert(row: TagRow) {
    await this.db.insert(tags).values(row);
  }

  async get(projectId: string, id: string) {
    const [row] = await this.db
      .select()
      .from(tags)
      .where(and(eq(tags.projectId, projectId), eq(tags.id, id)));
    return row;
  }

  async byNames(projectId: string, names: string[]) {
    if (!names.length) return [];
    return this.db
      .select()
      .from(tags)
      .where(and(eq(tags.projectId, projectId), inArray(tags.name, names)));
  }

  async byIds(projectId: string, ids: string[]) {
    if (!ids.length) return [];
    return this.db
      .select()
      .from(tags)
      .where(and(eq(tags.projectId, projectId), inArray(tags.id, ids)));
  }

  async list(projectId: string, opts: { nameContains?: string; offset?: number; limit?: number } = {}) {
    const where = and(
      eq(tags.projectId, projectId),
      opts.nameContains ? containsAsciiCaseless(tags.name, opts.nameContains) : undefined,
    );
    const [counted, rows] = await Promise.all([
      this.db.select({ n: count() }).from(tags).where(where),
      this.db
        .select()
        .from(tags)
        .where(where)
        .orderBy(asc(tags.name), asc(tags.id))
        .limit(opts.limit ?? 100)
        .offset(opts.offset ?? 0),
    ]);
    return { rows, total: counted[0]?.n ?? 0 };
  }

  async update(id: string, patch: Partial<Pick<TagRow, 'name' | 'color' | 'description'>>) {
    await this.db.update(tags).set(patch).where(eq(tags.id, id));
  }

  async usageCount(id: string, liveOnly = false) {
    const q = this.db.select({ n: count() }).from(documentTags);
    const [row] = liveOnly
      ? await q
          .innerJoin(documents, eq(documents.id, documentTags.documentId))
          .where(and(eq(documentTags.tagId, id), isNull(documents.deletedAt)))
      : await q.where(eq(documentTags.tagId, id));
    return row?.n ?? 0;
  }

  async detachFromTrashed(id: string) {
    const trashed = this.db
      .select({ id: documents.id })
      .from(documents)
      .where(isNotNull(documents.deletedAt));
    await this.db
      .delete(documentTags)
      .where(and(eq(documentTags.tagId, id), inArray(documentTags.documentId, trashed)));
  }

  async delete(id: string) {
    await this.db.delete(tags).where(eq(tags.id, id));
  }
}
