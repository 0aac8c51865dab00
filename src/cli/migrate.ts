import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CAC } from 'cac';
import { type ConfigFlags, loadConfig } from '../config.ts';
import { acquireDataDirLock } from '../core/lock.ts';
import { normalizeDatabaseUrl, parseDatabaseUrl, redactUrl } from '../db/url.ts';
import { CliError, printJson, printTable } from './output.ts';

interface MigrateFlags extends ConfigFlags {
  from?: string;
  to?: string;
  json?: boolean;
}

function databaseUrl(url: string): string {
  try {
    return normalizeDatabaseUrl(url);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** Registers `migrate`: copy a whole database to another driver, verified table by table. */
export function registerMigrateCommand(cli: CAC): void {
  cli
    .command('migrate', 'Copy the whole database to another one (e.g. SQLite to PostgreSQL), verified')
    .option('--from <url>', 'Source database (default: --database, i.e. <data>/docserve.db)')
    .option('--to <url>', 'Target database, empty: postgres://user:pass@host:port/db or sqlite:<file>')
    .option('--json', 'Print JSON')
    .action(async (flags: MigrateFlags) => {
      if (!flags.to)
        throw new CliError('Missing --to. Usage: docserve migrate --to postgres://user:pass@host/db');
      const config = loadConfig(flags);
      const from = flags.from ? databaseUrl(flags.from) : config.database;
      const to = databaseUrl(flags.to);
      if (from === to) throw new CliError('--from and --to name the same database');
      const source = parseDatabaseUrl(from);
      if (source.driver === 'sqlite' && source.path !== ':memory:' && !existsSync(source.path))
        throw new CliError(`No database at ${source.path}`);
      // Loaded here: both database drivers are heavy, and every other command starts without them.
      const [{ copyDatabase }, { openStorage }] = await Promise.all([
        import('../db/copy.ts'),
        import('../db/storage.ts'),
      ]);
      // A server on the source data directory would keep writing while we copy.
      const release = source.driver === 'sqlite' ? acquireDataDirLock(dirname(source.path)) : () => {};
      try {
        const src = await openStorage(from);
        try {
          const dst = await openStorage(to);
          try {
            const report = await copyDatabase(src, dst, {
              onTable: (table, rows) => flags.json || console.error(`copied ${table}: ${rows} row(s)`),
            });
            if (flags.json) printJson({ from: redactUrl(from), to: redactUrl(to), ...report });
            else {
              printTable(
                report.tables.map((t) => ({
                  table: t.table,
                  rows: t.source.rows,
                  target_rows: t.target.rows,
                  checksum: t.source.checksum.slice(0, 16),
                  verified: t.ok ? 'yes' : 'NO',
                })),
                ['table', 'rows', 'target_rows', 'checksum', 'verified'],
              );
              if (report.sourceChanged.length)
                console.log(`The source changed during the copy: ${report.sourceChanged.join(', ')}`);
              if (report.countDrift)
                console.log(`Document counts disagree in ${report.countDrift} project(s)`);
              console.log(
                report.ok
                  ? `Copied ${redactUrl(from)} to ${redactUrl(to)}: every table verified. Files stay in ${config.dataDir}.`
                  : 'The copy could not be verified (see above).',
              );
            }
            if (!report.ok) throw new CliError('the copy could not be verified', 1);
          } finally {
            await dst.close();
          }
        } finally {
          await src.close();
        }
      } finally {
        release();
      }
    });
}
