import { AppError, bearerOf, defineDialect } from '../../src/plugin-api.ts';
import { aiRoutes } from './routes/ai.ts';
import { createCtx, type DocfloCaller } from './context.ts';
import { documentRoutes } from './routes/documents.ts';
import { renderError } from './envelope.ts';
import { logRoutes } from './routes/logs.ts';
import { typeFieldRoute, typeRoutes } from './routes/types.ts';
import { docfloWebhooks, webhookRoutes } from './webhooks.ts';

export type { DocfloCaller } from './context.ts';

const GUEST_TTL = 900;

/**
 * Docflo API at `/docs/v1`, `/docs/types`, `/logs/v1` and `/auth/v1`. Every request carries
 * `x-tenant-id` (the project) and `apiKey`, or a read-only guest token as `Authorization: Bearer`.
 * Errors are `{error: {code, message, details}}`; 1000 requests per hour per key by default, with
 * `X-RateLimit-*` headers.
 */
export const docflo = defineDialect<DocfloCaller>({
  id: 'docflo',
  title: 'Docflo',
  prefixes: ['/docs/v1', '/docs/types', '/logs/v1', '/auth/v1'],
  renderError,
  rateLimit: {
    windowMs: 3_600_000,
    defaultLimit: 1000,
    headers: (d) => ({
      'X-RateLimit-Limit': String(d.limit),
      'X-RateLimit-Remaining': String(d.remaining),
      'X-RateLimit-Reset': String(Math.ceil(d.resetAt / 1000)),
    }),
  },
  readOnlySafe: [/\/document\/ai\/(search|ask)$/],

  authenticate({ headers }, api) {
    const tenant = headers['x-tenant-id']?.trim().toLowerCase();
    const bearer = bearerOf(headers.authorization);
    if (bearer && api.tokens.looksLikeToken(bearer)) {
      const { claims, principal } = api.tokens.verify(bearer, 'docflo');
      if (!claims.prj || (tenant && tenant !== claims.prj) || !api.tenancy.canAccess(principal, claims.prj))
        throw new AppError('unauthorized', 'This guest token is not valid for this tenant');
      return { principal, projectId: claims.prj, guest: true };
    }
    const key = headers.apikey?.trim();
    if (!key)
      throw new AppError('unauthorized', 'Missing credentials: send the x-tenant-id and apiKey headers');
    if (!tenant) throw new AppError('unauthorized', 'Missing the x-tenant-id header');
    const principal = api.keys.require(key);
    if (!api.tenancy.canAccess(principal, tenant))
      throw new AppError('unauthorized', 'This API key has no access to this tenant');
    return { principal, projectId: tenant, guest: false };
  },

  routes(app, api) {
    const ctx = createCtx(api);
    switch (app.config.prefix) {
      case '/docs/v1':
        return webhookRoutes(aiRoutes(typeRoutes(documentRoutes(app, ctx), ctx) as never, ctx) as never, ctx);
      case '/docs/types':
        return typeFieldRoute(app, ctx);
      case '/logs/v1':
        return logRoutes(app, ctx);
      default:
        return app.post(
          '/guest-token',
          ({ caller }) => {
            const { token } = api.tokens.issue(caller.principal, {
              aud: 'docflo',
              ttlSeconds: GUEST_TTL,
              projectId: caller.projectId,
              readOnly: true,
            });
            return { token, expiresIn: GUEST_TTL, tokenType: 'Bearer', tenantId: caller.projectId };
          },
          { detail: { summary: 'A read-only guest token (15 minutes) usable as Authorization: Bearer' } },
        );
    }
  },

  webhooks: docfloWebhooks,
});
