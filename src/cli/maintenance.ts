import type { CAC } from 'cac';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Config, type ConfigFlags, loadConfig } from '../config.ts';
import { parseDatabaseUrl } from '../db/url.ts';
import { VERSION } from '../version.ts';
import { CliError, printJson } from './output.ts';

interface Flags extends ConfigFlags {
  json?: boolean;
  grace?: string | number;
  repair?: boolean;
  verify?: boolean;
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

/** Registers `check`, `backup` and `restore`. */
export function registerMaintenanceCommands(cli: CAC): void {
  cli
    .command(
      'check',
      'Check the data directory: rows without files, files without rows, corrupt blobs, stuck jobs',
    )
    .option('--repair', 'Delete orphan files, sweep temp files, re-queue stuck jobs, fix counts')
    .option('--verify', 'Re-hash every stored file (slow)')
    .option('--grace <minutes>', 'Leave files younger than this alone (an upload may be committing them)', {
      default: 10,
    })
    .option('--json', 'Print JSON')
    .action(async (flags: Flags) => {
      const [{ openServices }, { checkDataDir }] = await Promise.all([
        import('../services.ts'),
        import('../core/maintenance/check.ts'),
      ]);
      const s = await openServices(loadConfig(flags));
      try {
        const graceMinutes = Number(flags.grace);
        if (!Number.isFinite(graceMinutes) || graceMinutes < 0)
          throw new CliError('--grace must be a number of minutes, 0 or more');
        const r = await checkDataDir(
          { storage: s.storage, blobs: s.blobs.store, sweepTemp: (ms, now) => s.blobs.sweepTemp(ms, now) },
          { repair: flags.repair, verify: flags.verify, graceMs: graceMinutes * 60_000 },
        );
        if (flags.json) printJson(r);
        else {
          console.log(`database integrity: ${r.integrity.join('; ')}`);
          console.log(`documents: ${r.documents}, stored files: ${r.blobs}`);
          console.log(
            `files without a document: ${r.orphanBlobs.length} (${mb(r.orphanBlobs.reduce((n, o) => n + o.size, 0))})`,
          );
          for (const m of r.missingBlobs)
            console.log(`MISSING original ${m.sha256} of document ${m.documentId} (project ${m.projectId})`);
          for (const c of r.corruptBlobs) console.log(`CORRUPT file ${c.sha256} now hashes to ${c.actual}`);
          console.log(`stuck jobs: ${r.stuckJobs}, count drift: ${r.countDrift}`);
          if (flags.repair)
            console.log(
              `repaired: ${r.repaired.orphanBlobs} orphan file(s), ${r.repaired.tempFiles} temp file(s), ${r.repaired.stuckJobs} job(s)${r.repaired.counts ? ', counts' : ''}`,
            );
          console.log(r.healthy ? 'OK' : 'PROBLEMS FOUND');
        }
        if (!r.healthy) throw new CliError('the data directory has problems (see above)', 1);
      } finally {
        await s.close();
      }
    });

  cli
    .command(
      'backup <file>',
      'Write a consistent backup (database snapshot + referenced files) while the server runs',
    )
    .option('--json', 'Print JSON')
    .action(async (file: string, flags: Flags) => {
      const [{ createServices }, { backupDataDir }] = await Promise.all([
        import('../services.ts'),
        import('../core/maintenance/backup.ts'),
      ]);
      const config = loadConfig(flags);
      refuseOnPostgres(config.database, 'backup');
      const s = createServices(config);
      try {
        const m = await backupDataDir(s.repos, s.blobs, file, VERSION);
        const bytes = m.blobs.reduce((n, b) => n + b.size, 0);
        if (flags.json) printJson({ file, documents: m.documents, files: m.blobs.length, bytes });
        else
          console.log(
            `Backed up ${m.documents} document(s), ${m.blobs.length} file(s) (${mb(bytes)}) to ${file}`,
          );
      } finally {
        await s.close();
      }
    });

  cli
    .command('restore <file>', 'Restore a backup into an empty data directory (--data)')
    .option('--json', 'Print JSON')
    .action(async (file: string, flags: Flags) => {
      const [{ createServices }, { restoreDataDir }] = await Promise.all([
        import('../services.ts'),
        import('../core/maintenance/backup.ts'),
      ]);
      const config = loadConfig(flags);
      refuseOnPostgres(config.database, 'restore');
      const m = await restoreDataDir(file, config.dataDir);
      if (config.blobs.driver !== 'local') await restoreBlobsToBucket(config);
      const s = createServices(config);
      await s.close();
      if (flags.json) printJson({ dataDir: config.dataDir, documents: m.documents, files: m.blobs.length });
      else
        console.log(
          `Restored ${m.documents} document(s) and ${m.blobs.length} file(s) into ${config.dataDir}`,
        );
    });
}

/**
 * After a restore into a server whose files live in a bucket: the archive's files (now in the data
 * directory's blobs/) go into the bucket, each verified by hash, and the local copies are removed.
 */
async function restoreBlobsToBucket(config: Config): Promise<void> {
  const [{ openBlobDriver }, { copyBlobs }] = await Promise.all([
    import('../core/blobs/open.ts'),
    import('../core/blobs/copy.ts'),
  ]);
  const tmpDir = join(config.dataDir, 'tmp');
  const report = await copyBlobs(
    openBlobDriver({ driver: 'local' }, config.dataDir, tmpDir),
    openBlobDriver(config.blobs, config.dataDir, tmpDir),
    tmpDir,
  );
  if (!report.ok)
    throw new CliError(
      `The database is restored in ${config.dataDir}, but ${report.failed.length} file(s) could not be put in the bucket (they stay in its blobs/): ${report.failed[0]?.reason}`,
    );
  await rm(join(config.dataDir, 'blobs'), { recursive: true, force: true });
}

/** `backup` and `restore` copy a SQLite file; a PostgreSQL installation is backed up by its own tools. */
function refuseOnPostgres(database: string, command: string): void {
  if (parseDatabaseUrl(database).driver === 'postgres')
    throw new CliError(
      `docserve ${command} works on a SQLite data directory. On PostgreSQL use pg_dump / pg_restore for the database and copy the files (the data directory's blobs/, or the bucket with your S3 tools), or \`docserve migrate --to sqlite:FILE\` for a SQLite copy`,
    );
}
