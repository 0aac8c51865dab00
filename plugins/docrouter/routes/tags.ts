import { t } from 'elysia';
import { AppError, type DialectApi, dialectRouter, iso, type TagView } from '../../../src/plugin-api.ts';
import { type DocRouterCaller, orgOf } from '../auth.ts';
import { actorOf } from './documents.ts';
import { jsonQuery, q } from '../envelope.ts';
import { type Columns, filterRows, searchRegex, sortKeys, sortRows } from '../grid.ts';
import type { VersionedStore } from '../versioned.ts';

/** A tag as DocRouter shows it (`created_by` is the name of the token that created it). */
export function tagJson(tag: TagView) {
  return {
    id: tag.id,
    name: tag.name,
    color: tag.color,
    description: tag.description || null,
    created_at: iso(tag.createdAt),
    created_by: tag.createdBy ?? '',
  };
}

const COLUMNS: Columns<TagView> = {
  id: { kind: 'text', get: (r) => r.id },
  name: { kind: 'text', get: (r) => r.name },
  color: { kind: 'text', get: (r) => r.color },
  description: { kind: 'text', get: (r) => r.description },
  created_at: { kind: 'date', get: (r) => r.createdAt },
  created_by: { kind: 'text', get: (r) => r.createdBy },
};

const tagBody = t.Object({
  name: t.String(),
  color: t.Optional(t.Nullable(t.String())),
  description: t.Optional(t.Nullable(t.String())),
});

/** Tags CRUD; a tag still on a live document or a prompt cannot be deleted. */
export function tagRoutes(api: DialectApi, prompts: VersionedStore) {
  return dialectRouter<DocRouterCaller>({ prefix: '/orgs/:organization_id/tags' })
    .post(
      '',
      async ({ caller, body }) => {
        return tagJson(await api.tags.create(orgOf(caller), body, actorOf(caller)));
      },
      { body: tagBody },
    )
    .get('', async ({ caller, query }) => {
      const skip = q.int(query, 'skip', 0, 0);
      const limit = q.int(query, 'limit', 10, 1, 100);
      const sort = jsonQuery(query.sort, 'sort');
      const filters = jsonQuery(query.filters, 'filters');
      let rows = await api.tags.all(orgOf(caller));
      if (query.name_search) {
        const re = searchRegex(query.name_search);
        rows = rows.filter((r) => re.test(r.name));
      }
      rows = filterRows(rows, filters, COLUMNS);
      const keys = sortKeys(sort, Object.keys(COLUMNS));
      rows = sortRows(rows, keys.length ? keys : [{ field: 'id', desc: true }], COLUMNS);
      return { tags: rows.slice(skip, skip + limit).map(tagJson), total_count: rows.length, skip };
    })
    .get('/:tag_id', async ({ caller, params }) => {
      return tagJson(await api.tags.get(orgOf(caller), params.tag_id));
    })
    .put(
      '/:tag_id',
      async ({ caller, params, body }) => {
        const patch = { name: body.name, color: body.color, description: body.description ?? null };
        return tagJson(await api.tags.update(orgOf(caller), params.tag_id, patch));
      },
      { body: tagBody },
    )
    .delete('/:tag_id', async ({ caller, params }) => {
      const projectId = orgOf(caller);
      const tag = await api.tags.get(projectId, params.tag_id);
      // DocRouter's deletes are final: documents in docserve's trash do not keep a tag alive.
      if (
        (await api.tags.usage(projectId, tag.id, { live: true })) === 0 &&
        (await prompts.usesTag(projectId, tag.id))
      )
        throw new AppError(
          'conflict',
          `Cannot delete tag '${tag.name}' because it is assigned to one or more prompts`,
        );
      await api.tags.delete(projectId, tag.id, { dropFromTrashed: true });
      return { message: 'Tag deleted successfully' };
    });
}
