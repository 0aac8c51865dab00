import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { SQL } from 'bun';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { MIGRATIONS } from '../../src/db/migrations/index.ts';
import { openDatabase } from '../../src/db/open.ts';
import { PG_MIGRATIONS } from '../../src/db/postgres/migrations/index.ts';
import * as pgSchema from '../../src/db/postgres/schema.ts';
import { openPostgresStorage } from '../../src/db/postgres/storage.ts';
import * as sqliteSchema from '../../src/db/schema.ts';
import { freshPostgresDatabase } from '../helpers/postgres.ts';

type Shape = Record<string, Record<string, { notNull: boolean; primary: boolean }>>;

function shape(tables: (PgTable | SQLiteTable)[]): Shape {
  return Object.fromEntries(
    tables.map((t) => [
      getTableName(t),
      Object.fromEntries(
        Object.values(getTableColumns(t)).map((c) => [c.name, { notNull: c.notNull, primary: c.primary }]),
      ),
    ]),
  );
}

describe('PostgreSQL schema vs SQLite schema and the migrations', () => {
  let client: SQL;
  beforeAll(async () => {
    const url = await freshPostgresDatabase();
    await (await openPostgresStorage(url)).close();
    client = new SQL({ url, database: new URL(url).pathname.slice(1), max: 1 });
  });
  afterAll(async () => {
    await client?.close();
  });

  test('every SQLite migration has a PostgreSQL twin with the same version and name', () => {
    expect(PG_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
  });

  test('the pg-core tables have the same tables, columns, nullability and keys as the SQLite ones', () => {
    const pg = Object.values(pgSchema).filter((v) => is(v, PgTable)) as PgTable[];
    const lite = Object.values(sqliteSchema).filter((v) => is(v, SQLiteTable)) as SQLiteTable[];
    expect(pg.length).toBeGreaterThan(10);
    expect(shape(pg)).toEqual(shape(lite));
  });

  test('the migrated database has exactly the columns drizzle knows, with the same nullability', async () => {
    const cols: { table_name: string; column_name: string; is_nullable: string }[] =
      await client`SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`;
    const fromDb: Record<string, Record<string, boolean>> = {};
    for (const c of cols) {
      fromDb[c.table_name] ??= {};
      (fromDb[c.table_name] as Record<string, boolean>)[c.column_name] = c.is_nullable === 'NO';
    }
    const fromDrizzle: Record<string, Record<string, boolean>> = {};
    for (const t of Object.values(pgSchema).filter((v) => is(v, PgTable)) as PgTable[])
      fromDrizzle[getTableName(t)] = Object.fromEntries(
        Object.values(getTableColumns(t)).map((c) => [c.name, c.notNull || c.primary]),
      );
    expect(fromDb).toEqual(fromDrizzle);
  });

  test('the same named indexes exist on both databases', async () => {
    const lite = openDatabase(':memory:');
    const liteNames = lite.$client
      .query<{ name: string }, []>(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'",
      )
      .all()
      .map((r) => r.name)
      .sort();
    lite.$client.close();
    const pgRows: { indexname: string }[] =
      await client`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'`;
    expect(pgRows.map((r) => r.indexname).sort()).toEqual(liteNames);
  });
});
