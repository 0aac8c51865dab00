import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CAC } from 'cac';
import { type Config, type ConfigFlags, loadConfig } from '../config.ts';
import { type BlobsLocation, describeBlobs } from '../core/blobs/url.ts';
import { acquireDataDirLock } from '../core/lock.ts';
import { normalizeDatabaseUrl, parseDatabaseUrl, redactUrl } from '../db/url.ts';
import { CliError, printJson, printTable } from './output.ts';

interface MigrateFlags extends ConfigFlags {
  from?: string;
  to?: string;
  blobsTo?: string;
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
    .command(
      'migrate',
      'Copy the whole database to another one (e.g. SQLite to PostgreSQL) and/or the files to a bucket, verified',
    )
    .option('--from <url>', 'Source database (default: --database, i.e. <data>/docserve.db)')
    .option('--to <url>', 'Target database, empty: postgres://user:pass@host:port/db or sqlite:<file>')
    .option(
      '--blobs-to <url>',
      'Copy every file from --blobs (default: the data directory) to s3://bucket/prefix, each re-hashed in the target',
    )
    .option('--json', 'Print JSON')
    .action(async (flags: MigrateFlags) => {
      if (!flags.to && !flags.blobsTo)
        throw new CliError(
          'Missing --to or --blobs-to. Usage: docserve migrate --to postgres://user:pass@host/db, docserve migrate --blobs-to s3://bucket/prefix',
        );
      const config = loadConfig(flags);
      if (flags.blobsTo) await migrateBlobs(config, flags, flags.blobsTo);
      if (!flags.to) return;
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

/** `--blobs-to`: copies every blob of the configured store into another, verified by hash. */
async function migrateBlobs(config: Config, flags: MigrateFlags, target: string): Promise<void> {
  const json = !!flags.json;
  let to: BlobsLocation;
  try {
    to = loadConfig({ ...flags, blobs: target }).blobs;
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const [{ openBlobDriver }, { copyBlobs }] = await Promise.all([
    import('../core/blobs/open.ts'),
    import('../core/blobs/copy.ts'),
  ]);
  const tmpDir = join(config.dataDir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  const fromName = describeBlobs(config.blobs, config.dataDir);
  const toName = describeBlobs(to, config.dataDir);
  if (fromName === toName) throw new CliError('--blobs and --blobs-to name the same place');
  const report = await copyBlobs(
    openBlobDriver(config.blobs, config.dataDir, tmpDir),
    openBlobDriver(to, config.dataDir, tmpDir),
    tmpDir,
    (_sha, done) => json || done % 100 || console.error(`${done} file(s)...`),
  );
  if (json) printJson({ blobsFrom: fromName, blobsTo: toName, ...report });
  else {
    console.log(
      `Files: ${report.source} in ${fromName}; copied ${report.copied}, already there ${report.present}, failed ${report.failed.length}`,
    );
    for (const f of report.failed) console.log(`FAILED ${f.sha256}: ${f.reason}`);
    if (report.ok)
      console.log(
        `Every file verified by its SHA-256 in ${toName}. Start the server with --blobs ${target} (the originals in ${fromName} are left in place).`,
      );
  }
  if (!report.ok) throw new CliError('some files could not be copied (see above)', 1);
}
