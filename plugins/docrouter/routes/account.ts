import { type Elysia, t } from 'elysia';
import { AppError, type DialectApi, dialectRouter, iso, type ProjectView } from '../../../src/plugin-api.ts';
import type { DocRouterCaller } from '../auth.ts';
import { missing, q } from '../envelope.ts';
import { searchRegex } from '../grid.ts';

const TYPES = ['individual', 'team', 'enterprise'] as const;
type OrgType = (typeof TYPES)[number];

/** DocRouter settings of an organization (a docserve project), kept in `projects.settings.docrouter`. */
interface OrgSettings {
  type?: OrgType;
  default_prompt_enabled?: boolean;
  experimental_features?: boolean;
  flow_log_level?: string;
  ocr_config?: Record<string, unknown>;
}

const settingsOf = (p: ProjectView) => (p.settings?.docrouter ?? {}) as OrgSettings;

const orgFields = {
  type: t.Optional(t.Nullable(t.Union(TYPES.map((v) => t.Literal(v))))),
  default_prompt_enabled: t.Optional(t.Nullable(t.Boolean())),
  experimental_features: t.Optional(t.Nullable(t.Boolean())),
  flow_log_level: t.Optional(
    t.Nullable(t.Union([t.Literal('ERROR'), t.Literal('INFO'), t.Literal('TRACE')])),
  ),
  ocr_config: t.Optional(t.Nullable(t.Record(t.String(), t.Unknown()))),
};
type OrgBody = { [K in keyof typeof orgFields]?: (typeof orgFields)[K]['static'] };

function mergeSettings(prev: OrgSettings, body: OrgBody): OrgSettings {
  const next: OrgSettings = { ...prev };
  if (body.type) next.type = body.type;
  if (body.default_prompt_enabled != null) next.default_prompt_enabled = body.default_prompt_enabled;
  if (body.experimental_features != null) next.experimental_features = body.experimental_features;
  if (body.flow_log_level) next.flow_log_level = body.flow_log_level;
  if (body.ocr_config) next.ocr_config = { ...prev.ocr_config, ...body.ocr_config };
  return next;
}

/**
 * Account level: DocRouter organizations are the projects of the caller's docserve organization (the
 * "account"), whose id is the one member's `user_id`. Deleting one archives the project.
 */
export function accountRoutes(api: DialectApi) {
  const orgJson = (p: ProjectView) => {
    const s = settingsOf(p);
    return {
      id: p.id,
      name: p.name,
      members: [{ user_id: p.orgId, role: 'admin' }],
      type: s.type ?? 'individual',
      default_prompt_enabled: s.default_prompt_enabled ?? true,
      experimental_features: s.experimental_features ?? false,
      flow_log_level: s.flow_log_level ?? 'ERROR',
      ocr_config: { mode: api.ocr.engine, ...s.ocr_config },
      ocr_catalog: {
        textract_feature_types: [],
        modes: [api.ocr.engine],
        mistral_enabled: false,
        mistral_vertex_enabled: false,
      },
      created_at: iso(p.createdAt),
      updated_at: iso(p.updatedAt),
    };
  };
  const projectsOf = async (caller: DocRouterCaller) =>
    (await api.tenancy.listProjects(caller.principal.orgId)).filter((p) => p.active);
  const projectOf = async (caller: DocRouterCaller, id: string) => {
    const p = (await projectsOf(caller)).find((x) => x.id === id);
    if (!p) throw new AppError('not_found', 'Organization not found');
    return p;
  };
  const save = (p: ProjectView, patch: { name?: string; settings?: OrgSettings }) =>
    api.tenancy.updateProject(p.id, {
      name: patch.name,
      settings: patch.settings ? { ...p.settings, docrouter: patch.settings } : undefined,
    });

  return dialectRouter<DocRouterCaller>({ prefix: '/account/organizations' })
    .get('', async ({ caller, query }) => {
      const skip = q.int(query, 'skip', 0, 0);
      const limit = q.int(query, 'limit', 10, 1, 100);
      if (query.user_id && query.organization_id)
        throw new AppError('bad_request', 'Cannot specify both user_id and organization_id');
      if (query.organization_id) {
        const one = await projectOf(caller, query.organization_id);
        return { organizations: [orgJson(one)], total_count: 1, skip: 0 };
      }
      if (query.user_id && query.user_id !== caller.principal.orgId)
        throw new AppError('forbidden', "Not authorized to view other users' organizations");
      let rows = (await projectsOf(caller)).sort((a, b) => (a.id < b.id ? 1 : -1));
      if (query.name_search) {
        const re = searchRegex(query.name_search);
        rows = rows.filter((p) => re.test(p.name));
      }
      if (query.member_search && !searchRegex(query.member_search).test(caller.principal.orgId)) rows = [];
      return { organizations: rows.slice(skip, skip + limit).map(orgJson), total_count: rows.length, skip };
    })
    .post(
      '',
      async ({ caller, body }) => {
        const name = body.name.trim();
        if ((await projectsOf(caller)).some((p) => p.name.toLowerCase() === name.toLowerCase()))
          throw new AppError('bad_request', `An organization named '${body.name}' already exists`);
        const project = await api.tenancy.createProject(caller.principal.orgId, name);
        return orgJson(await save(project, { settings: mergeSettings({ type: 'individual' }, body) }));
      },
      { body: t.Object({ name: t.String(), ...orgFields }) },
    )
    .put(
      '/:organization_id',
      async ({ caller, params, body }) => {
        const project = await projectOf(caller, params.organization_id);
        const prev = settingsOf(project);
        if (body.type && TYPES.indexOf(body.type) < TYPES.indexOf(prev.type ?? 'individual'))
          throw new AppError(
            'bad_request',
            `Cannot downgrade organization type from ${prev.type} to ${body.type}`,
          );
        if (body.members && !body.members.some((m) => m.role === 'admin'))
          throw new AppError('bad_request', 'Organization must have at least one admin');
        return orgJson(
          await save(project, { name: body.name?.trim() || undefined, settings: mergeSettings(prev, body) }),
        );
      },
      {
        body: t.Object({
          name: t.Optional(t.Nullable(t.String())),
          members: t.Optional(
            t.Nullable(
              t.Array(
                t.Object({ user_id: t.String(), role: t.Union([t.Literal('admin'), t.Literal('user')]) }),
              ),
            ),
          ),
          ...orgFields,
        }),
      },
    )
    .delete('/:organization_id', async ({ caller, params }) => {
      const project = await projectOf(caller, params.organization_id);
      await api.tenancy.updateProject(project.id, { active: false });
      for (const key of await api.keys.list({ projectId: project.id }))
        if (!key.revokedAt) await api.keys.revoke(key.id);
      return { status: 'success' };
    });
}

/** `GET /account/token/organization?token=…` (no auth): which organization a token belongs to. */
export function tokenOrganizationRoute(app: Elysia, api: DialectApi) {
  return app.get('/account/token/organization', async ({ query }) => {
    if (query.token === undefined) throw missing(['query', 'token']);
    const p = await api.keys.resolve(query.token);
    if (typeof p === 'string') throw new AppError('unauthorized', 'Invalid token');
    if (!p.projectId) return { organization_id: null, organization_name: null, organization_type: null };
    const project = await api.tenancy.project(p.projectId);
    if (!project?.active) throw new AppError('unauthorized', 'Invalid token');
    return {
      organization_id: project.id,
      organization_name: project.name,
      organization_type: settingsOf(project).type ?? 'individual',
    };
  });
}
