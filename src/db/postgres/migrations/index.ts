import init from './0001_init.sql' with { type: 'text' };
import uploadsNotDeduplicated from './0002_uploads_not_deduplicated.sql' with { type: 'text' };
import rateWindows from './0003_rate_windows.sql' with { type: 'text' };
import type { Migration } from '../../migrations/index.ts';

/**
 * Every PostgreSQL migration, oldest first: the twin of each SQLite migration, same version and name
 * (test/db/postgres-schema.test.ts checks the pairs and the resulting columns). A new table also gets
 * a `<table>_changed` trigger (see 0001) so the change feed sees its writes.
 */
export const PG_MIGRATIONS: Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'uploads_not_deduplicated', sql: uploadsNotDeduplicated },
  { version: 3, name: 'rate_windows', sql: rateWindows },
];
