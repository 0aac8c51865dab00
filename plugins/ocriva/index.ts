import { defineDialect, iso, type ProjectRow } from '../../src/plugin-api.ts';
import { authenticate, loginRoute, type OcrivaCaller } from './auth.ts';
import { batchRoutes, checkBatch } from './batches.ts';
import { renderError } from './envelope.ts';
import { History } from './history.ts';
import { processingRoutes } from './routes/processing.ts';
import { templateRoutes } from './templates.ts';
import { uploadRoutes } from './routes/uploads.ts';
import { ocrivaWebhooks, webhookRoutes } from './webhooks.ts';

/** The project shape of Ocriva's projects page. */
function projectJson(p: ProjectRow) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    organizationId: p.orgId,
    isActive: p.active,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

/**
 * Ocriva Open API at `/v1/openapi`: `X-API-Key` or `Authorization: Bearer` (raw key or legacy JWT),
 * projects, templates, upload and batch upload, processing history with exports, webhooks; errors as
 * `{statusCode, message, error}`; 60 requests per minute per key unless the key sets its own limit.
 */
export const ocriva = defineDialect<OcrivaCaller>({
  id: 'ocriva',
  title: 'Ocriva Open API',
  prefixes: ['/v1/openapi'],
  renderError,
  rateLimit: { windowMs: 60_000, defaultLimit: 60 },
  authenticate,

  publicRoutes: (app, api) => app.use(loginRoute(api)),

  routes: (app, api) => {
    const history = new History(api);
    history.onBatchProgress = (projectId, batchId) => checkBatch(api, history, projectId, batchId);
    api.events.subscribe(history.onEvent);
    return app
      .get('/projects', ({ caller }) =>
        api.tenancy
          .projectsOf(caller.principal)
          .filter((p) => p.active || p.id === caller.principal.projectId)
          .map(projectJson),
      )
      .use(templateRoutes(api))
      .use(uploadRoutes(api, history))
      .use(batchRoutes(api, history))
      .use(processingRoutes(api, history))
      .use(webhookRoutes(api));
  },

  webhooks: ocrivaWebhooks,
});
