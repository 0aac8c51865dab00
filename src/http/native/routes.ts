import type { Services } from '../../services.ts';
import { fieldRoutes } from './fields.ts';
import { jobRoutes } from './jobs.ts';
import { keyRoutes } from './keys.ts';
import { pageImageRoutes } from './pages.ts';
import type { NativeApp } from './types.ts';
import { webhookRoutes } from './webhooks.ts';

/**
 * Adds the native routes kept in their own modules (fields and exports, page images, jobs, keys,
 * webhooks) to the authenticated native app and returns that same app.
 */
export function nativeRouteModules(app: NativeApp, api: Services): NativeApp {
  fieldRoutes(app, api);
  jobRoutes(app, api);
  pageImageRoutes(app, api);
  keyRoutes(app, api);
  webhookRoutes(app, api);
  return app;
}
