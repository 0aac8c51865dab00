import { defineDialect } from '../../src/plugin-api.ts';
import { authenticate, type DocRouterCaller } from './auth.ts';
import { renderError } from './envelope.ts';
import { defaultPromptEvents } from './llm-events.ts';
import { accountRoutes, tokenOrganizationRoute } from './routes/account.ts';
import { documentRoutes, UPLOAD_PATH } from './routes/documents.ts';
import { formRoutes } from './routes/forms.ts';
import { llmRoutes } from './routes/llm.ts';
import { accountLlmRoutes, orgLlmModelRoutes } from './routes/llm-models.ts';
import { ocrRoutes } from './routes/ocr.ts';
import { promptRoutes } from './routes/prompts.ts';
import { schemaRoutes } from './routes/schemas.ts';
import { tagRoutes } from './routes/tags.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { unsupportedRoutes } from './routes/unsupported.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { VersionedStore } from './versioned.ts';
import { docrouterWebhooks } from './webhooks.ts';

const DEFAULT_JSON_LIMIT = 16 * 1024 * 1024;

/**
 * DocRouter REST API v0 at `/v0` and `/fastapi/v0` (the SDKs' cloud base path). DocRouter
 * "organizations" are docserve projects; account tokens are organization keys, org tokens project keys.
 * Errors are FastAPI's `{"detail": ...}`.
 */
export const docrouter = defineDialect<
  DocRouterCaller,
  { prompts: VersionedStore; schemas: VersionedStore; forms: VersionedStore }
>({
  id: 'docrouter',
  title: 'DocRouter API v0',
  prefixes: ['/v0', '/fastapi/v0'],
  renderError,
  authenticate,
  // Base64 uploads carry whole files; the server's body limit (sized from the upload limit) bounds them.
  maxJsonBytes: (path) => (UPLOAD_PATH.test(path) ? Number.POSITIVE_INFINITY : DEFAULT_JSON_LIMIT),
  setup(api) {
    api.events.on(['extraction.completed', 'extraction.failed'], defaultPromptEvents(api));
    return {
      prompts: new VersionedStore(api, 'prompt'),
      schemas: new VersionedStore(api, 'schema'),
      forms: new VersionedStore(api, 'form'),
    };
  },
  publicRoutes: (app, api) => tokenOrganizationRoute(app, api),
  // `/fastapi/v0` repeats `/v0`: only the latter is listed in the OpenAPI document.
  routes: (app, api, { prompts, schemas, forms }, { primary }) =>
    app
      .guard({ detail: { hide: !primary } })
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
      .use(unsupportedRoutes()),
  webhooks: docrouterWebhooks,
});
