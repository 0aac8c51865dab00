import { defineDialect, xRateLimitHeaders } from '../../src/plugin-api.ts';
import { authenticate, type DocinthCaller } from './auth.ts';
import { renderError } from './envelope.ts';
import { tokenRoute } from './routes/auth.ts';
import { documentRoutes } from './routes/documents.ts';
import { extractRoute } from './routes/ocr.ts';
import { searchRoute } from './routes/search.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { docinthWebhooks } from './webhooks.ts';

export type { DocinthCaller } from './auth.ts';

/**
 * DOC.IN.TH REST API v2 at `/v2`. Bearer auth with the raw API key or a token from `/v2/auth/token`
 * (a token works for its workspace only); ids shown as `doc_…`, `ws_…`, `fld_…` and accepted bare;
 * per-key rate limits with `X-RateLimit-*` headers (plan M, 500/min, by default).
 */
export const docinth = defineDialect<DocinthCaller>({
  id: 'docinth',
  title: 'DOC.IN.TH v2',
  prefixes: ['/v2'],
  renderError,
  rateLimit: {
    windowMs: 60_000,
    defaultLimit: 500,
    headers: xRateLimitHeaders,
  },
  authenticate,
  publicRoutes: (app, api) => app.use(tokenRoute(api)),
  routes: (app, api) =>
    app.use(documentRoutes(api)).use(searchRoute(api)).use(extractRoute(api)).use(webhookRoutes(api)),
  webhooks: docinthWebhooks,
});
