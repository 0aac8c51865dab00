import { Elysia, t } from 'elysia';
import { AppError, type DialectServices, listParam } from '../../../src/plugin-api.ts';
import { type DocRouterCaller, orgOf } from '../auth.ts';
import { assertTagIds } from './documents.ts';
import { listRevisions, type VersionedStore } from '../versioned.ts';

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
export function promptRoutes(api: DialectServices, prompts: VersionedStore, schemas: VersionedStore) {
  const config = (projectId: string, body: PromptBody) => {
    const tagIds = body.tag_ids ?? [];
    assertTagIds(api, projectId, tagIds);
    let schemaVersion: number | null = null;
    if (body.schema_id) {
      const schema = schemas.atVersion(projectId, body.schema_id, body.schema_version);
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

  return new Elysia({ prefix: '/orgs/:organization_id/prompts' })
    .post(
      '',
      (ctx) => {
        const { caller, body } = ctx as typeof ctx & { caller: DocRouterCaller };
        const projectId = orgOf(caller);
        return prompts.create(projectId, body.name, config(projectId, body), caller.principal.label);
      },
      { body: promptBody },
    )
    .get('', (ctx) => {
      const { caller, query } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      let rows = prompts.latestAll(projectId);
      const wanted = listParam(query.tag_ids);
      if (query.document_id) {
        const docTags = api.documents.get(projectId, query.document_id).tags.map((t) => t.id);
        rows = rows.filter((r) => (r.tag_ids as string[]).some((id) => docTags.includes(id)));
      }
      if (wanted.length) rows = rows.filter((r) => (r.tag_ids as string[]).some((id) => wanted.includes(id)));
      const names = new Map(api.tags.all(projectId).map((tag) => [tag.id, tag.name]));
      return listRevisions(rows, query, 'prompts', (id) => names.get(id));
    })
    .get('/:id', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: DocRouterCaller };
      return prompts.revision(orgOf(caller), params.id);
    })
    .get('/:id/versions', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: DocRouterCaller };
      const versions = prompts.versions(orgOf(caller), params.id);
      return { prompts: versions, total_count: versions.length, skip: 0 };
    })
    .put(
      '/:id',
      (ctx) => {
        const { caller, params, body } = ctx as typeof ctx & { caller: DocRouterCaller };
        const projectId = orgOf(caller);
        return prompts.update(
          projectId,
          params.id,
          { name: body.name, config: config(projectId, body) },
          caller.principal.label,
        );
      },
      { body: promptBody },
    )
    .delete('/:id', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: DocRouterCaller };
      prompts.delete(orgOf(caller), params.id);
      return { message: 'Prompt deleted successfully' };
    });
}
