import { defineDialect } from '../../src/plugin-api.ts';
import { authenticate, type OcrivaCaller } from './auth.ts';
import { checkBatch } from './batches.ts';
import { renderError } from './envelope.ts';
import { History } from './history.ts';
import { loginRoute } from './routes/auth.ts';
import { batchRoutes } from './routes/batches.ts';
import { processingRoutes } from './routes/processing.ts';
import { projectRoutes } from './routes/projects.ts';
import { templateRoutes } from './routes/templates.ts';
import { uploadRoutes } from './routes/uploads.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { ocrivaWebhooks } from './webhooks.ts';

/**
 * Ocriva Open API at `/v1/openapi`: `X-API-Key` or `Authorization: Bearer` (raw key or legacy JWT),
 * projects, templates, upload and batch upload, processing history with exports, webhooks; errors as
 * `{statusCode, message, error}`; 60 requests per minute per key unless the key sets its own limit.
 */
export const ocriva = defineDialect<OcrivaCaller, History>({
  id: 'ocriva',
  title: 'Ocriva Open API',
  prefixes: ['/v1/openapi'],
  renderError,
  rateLimit: { windowMs: 60_000, defaultLimit: 60 },
  authenticate,
  setup(api) {
    const history = new History(api);
    history.onBatchProgress = (projectId, batchId) => checkBatch(api, history, projectId, batchId);
    api.events.on(['ocr.completed', 'ocr.failed'], history.onEvent);
    return history;
  },
  publicRoutes: (app, api) => app.use(loginRoute(api)),
  routes: (app, api, history) =>
    app
      .use(projectRoutes(api))
      .use(templateRoutes(api))
      .use(uploadRoutes(api, history))
      .use(batchRoutes(api, history))
      .use(processingRoutes(api, history))
      .use(webhookRoutes(api)),
  webhooks: ocrivaWebhooks,
});
