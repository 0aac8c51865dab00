import { Elysia, t } from 'elysia';
import { AppError, type DialectApi } from '../../../src/plugin-api.ts';
import { bare } from '../ids.ts';

const TOKEN_TTL = 3600;

/** `POST /v2/auth/token` (no credentials): an API key exchanged for a workspace access token. */
export function tokenRoute(api: DialectApi) {
  return new Elysia().post(
    '/auth/token',
    async ({ body }) => {
      const principal = await api.keys.require(body.api_key);
      const projectId = bare('workspace', body.workspace_id);
      if (!(await api.tenancy.canAccess(principal, projectId)))
        throw new AppError('unauthorized', 'This API key has no access to that workspace');
      const { token } = await api.tokens.issue(principal, { ttlSeconds: TOKEN_TTL, projectId });
      return { access_token: token, expires_in: TOKEN_TTL, token_type: 'Bearer' };
    },
    {
      body: t.Object({ api_key: t.String({ minLength: 1 }), workspace_id: t.String({ minLength: 1 }) }),
      detail: { summary: 'Exchange an API key for a workspace access token' },
    },
  );
}
