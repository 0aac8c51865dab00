import { describe, expect, test } from 'bun:test';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openDatabase } from '../../src/db/open.ts';
import * as schema from '../../src/db/schema.ts';

describe('drizzle schema vs embedded migrations', () => {
  const db = openDatabase(':memory:');
  const tables = Object.values(schema).filter((v) => is(v, SQLiteTable)) as SQLiteTable[];

  test('every drizzle table and column exists with the same nullability', () => {
    expect(tables.length).toBeGreaterThan(10);
    for (const table of tables) {
      const name = getTableName(table);
      const cols = db.$client
        .query<{ name: string; notnull: number; pk: number }, []>(`PRAGMA table_info(${name})`)
        .all();
      expect(cols.length).toBeGreaterThan(0);
      const byName = new Map(cols.map((c) => [c.name, c]));
      for (const col of Object.values(getTableColumns(table))) {
        const found = byName.get(col.name);
        expect(found, `${name}.${col.name}`).toBeDefined();
        if (!col.primary && !found?.pk)
          expect(Boolean(found?.notnull), `${name}.${col.name} NOT NULL`).toBe(col.notNull);
      }
      expect(cols.length, `${name} has columns drizzle does not know`).toBe(
        Object.keys(getTableColumns(table)).length,
      );
    }
  });

  test('WAL mode and migrations are recorded', () => {
    const versions = db.$client.query<{ version: number }, []>('SELECT version FROM schema_migrations').all();
    expect(versions.map((v) => v.version)).toContain(1);
  });
});
