/**
 * The plugin host: runs a dialect plugin against the plugin port. It builds the plugin's
 * {@link DialectApi} over the core services, calls `setup` once, mounts the routes under every prefix
 * through the shared HTTP machinery, registers the webhook formatter, and stops it all when the
 * services close.
 */
import type { AnyElysia } from 'elysia';
import type { WebhookFormatter as CoreFormatter } from '../core/webhooks/service.ts';
import { mountDialect } from '../http/dialect.ts';
import type { DialectCaller, DialectDefinition, DocserveEvent, WebhookFormatter } from '../plugin-api.ts';
import type { Services } from '../services.ts';
import { createDialectApi } from './api.ts';
import { webhookView } from './views.ts';

/** A plugin running on the server. */
export interface HostedDialect {
  /** Its routes under every prefix. */
  app: AnyElysia;
  /** Stops it: subscriptions end, background work finishes, then its own `close`. Runs once. */
  close(): Promise<void>;
}

/**
 * Starts a plugin: its port, `setup`, its routes and its webhook formatter. It stops when the services
 * close, before the database does.
 */
export function hostDialect<C extends DialectCaller, S>(
  def: DialectDefinition<C, S>,
  services: Services,
): HostedDialect {
  const { setup, close, webhooks, authenticate, publicRoutes, routes, ...surface } = def;
  const hosted = createDialectApi(services, def.id);
  const state = setup ? setup.call(def, hosted.api) : (undefined as S);
  if (webhooks) services.webhooks.registerFormatter(coreFormatter(def.id, webhooks));
  const app = mountDialect(
    {
      ...surface,
      authenticate: (req, api) => authenticate.call(def, req, api),
      publicRoutes: publicRoutes && ((app, api) => publicRoutes.call(def, app, api, state)),
      routes: (app, api, mount) => routes.call(def, app, api, state, mount),
    },
    hosted.api,
    services,
  );
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await hosted.close();
      await close?.call(def, state);
    })().catch((err) => services.log(`[${def.id}] close failed: ${(err as Error)?.stack ?? err}`)));
  services.onClose(stop);
  return { app, close: stop };
}

/** A plugin's formatter as the core webhook service calls it. */
function coreFormatter(dialect: string, f: WebhookFormatter): CoreFormatter {
  return {
    dialect,
    emptyMeansAll: f.emptyMeansAll,
    build: (event, hook) => f.build(event as unknown as DocserveEvent, webhookView(hook)),
    headers: (body, hook, delivery, at) => f.headers(body, webhookView(hook), delivery, at),
  };
}
