import http from 'node:http';
import { openapi } from '@elysiajs/openapi';
import { type AnyElysia, Elysia } from 'elysia';
import swaggerCss from 'swagger-ui-dist/swagger-ui.css' with { type: 'file' };
import swaggerJs from 'swagger-ui-dist/swagger-ui-bundle.js' with { type: 'file' };
import { dialects } from '../plugins/index.ts';
import { loadConsole } from './console/bundle.ts';
import { toAppError } from './errors.ts';
import { consoleRoutes } from './http/console.ts';
import { errorResponse, mountDialect, queryStringError, requestPath } from './http/dialect.ts';
import { nativeApi } from './http/native.ts';
import type { DialectDefinition } from './plugin-api.ts';
import { hostDialect } from './plugin-host/index.ts';
import type { Services } from './services.ts';
import { VERSION } from './version.ts';

const ASSETS: Record<string, { path: string; type: string }> = {
  'swagger-ui-bundle.js': { path: swaggerJs, type: 'text/javascript; charset=utf-8' },
  'swagger-ui.css': { path: swaggerCss, type: 'text/css; charset=utf-8' },
};

/** Health of the database, the job queue and the workers. */
export async function health(s: Services) {
  const started = performance.now();
  let dbOk = true;
  let dbError: string | undefined;
  const queue: Record<string, Record<string, number>> = {};
  try {
    await s.storage.ping();
    for (const c of await s.storage.jobs.counts()) queue[c.kind] = { ...queue[c.kind], [c.status]: c.n };
  } catch (err) {
    dbOk = false;
    dbError = (err as Error).message;
  }
  return {
    status: dbOk ? 'ok' : 'error',
    version: VERSION,
    uptime_s: Math.round(process.uptime()),
    db: {
      ok: dbOk,
      latency_ms: +(performance.now() - started).toFixed(2),
      error: dbError,
      checkpoints: s.walCheckpoints(),
    },
    queue,
    workers: {
      running: s.runner.running,
      jobs: s.runner.busy(),
      ocr: { engine: s.ocr.name, ...s.ocr.status() },
      processing: s.processing.status(),
    },
    index: s.search ? { ...s.search.status(), following: s.searchFollowing() } : null,
  };
}

/**
 * The root HTTP app: the web console at `/`, health, OpenAPI docs (assets served locally), the native
 * API and every dialect plugin at its native paths. Unknown paths outside every prefix get the native 404 envelope.
 */
export function createServer(
  services: Services,
  plugins: DialectDefinition<never>[] = dialects as never,
): AnyElysia {
  if (nativeApi.webhooks) services.webhooks.registerFormatter(nativeApi.webhooks);
  allowLongRequestHeads();
  const owners: Pick<DialectDefinition, 'prefixes' | 'renderError'>[] = [...plugins, nativeApi];
  const ownerOf = (path: string) =>
    owners.find((d) => d.prefixes.some((p) => path === p || path.startsWith(`${p}/`))) ?? nativeApi;

  let app: AnyElysia = new Elysia({ name: 'docserve' })
    .onRequest(({ request }) => {
      const err = queryStringError(request.url);
      if (err) return errorResponse(ownerOf(requestPath(request.url)), err);
    })
    .use(
      openapi({
        path: '/docs',
        specPath: '/docs/json',
        provider: 'swagger-ui',
        swagger: {
          cdn: '/docs/assets/swagger-ui-bundle.js',
          theme: '/docs/assets/swagger-ui.css',
          autoDarkMode: false,
        },
        documentation: {
          info: {
            title: 'docserve',
            version: VERSION,
            description:
              'Self-hosted document and OCR server for Thai and English paperwork. The native API lives under /api/v1; DOC.IN.TH, Ocriva, Docflo and DocRouter clients use their vendor paths.',
          },
          components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
          security: [{ bearer: [] }],
        },
        exclude: { paths: [/^\/docs(\/json|\/assets\/.*)?$/] },
      }),
    )
    .get('/docs/assets/:name', ({ params }) => {
      const asset = ASSETS[params.name];
      if (!asset) return new Response('Not found', { status: 404 });
      return new Response(Bun.file(asset.path), {
        headers: { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' },
      });
    })
    .get('/healthz', async ({ set }) => {
      const h = await health(services);
      if (h.status !== 'ok') set.status = 503;
      return h;
    })
    .use(
      consoleRoutes(loadConsole, () => ({
        name: 'docserve',
        version: VERSION,
        console: '/',
        docs: '/docs',
        health: '/healthz',
        api: '/api/v1',
      })),
    )
    .use(mountDialect(nativeApi, services, services));

  for (const d of plugins) app = app.use(hostDialect(d, services).app);

  return app.onError(({ code, error, set }) => {
    const err = code === 'NOT_FOUND' ? null : toAppError(error);
    if (err?.code === 'internal') services.log(`unhandled: ${(error as Error)?.stack ?? error}`);
    set.status = err ? err.status : 404;
    return { error: { code: err ? err.code : 'not_found', message: err ? err.message : 'Not found' } };
  });
}

/** Longest request head (request line and headers) Bun's HTTP parser accepts; longer ones get its empty 431. */
export const MAX_REQUEST_HEAD_BYTES = 64 * 1024;

/**
 * Raises Bun's request-head limit (16 KiB by default, the same setting as `--max-http-header-size`) so a
 * query string between 16 and 64 KiB reaches the 414 check and gets an answer in the caller's envelope.
 */
function allowLongRequestHeads(): void {
  const settings = http as unknown as { maxHeaderSize: number };
  if (settings.maxHeaderSize < MAX_REQUEST_HEAD_BYTES) settings.maxHeaderSize = MAX_REQUEST_HEAD_BYTES;
}
