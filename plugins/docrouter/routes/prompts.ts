import { t } from 'elysia';
import { AppError, type DialectApi, dialectRouter } from '../../../src/plugin-api.ts';
import { type DocRouterCaller, orgOf } from '../auth.ts';
import { assertTagIds } from './documents.ts';
import { listTaggedRevisions, revisionRoutes, type VersionedStore } from '../versioned.ts';

const promptBody = t.Object({
  name: t.String(),
  content: t.String(),
  schema_id: t.Optional(t.Nullable(t.String())),
  schema_version: t.Optional(t.Nullable(t.Integer())),
  tag_ids: t.Optional(t.Array(t.String())),
  model: t.Optional(t.String()),
  kb_id: t.Optional(t.Nullable(t.String())),
  peer_match_keys: t.Optional(t.Array(t.String())),
  include: t.Optional(
    t.Object({
      ocr_text: t.Optional(t.Boolean()),
      metadata_keys: t.Optional(t.Array(t.String())),
      pdf: t.Optional(t.Boolean()),
    }),
  ),
});
type PromptBody = typeof promptBody.static;

/**
 * Prompts: versioned instructions with an optional schema. `model` is recorded for clients; docserve's
 * own extraction engine runs them. A missing `schema_version` means the schema's latest version.
 */
export function promptRoutes(api: DialectApi, prompts: VersionedStore, schemas: VersionedStore) {
  const config = async (projectId: string, body: PromptBody) => {
    const tagIds = body.tag_ids ?? [];
    await assertTagIds(api, projectId, tagIds);
    let schemaVersion: number | null = null;
    if (body.schema_id) {
      const schema = await schemas.atVersion(projectId, body.schema_id, body.schema_version);
      if (!schema) throw new AppError('not_found', 'Schema not found');
      schemaVersion = Number(schema.schema_version);
    }
    return {
      content: body.content,
      schema_id: body.schema_id ?? null,
      schema_version: schemaVersion,
      tag_ids: tagIds,
      model: body.model || 'gpt-4o-mini',
      kb_id: body.kb_id ?? null,
      peer_match_keys: body.peer_match_keys ?? [],
      include: { ocr_text: true, metadata_keys: [], pdf: true, ...body.include },
    };
  };

  return dialectRouter<DocRouterCaller>({ prefix: '/orgs/:organization_id/prompts' })
    .post(
      '',
      async ({ caller, body }) => {
        const projectId = orgOf(caller);
        return prompts.create(projectId, body.name, await config(projectId, body), caller.principal.label);
      },
      { body: promptBody },
    )
    .get('', async ({ caller, query }) => {
      const projectId = orgOf(caller);
      let rows = await prompts.latestAll(projectId);
      if (query.document_id) {
        const docTags = (await api.documents.get(projectId, query.document_id)).tags.map((t) => t.id);
        rows = rows.filter((r) => (r.tag_ids as string[]).some((id) => docTags.includes(id)));
      }
      return listTaggedRevisions(api, projectId, rows, query, 'prompts');
    })
    .use(revisionRoutes(prompts, 'prompts', 'Prompt deleted successfully'))
    .put(
      '/:id',
      async ({ caller, params, body }) => {
        const projectId = orgOf(caller);
        return prompts.update(
          projectId,
          params.id,
          { name: body.name, config: await config(projectId, body) },
          caller.principal.label,
        );
      },
      { body: promptBody },
    );
}
