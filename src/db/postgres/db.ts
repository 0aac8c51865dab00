import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { BunSQLQueryResultHKT } from 'drizzle-orm/bun-sql/session';
import type * as schema from './schema.ts';

/** A drizzle handle on PostgreSQL: the pool, or one transaction's connection. */
export type PgDb = PgDatabase<BunSQLQueryResultHKT, typeof schema>;
