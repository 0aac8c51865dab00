import { Database } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { drizzle } from 'drizzle-orm/bun-sqlite';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import * as schema from './schema.ts';

/** The drizzle database handle used by every repository. `$client` is the underlying bun:sqlite Database. */
export type Db = ReturnType<typeof drizzle<typeof schema>>;

/**
 * Opens (creating if needed) the SQLite database at `path` in WAL mode and applies pending migrations.
 * `:memory:` works for tests.
 */
export function openDatabase(
  path: string,
  opts: { busyTimeoutMs?: number; migrations?: Migration[] } = {},
): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { create: true, strict: true });
  sqlite.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
  sqlite.exec('PRAGMA journal_mode = WAL');
  sqlite.exec('PRAGMA synchronous = NORMAL');
  sqlite.exec('PRAGMA foreign_keys = ON');
  sqlite.exec('PRAGMA temp_store = MEMORY');
  sqlite.exec('PRAGMA cache_size = -65536');
  sqlite.exec('PRAGMA mmap_size = 268435456');
  migrate(sqlite, opts.migrations ?? MIGRATIONS);
  return drizzle({ client: sqlite, schema });
}

/** Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction. */
export function migrate(sqlite: Database, migrations: Migration[]): number[] {
  sqlite.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const done = new Set(
    sqlite
      .query<{ version: number }, []>('SELECT version FROM schema_migrations')
      .all()
      .map((r) => r.version),
  );
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    sqlite.transaction(() => {
      sqlite.exec(m.sql);
      sqlite
        .query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(m.version, m.name, Date.now());
    })();
    applied.push(m.version);
  }
  return applied;
}
