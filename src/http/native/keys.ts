import { t } from 'elysia';
import type { ApiKeyRow } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { iso } from '../../plugin-api.ts';
import type { Services } from '../../services.ts';
import { json } from '../../plugin-api.ts';
import type { NativeApp, NativeCaller } from './types.ts';

/** Native JSON shape of an API key: never the key itself, only its first characters. */
export function keyJson(k: ApiKeyRow) {
  return {
    id: k.id,
    label: k.label,
    scope: k.projectId ? 'project' : 'organization',
    organization_id: k.orgId,
    project_id: k.projectId,
    preview: k.preview,
    read_only: k.readOnly,
    created_by: k.createdBy,
    created_at: iso(k.createdAt),
    expires_at: iso(k.expiresAt),
    revoked_at: iso(k.revokedAt),
    last_used_at: iso(k.lastUsedAt),
  };
}

function requireOrgKey(caller: NativeCaller): string {
  if (caller.principal.projectId)
    throw new AppError(
      'forbidden',
      'Managing API keys needs an organization key; this key is bound to one project',
    );
  return caller.principal.orgId;
}

/** The organization's API keys: list, create (the key is shown once), revoke. Organization keys only. */
export function keyRoutes(app: NativeApp, api: Services): void {
  app
    .get(
      '/keys',
      async ({ caller }) => ({ data: (await api.keys.list({ orgId: requireOrgKey(caller) })).map(keyJson) }),
      {
        detail: { summary: "List the organization's API keys, newest first (organization keys only)" },
      },
    )
    .post(
      '/keys',
      async ({ caller, body }) => {
        const orgId = requireOrgKey(caller);
        const projectId = body.project_id ?? null;
        if (projectId && (await api.tenancy.project(projectId))?.orgId !== orgId)
          throw new AppError('not_found', 'Project not found in this organization');
        const { key, row } = await api.keys.create({
          orgId,
          projectId,
          label: body.label,
          readOnly: body.read_only ?? false,
          expiresInDays: body.expires_in_days ?? null,
          createdBy: `key:${caller.principal.keyId}`,
        });
        return json({ data: keyJson(row), key }, 201);
      },
      {
        body: t.Object({
          label: t.String({ minLength: 1, maxLength: 100 }),
          project_id: t.Optional(t.Nullable(t.String({ maxLength: 100 }))),
          read_only: t.Optional(t.Boolean()),
          expires_in_days: t.Optional(t.Nullable(t.Integer({ minimum: 1, maximum: 3650 }))),
        }),
        detail: {
          summary:
            'Create a key: project_id binds it to one project, null makes an organization key. The response holds the key, shown this once',
        },
      },
    )
    .delete(
      '/keys/:id',
      async ({ caller, params }) => {
        const orgId = requireOrgKey(caller);
        const row = await api.keys.get(params.id);
        if (!row || row.orgId !== orgId) throw new AppError('not_found', 'API key not found');
        await api.keys.revoke(row.id);
        return { data: keyJson((await api.keys.get(row.id)) as ApiKeyRow) };
      },
      { detail: { summary: 'Revoke a key of the organization (it stops working at once)' } },
    );
}
