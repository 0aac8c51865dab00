import type { Storage } from './port/index.ts';
import { openPostgresStorage, type PostgresStorageOptions } from './postgres/storage.ts';
import { openSqliteStorage, type SqliteStorageOptions } from './sqlite/storage.ts';
import { parseDatabaseUrl } from './url.ts';

export type StorageOptions = SqliteStorageOptions & PostgresStorageOptions & { busyTimeoutMs?: number };

/**
 * Opens the storage a database URL names (`sqlite:<file>` or `postgres://...`), creating and migrating
 * the schema as needed.
 */
export async function openStorage(url: string, opts: StorageOptions = {}): Promise<Storage> {
  const loc = parseDatabaseUrl(url);
  return loc.driver === 'sqlite' ? openSqliteStorage(loc.path, opts) : openPostgresStorage(loc.url, opts);
}
