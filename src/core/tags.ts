import type { Repos } from '../db/index.ts';
import type { TagRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { Actor } from './documents.ts';
import { isObjectId, newId } from './ids.ts';

export const DEFAULT_TAG_COLOR = '#3B82F6';

export interface TagInput {
  name: string;
  color?: string | null;
  description?: string | null;
}

/**
 * Tags of a project as first-class objects (create, rename, recolor, delete). Documents reference them
 * by id; a tag still on a document cannot be deleted. Names are unique within a project.
 */
export class TagService {
  constructor(
    private readonly repos: Repos,
    private readonly now: () => number = Date.now,
  ) {}

  /** A page of tags ordered by name (`nameContains` is a case-insensitive substring). */
  list(
    projectId: string,
    opts: { nameContains?: string; offset?: number; limit?: number } = {},
  ): { items: TagRow[]; total: number } {
    const { rows, total } = this.repos.tags.list(projectId, opts);
    return { items: rows, total };
  }

  /** Every tag of a project, ordered by name. */
  all(projectId: string): TagRow[] {
    return this.repos.tags.list(projectId, { limit: 1_000_000 }).rows;
  }

  find(projectId: string, id: string): TagRow | undefined {
    return isObjectId(id) ? this.repos.tags.get(projectId, id.toLowerCase()) : undefined;
  }

  /** The tag, or `not_found`. */
  get(projectId: string, id: string): TagRow {
    const tag = this.find(projectId, id);
    if (!tag) throw new AppError('not_found', 'Tag not found');
    return tag;
  }

  /** Creates a tag; `conflict` when the project already has one with that name. */
  create(projectId: string, input: TagInput, actor?: Actor): TagRow {
    const name = cleanName(input.name);
    this.assertFreeName(projectId, name);
    const now = this.now();
    const row: TagRow = {
      id: newId(now),
      projectId,
      name,
      color: input.color || DEFAULT_TAG_COLOR,
      description: input.description ?? '',
      createdBy: actor?.label ?? null,
      createdAt: now,
    };
    this.repos.tags.insert(row);
    return row;
  }

  /** Changes name, description and (when given) color. */
  update(projectId: string, id: string, patch: Partial<TagInput>): TagRow {
    const tag = this.get(projectId, id);
    const set: Partial<Pick<TagRow, 'name' | 'color' | 'description'>> = {};
    if (patch.name !== undefined) {
      const name = cleanName(patch.name);
      if (name !== tag.name) this.assertFreeName(projectId, name);
      set.name = name;
    }
    if (patch.color) set.color = patch.color;
    if (patch.description !== undefined) set.description = patch.description ?? '';
    if (Object.keys(set).length) this.repos.tags.update(tag.id, set);
    return this.get(projectId, tag.id);
  }

  /** Number of documents carrying the tag: trashed ones included unless `live`. */
  usage(projectId: string, id: string, opts: { live?: boolean } = {}): number {
    return this.repos.tags.usageCount(this.get(projectId, id).id, opts.live);
  }

  /**
   * Deletes a tag; `conflict` while a document still carries it. With `dropFromTrashed`, documents in
   * the trash do not hold it back: the tag is taken off them (vendors whose deletes are final).
   */
  delete(projectId: string, id: string, opts: { dropFromTrashed?: boolean } = {}): void {
    const tag = this.get(projectId, id);
    this.repos.db.$client.transaction(() => {
      if (this.repos.tags.usageCount(tag.id, opts.dropFromTrashed) > 0)
        throw new AppError(
          'conflict',
          `Cannot delete tag '${tag.name}' because it is assigned to one or more documents`,
        );
      if (opts.dropFromTrashed) this.repos.tags.detachFromTrashed(tag.id);
      this.repos.tags.delete(tag.id);
    })();
  }

  private assertFreeName(projectId: string, name: string): void {
    if (this.repos.tags.byNames(projectId, [name]).length)
      throw new AppError('conflict', `Tag with name '${name}' already exists`);
  }
}

function cleanName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  if (!name) throw new AppError('bad_request', 'Tag name must not be empty');
  if (name.length > 100) throw new AppError('bad_request', 'Tag names are at most 100 characters');
  return name;
}
