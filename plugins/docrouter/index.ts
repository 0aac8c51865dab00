import { defineDialect } from '../../src/plugin-api.ts';
import { authenticate, type DocRouterCaller } from './auth.ts';
import { documentRoutes, UPLOAD_PATH } from './documents.ts';
import { renderError } from './envelope.ts';
import { ocrRoutes } from './ocr.ts';

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
  routes: (app, api) => app.use(documentRoutes(api)).use(ocrRoutes(api)),
});
