import type { CAC } from 'cac';
import type { AnyElysia } from 'elysia';
import { type Config, type ConfigFlags, loadConfig } from '../config.ts';
import { describeBlobs } from '../core/blobs/url.ts';
import type { ServiceOverrides, Services } from '../services.ts';
import { VERSION } from '../version.ts';

/** A running server and how to stop it. */
export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  app: AnyElysia;
  /** Stops accepting requests, finishes or re-queues running jobs, closes the database. */
  stop(): Promise<void>;
}

/** Opens the data directory, bootstraps it on first start and serves every API (`overrides`: tests). */
export async function startServer(
  config: Config,
  print: (s: string) => void = (s) => console.error(s),
  overrides: ServiceOverrides = {},
): Promise<RunningServer> {
  const [{ openServices }, { createServer }] = await Promise.all([
    import('../services.ts'),
    import('../server.ts'),
  ]);
  const services = await openServices(config, overrides);
  try {
    await services.start();
  } catch (err) {
    await services.close();
    throw err;
  }
  const boot = await services.tenancy.bootstrapIfEmpty();
  const app = createServer(services).listen({
    hostname: config.host,
    port: config.port,
    maxRequestBodySize: Math.ceil(config.maxUploadBytes * 1.4) + 16 * 1024 * 1024,
    idleTimeout: 255,
  });
  const port = app.server?.port ?? config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // One write: a reader of the log (a supervisor, the tests) never sees the banner without its key.
  const banner = [
    `docserve ${VERSION} listening on ${url}  (data: ${config.dataDir}, files: ${describeBlobs(config.blobs, config.dataDir)}, OCR workers: ${config.ocr.workers})`,
    `API docs: ${url}/docs   health: ${url}/healthz`,
  ];
  if (boot)
    banner.push(
      '',
      'First start: created the default organization and project.',
      `  organization: ${boot.org.id}`,
      `  project:      ${boot.project.id}`,
      `  admin key:    ${boot.adminKey}`,
      'The admin key is shown only once. Store it now; create more with "docserve keys create".',
      '',
    );
  print(banner.join('\n'));
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    services,
    app,
    stop: () =>
      (stopping ??= (async () => {
        await app.stop();
        await services.close();
      })()),
  };
}

/** Registers `docserve start`. */
export function registerStartCommand(cli: CAC): void {
  cli
    .command('start', 'Start the server (every API, docs, background OCR)')
    .option('--host <host>', 'Address to bind (default 127.0.0.1, env DOCSERVE_HOST)')
    .option('--port <port>', 'Port (default 8080, env DOCSERVE_PORT)')
    .option('--ocr-workers <n>', 'OCR worker count (default: number of cores, env DOCSERVE_OCR_WORKERS)')
    .option('--verbose', 'Log job activity and internal errors to stderr')
    .action(async (flags: ConfigFlags) => {
      const running = await startServer(loadConfig(flags));
      const shutdown = async (signal: string) => {
        console.error(`\n${signal}: shutting down (finishing running jobs)...`);
        await running.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
    });
}
