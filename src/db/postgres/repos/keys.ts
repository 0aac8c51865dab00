import { and, desc, eq, isNull } from 'drizzle-orm';
import type { KeyFilter } from '../../port/filters.ts';
import type { ApiKeyRow, KeysRepository } from '../../port/index.ts';
import type { PgDb } from '../db.ts';
import { apiKeys } from '../schema.ts';

/** API keys on PostgreSQL. */
export class PgKeys implements KeysRepository {
  constructor(private readonly db: PgDb) {}

  async insert(row: ApiKeyRow) {
    await this.db.insert(apiKeys).values(row);
  }

  async byHash(hash: string) {
    const [row] = await this.db.select().from(apiKeys).where(eq(apiKeys.hash, hash));
    return row;
  }

  async byId(id: string) {
    const [row] = await this.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    return row;
  }

  list(filter: KeyFilter = {}) {
    return this.db
      .select()
      .from(apiKeys)
      .where(
        and(
          filter.orgId ? eq(apiKeys.orgId, filter.orgId) : undefined,
          filter.projectId ? eq(apiKeys.projectId, filter.projectId) : undefined,
          filter.createdBy ? eq(apiKeys.createdBy, filter.createdBy) : undefined,
        ),
      )
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  }

  async revoke(id: string, at: number) {
    const done = await this.db
      .update(apiKeys)
      .set({ revokedAt: at })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    return done.length > 0;
  }

  async touch(id: string, at: number) {
    await this.db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
  }
}
