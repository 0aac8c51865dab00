import type { Storage, TagRow } from '../db/port/index.ts';
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
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  /** A page of tags ordered by name (`nameContains` is a case-insensitive substring). */
  async list(
    projectId: string,
    opts: { nameContains?: string; offset?: number; limit?: number } = {},
  ): Promise<{ items: TagRow[]; total: number }> {
    const { rows, total } = await this.storage.tags.list(projectId, opts);
    return { items: rows, total };
  }

  /** Every tag of a project, ordered by name. */
  async all(projectId: string): Promise<TagRow[]> {
    return (await this.storage.tags.list(projectId, { limit: 1_000_000 })).rows;
  }

  async find(projectId: string, id: string): Promise<TagRow | undefined> {
    return isObjectId(id) ? this.storage.tags.get(projectId, id.toLowerCase()) : undefined;
  }

  /** The tag, or `not_found`. */
  async get(projectId: string, id: string): Promise<TagRow> {
    const tag = await this.find(projectId, id);
    if (!tag) throw new AppError('not_found', 'Tag not found');
    return tag;
  }

  /** Creates a tag; `conflict` when the project already has one with that name. */
  async create(projectId: string, input: TagInput, actor?: Actor): Promise<TagRow> {
    const name = cleanName(input.name);
    await this.assertFreeName(projectId, name);
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
    await this.storage.tags.insert(row);
    return row;
  }

  /** Changes name, description and (when given) color. */
  async update(projectId: string, id: string, patch: Partial<TagInput>): Promise<TagRow> {
    const tag = await this.get(projectId, id);
    const set: Partial<Pick<TagRow, 'name' | 'color' | 'description'>> = {};
    if (patch.name !== undefined) {
      const name = cleanName(patch.name);
      if (name !== tag.name) await this.assertFreeName(projectId, name);
      set.name = name;
    }
    if (patch.color) set.color = patch.color;
    if (patch.description !== undefined) set.description = patch.description ?? '';
    if (Object.keys(set).length) await this.storage.tags.update(tag.id, set);
    return this.get(projectId, tag.id);
  }

  /** Number of documents carrying the tag: trashed ones included unless `live`. */
  async usage(projectId: string, id: string, opts: { live?: boolean } = {}): Promise<number> {
    return this.storage.tags.usageCount((await this.get(projectId, id)).id, opts.live);
  }

  /**
   * Deletes a tag; `conflict` while a document still carries it. With `dropFromTrashed`, documents in
   * the trash do not hold it back: the tag is taken off them (vendors whose deletes are final).
   */
  async delete(projectId: string, id: string, opts: { dropFromTrashed?: boolean } = {}): Promise<void> {
    const tag = await this.get(projectId, id);
    await this.storage.transaction(async () => {
      if ((await this.storage.tags.usageCount(tag.id, opts.dropFromTrashed)) > 0)
        throw new AppError(
          'conflict',
          `Cannot delete tag '${tag.name}' because it is assigned to one or more documents`,
        );
      if (opts.dropFromTrashed) await this.storage.tags.detachFromTrashed(tag.id);
      await this.storage.tags.delete(tag.id);
    });
  }

  private async assertFreeName(projectId: string, name: string): Promise<void> {
    if ((await this.storage.tags.byNames(projectId, [name])).length)
      throw new AppError('conflict', `Tag with name '${name}' already exists`);
  }
}

function cleanName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  if (!name) throw new AppError('bad_request', 'Tag name must not be empty');
  if (name.length > 100) throw new AppError('bad_request', 'Tag names are at most 100 characters');
  return name;
}
