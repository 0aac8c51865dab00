import init from './0001_init.sql' with { type: 'text' };
import uploadsNotDeduplicated from './0002_uploads_not_deduplicated.sql' with { type: 'text' };
import rateWindows from './0003_rate_windows.sql' with { type: 'text' };

/** A schema change embedded in the binary as SQL text, applied once in version order. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, oldest first. Add new ones at the end with the next version number. */
export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'uploads_not_deduplicated', sql: uploadsNotDeduplicated },
  { version: 3, name: 'rate_windows', sql: rateWindows },
];
