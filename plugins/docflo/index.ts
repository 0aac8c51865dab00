import { defineDialect, xRateLimitHeaders } from '../../src/plugin-api.ts';
import { authenticate } from './auth.ts';
import { createCtx, type DocfloCaller } from './context.ts';
import { renderError } from './envelope.ts';
import { aiRoutes } from './routes/ai.ts';
import { guestTokenRoute } from './routes/auth.ts';
import { documentRoutes } from './routes/documents.ts';
import { logRoutes } from './routes/logs.ts';
import { typeFieldRoute, typeRoutes } from './routes/types.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { docfloWebhooks } from './webhooks.ts';

export type { DocfloCaller } from './context.ts';

/**
 * Docflo API at `/docs/v1`, `/docs/types`, `/logs/v1` and `/auth/v1`. Every request carries
 * `x-tenant-id` (the project) and `apiKey`, or a read-only guest token as `Authorization: Bearer`.
 * Errors are `{error: {code, message, details}}`; 1000 requests per hour per key by default, with
 * `X-RateLimit-*` headers.
 */
export const docflo = defineDialect<DocfloCaller, ReturnType<typeof createCtx>>({
  id: 'docflo',
  title: 'Docflo',
  prefixes: ['/docs/v1', '/docs/types', '/logs/v1', '/auth/v1'],
  renderError,
  rateLimit: {
    windowMs: 3_600_000,
    defaultLimit: 1000,
    headers: xRateLimitHeaders,
  },
  readOnlySafe: [/\/document\/ai\/(search|ask)$/],
  authenticate,
  setup: createCtx,
  routes(app, _api, ctx, { prefix }) {
    switch (prefix) {
      case '/docs/v1':
        return app.use(documentRoutes(ctx)).use(typeRoutes(ctx)).use(aiRoutes(ctx)).use(webhookRoutes(ctx));
      case '/docs/types':
        return app.use(typeFieldRoute(ctx));
      case '/logs/v1':
        return app.use(logRoutes(ctx));
      default:
        return app.use(guestTokenRoute(ctx));
    }
  },
  webhooks: docfloWebhooks,
});
