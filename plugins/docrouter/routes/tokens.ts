import { t } from 'elysia';
import { type ApiKeyView, AppError, type DialectApi, dialectRouter, iso } from '../../../src/plugin-api.ts';
import type { DocRouterCaller } from '../auth.ts';

const DAY_MS = 86_400_000;
/** Longest token lifetime in days (100 years, docserve's key limit); past it 422 like any out-of-range integer. */
const MAX_LIFETIME_DAYS = 36_500;

function tokenJson(row: ApiKeyView, token: string) {
  return {
    id: row.id,
    user_id: row.orgId,
    organization_id: row.projectId,
    name: row.label,
    token,
    created_at: iso(row.createdAt),
    lifetime: row.expiresAt ? Math.round((row.expiresAt - row.createdAt) / DAY_MS) : 0,
  };
}

/**
 * Access tokens: org tokens (`org_…`, project keys) under `/orgs/{id}/access_tokens`, account tokens
 * (`acc_…`, organization keys) under `/account/access_tokens`. The plaintext is shown once; lists show
 * the tokens made through this API with their first 10 characters.
 */
export function tokenRoutes(api: DialectApi, scope: 'org' | 'account') {
  const prefix = scope === 'org' ? '/orgs/:organization_id/access_tokens' : '/account/access_tokens';
  const mine = async (caller: DocRouterCaller) =>
    (await api.keys.list({ orgId: caller.principal.orgId, createdBy: 'docrouter' })).filter(
      (k) => !k.revokedAt && k.projectId === caller.projectId,
    );

  return dialectRouter<DocRouterCaller>({ prefix })
    .post(
      '',
      async ({ caller, body }) => {
        const { key, row } = await api.keys.create({
          orgId: caller.principal.orgId,
          projectId: caller.projectId,
          label: body.name,
          prefix: scope === 'org' ? 'org_' : 'acc_',
          expiresInDays: body.lifetime,
          createdBy: 'docrouter',
        });
        return tokenJson(row, key);
      },
      {
        body: t.Object({ name: t.String(), lifetime: t.Integer({ minimum: 0, maximum: MAX_LIFETIME_DAYS }) }),
      },
    )
    .get('', async ({ caller }) => {
      return { access_tokens: (await mine(caller)).map((k) => tokenJson(k, k.preview.slice(0, 10))) };
    })
    .delete('/:token_id', async ({ caller, params }) => {
      const token = (await mine(caller)).find((k) => k.id === params.token_id);
      if (!token) throw new AppError('not_found', 'Token not found');
      await api.keys.revoke(token.id);
      return { message: 'Token deleted successfully' };
    });
}
