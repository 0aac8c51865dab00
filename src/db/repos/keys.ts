import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../open.ts';
import { changes } from '../util.ts';
import { type ApiKeyRow, apiKeys } from '../schema.ts';

/** API keys, stored by hash only. */
export class KeysRepo {
  private readonly byHashQuery;

  constructor(private readonly db: Db) {
    this.byHashQuery = db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.hash, sql.placeholder('hash')))
      .prepare();
  }

  insert(row: ApiKeyRow): void {
    this.db.insert(apiKeys).values(row).run();
  }

  byHash(hash: string): ApiKeyRow | undefined {
    return this.byHashQuery.get({ hash });
  }

  byId(id: string): ApiKeyRow | undefined {
    return this.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
  }

  /** Keys of an organization (all of them) or of one project. */
  list(filter: { orgId?: string; projectId?: string; createdBy?: string } = {}): ApiKeyRow[] {
    const conds = [];
    if (filter.orgId) conds.push(eq(apiKeys.orgId, filter.orgId));
    if (filter.projectId) conds.push(eq(apiKeys.projectId, filter.projectId));
    if (filter.createdBy) conds.push(eq(apiKeys.createdBy, filter.createdBy));
    return this.db
      .select()
      .from(apiKeys)
      .where(and(...conds))
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
      .all();
  }

  revoke(id: string, at: number): boolean {
    return (
      changes(
        this.db
          .update(apiKeys)
          .set({ revokedAt: at })
          .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.revokedAt))))
          .run(),
      ) > 0
    );
  }

  touch(id: string, at: number): void {
    this.db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id)).run();
  }
}
