#!/usr/bin/env bun
import { cac } from 'cac';
import { registerAdminCommands } from './cli/admin.ts';
import { registerMaintenanceCommands } from './cli/maintenance.ts';
import { registerMigrateCommand } from './cli/migrate.ts';
import { registerExtractCommand } from './cli/extract.ts';
import { registerOcrCommand } from './cli/ocr.ts';
import { NATIVE_WORKER_ENV } from './core/ocr/native.ts';
import { CliError } from './cli/output.ts';
import { registerSearchCommand } from './cli/search.ts';
import { registerStartCommand } from './cli/start.ts';
import { AppError } from './errors.ts';
import { VERSION } from './version.ts';

/** Builds the `docserve` command line. */
export function buildCli() {
  const cli = cac('docserve');
  cli.option('--data <dir>', 'Data directory (default ./data, env DOCSERVE_DATA)');
  cli.option(
    '--database <url>',
    'Database: sqlite:<file> (default <data>/docserve.db) or postgres://user:pass@host:port/db (env DOCSERVE_DATABASE_URL)',
  );
  cli.option(
    '--blobs <url>',
    'Where files live: local (default, <data>/blobs) or s3://bucket/prefix (env DOCSERVE_BLOBS; endpoint, region and keys from DOCSERVE_S3_*)',
  );
  registerStartCommand(cli);
  registerAdminCommands(cli);
  registerMaintenanceCommands(cli);
  registerMigrateCommand(cli);
  registerExtractCommand(cli);
  registerOcrCommand(cli);
  registerSearchCommand(cli);
  cli.help();
  cli.version(VERSION);
  return cli;
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const cli = buildCli();
  try {
    cli.parse(argv, { run: false });
    if (!cli.matchedCommand) {
      if (cli.options.help || cli.options.version) return 0;
      if (cli.args.length) throw new CliError(`Unknown command "${cli.args[0]}". Run docserve --help`);
      cli.outputHelp();
      return 0;
    }
    await cli.runMatchedCommand();
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      console.error(`docserve: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof AppError) {
      console.error(`docserve: ${err.message}`);
      return err.status === 404 ? 1 : 2;
    }
    if ((err as Error)?.name === 'CACError') {
      console.error(`docserve: ${(err as Error).message}`);
      return 2;
    }
    console.error(`docserve: ${(err as Error)?.stack ?? err}`);
    return 1;
  }
}

if (import.meta.main) {
  // The compiled binary is also the native OCR worker process (src/core/ocr/native.ts starts it so).
  if (process.env[NATIVE_WORKER_ENV] === '1')
    (await import('./core/ocr/native-worker.ts')).serveNativeWorker();
  else {
    const code = await main(process.argv);
    if (code !== 0) process.exit(code);
  }
}
