import type { RecordQuery, RecordsRepository } from '../db/port/index.ts';
import { AppError } from '../errors.ts';
import { isObjectId, newId } from './ids.ts';

/** A stored record: its id, project, timestamps and JSON data. */
export interface StoredRecord<T extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  projectId: string;
  data: T;
  createdAt: number;
  updatedAt: number;
}

/**
 * Project-scoped JSON records in named collections: where dialects keep their own entities (templates,
 * batches, prompts, schemas, forms, approvals...) without touching the database layer.
 */
export class RecordsService {
  constructor(
    private readonly repo: RecordsRepository,
    private readonly now: () => number = Date.now,
  ) {}

  async create<T extends Record<string, unknown>>(
    collection: string,
    projectId: string,
    data: T,
    id = newId(),
  ): Promise<StoredRecord<T>> {
    const now = this.now();
    await this.repo.put({ collection, id, projectId, data, createdAt: now, updatedAt: now });
    return { id, projectId, data, createdAt: now, updatedAt: now };
  }

  async get<T extends Record<string, unknown>>(
    collection: string,
    projectId: string,
    id: string,
  ): Promise<StoredRecord<T> | undefined> {
    if (!id || id.length > 200) return undefined;
    const row = await this.repo.get(collection, projectId, id);
    return row
      ? {
          id: row.id,
          projectId: row.projectId,
          data: row.data as T,
          createdAt: row.createdAt,
          updatedAt: row.updatedAt,
        }
      : undefined;
  }

  /** Like {@link get} but throws `not_found` naming `what`. */
  async require<T extends Record<string, unknown>>(
    collection: string,
    projectId: string,
    id: string,
    what = 'Record',
  ): Promise<StoredRecord<T>> {
    const r = await this.get<T>(collection, projectId, id);
    if (!r) throw new AppError('not_found', `${what} not found`);
    return r;
  }

  /** Replaces the data of an existing record. */
  async update<T extends Record<string, unknown>>(
    collection: string,
    projectId: string,
    id: string,
    data: T,
  ): Promise<StoredRecord<T>> {
    const existing = await this.require(collection, projectId, id);
    const now = this.now();
    await this.repo.put({ collection, id, projectId, data, createdAt: existing.createdAt, updatedAt: now });
    return { id, projectId, data, createdAt: existing.createdAt, updatedAt: now };
  }

  async list<T extends Record<string, unknown>>(
    collection: string,
    projectId: string,
    q: RecordQuery = {},
  ): Promise<{ items: StoredRecord<T>[]; total: number }> {
    const { rows, total } = await this.repo.list(collection, projectId, q);
    return {
      items: rows.map((r) => ({
        id: r.id,
        projectId: r.projectId,
        data: r.data as T,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      })),
      total,
    };
  }

  delete(collection: string, projectId: string, id: string): Promise<boolean> {
    return this.repo.delete(collection, projectId, id);
  }

  /** A fresh ObjectId-style id. */
  newId(): string {
    return newId(this.now());
  }

  isId(value: string): boolean {
    return isObjectId(value);
  }
}
