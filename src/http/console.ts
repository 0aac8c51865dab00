import { Elysia } from 'elysia';
import type { ConsoleBundle } from '../console/bundle.ts';

/**
 * Content-Security-Policy of the console: scripts and styles only from this server's own files (no
 * inline script or style), images also from blob: (page images fetched with the API key) and data:,
 * API calls only to this origin, never framed.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** `th` when the Accept-Language header prefers Thai to English, else `en`. */
export function preferredLanguage(acceptLanguage: string | null): 'th' | 'en' {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { lang: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((l) => (l.lang === 'th' || l.lang === 'en') && l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.lang === 'th' ? 'th' : 'en';
}

/** True when the client asked for JSON and not for a page (API discovery at `/`). */
const wantsJson = (accept: string | null) =>
  Boolean(accept?.includes('application/json')) && !accept?.includes('text/html');

/**
 * The web console: its HTML shell at `/` (in the language the browser prefers, with the CSP) and its
 * hashed files under `/console/`. `load` is called once, on first use; `discovery` answers clients
 * that ask `/` for JSON.
 */
export function consoleRoutes(load: () => Promise<ConsoleBundle>, discovery: () => unknown) {
  let bundle: Promise<ConsoleBundle> | undefined;
  const get = () => {
    bundle ??= load().catch((err) => {
      bundle = undefined;
      throw err;
    });
    return bundle;
  };
  const unavailable = (err: unknown) =>
    new Response(`The console is not available: ${(err as Error).message}`, {
      status: 503,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });

  return new Elysia({ name: 'console' })
    .get(
      '/',
      async ({ request }) => {
        if (wantsJson(request.headers.get('accept'))) return discovery();
        let files: ConsoleBundle['files'];
        try {
          files = (await get()).files;
        } catch (err) {
          return unavailable(err);
        }
        const index = files.get('index.html');
        if (!index) return unavailable(new Error('no index.html'));
        const lang = preferredLanguage(request.headers.get('accept-language'));
        const html = new TextDecoder()
          .decode(index.bytes)
          .replace('<html lang="en">', `<html lang="${lang}">`);
        return new Response(html, {
          headers: {
            'content-type': index.type,
            'cache-control': 'no-cache',
            vary: 'Accept, Accept-Language',
            ...SECURITY_HEADERS,
          },
        });
      },
      { detail: { hide: true } },
    )
    .get(
      '/console/:name',
      async ({ params }) => {
        let file: ReturnType<ConsoleBundle['files']['get']>;
        try {
          file = params.name === 'index.html' ? undefined : (await get()).files.get(params.name);
        } catch (err) {
          return unavailable(err);
        }
        if (!file)
          return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
        return new Response(file.bytes as BodyInit, {
          headers: {
            'content-type': file.type,
            'cache-control': 'public, max-age=31536000, immutable',
            ...SECURITY_HEADERS,
          },
        });
      },
      { detail: { hide: true } },
    );
}
