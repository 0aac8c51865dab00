import { defineDialect } from '../../src/plugin-api.ts';
import { accountRoutes, tokenOrganizationRoute } from './account.ts';
import { authenticate, type DocRouterCaller } from './auth.ts';
import { documentRoutes, UPLOAD_PATH } from './documents.ts';
import { renderError } from './envelope.ts';
import { formRoutes } from './forms.ts';
import { defaultPromptEvents, llmRoutes } from './llm.ts';
import { accountLlmRoutes, orgLlmModelRoutes } from './llm-models.ts';
import { ocrRoutes } from './ocr.ts';
import { promptRoutes } from './prompts.ts';
import { schemaRoutes } from './schemas.ts';
import { tagRoutes } from './tags.ts';
import { tokenRoutes } from './tokens.ts';
import { unsupportedRoutes } from './unsupported.ts';
import { VersionedStore } from './versioned.ts';
import { docrouterWebhooks, webhookRoutes } from './webhooks.ts';

const DEFAULT_JSON_LIMIT = 16 * 1024 * 1024;

/**
 * DocRouter REST API v0 at `/v0` and `/fastapi/v0` (the SDKs' cloud base path). DocRouter
 * "organizations" are docserve projects; account tokens are organization keys, org tokens project keys.
 * Errors are FastAPI's `{"detail": ...}`.
 */
export const docrouter = defineDialect<DocRouterCaller>({
  id: 'docrouter',
  title: 'DocRouter API v0',
  prefixes: ['/v0', '/fastapi/v0'],
  renderError,
  authenticate,
  // Base64 uploads carry whole files; the server's body limit (sized from the upload limit) bounds them.
  maxJsonBytes: (path) => (UPLOAD_PATH.test(path) ? Number.POSITIVE_INFINITY : DEFAULT_JSON_LIMIT),
  publicRoutes: (app, api) => tokenOrganizationRoute(app, api),
  routes: (app, api) => {
    const prompts = new VersionedStore(api, 'prompt');
    const schemas = new VersionedStore(api, 'schema');
    const forms = new VersionedStore(api, 'form');
    // `/fastapi/v0` repeats `/v0`: only the latter is listed in the OpenAPI document.
    const listed = (app as unknown as { config: { prefix?: string } }).config.prefix === '/v0';
    // Once per server, not once per prefix.
    if (listed) api.events.subscribe(defaultPromptEvents(api));
    return app
      .guard({ detail: { hide: !listed } })
      .use(documentRoutes(api))
      .use(ocrRoutes(api))
      .use(llmRoutes(api, prompts, schemas))
      .use(orgLlmModelRoutes(api))
      .use(tagRoutes(api, prompts))
      .use(promptRoutes(api, prompts, schemas))
      .use(schemaRoutes(schemas, prompts))
      .use(formRoutes(api, forms))
      .use(webhookRoutes(api))
      .use(tokenRoutes(api, 'org'))
      .use(tokenRoutes(api, 'account'))
      .use(accountRoutes(api))
      .use(accountLlmRoutes(api))
      .use(unsupportedRoutes());
  },
  webhooks: docrouterWebhooks,
});
