import { t } from 'elysia';
import { AppError, dialectRouter } from '../../../src/plugin-api.ts';
import { type Ctx, type DocfloCaller, logged } from '../context.ts';
import type { FieldUpdate } from '../types.ts';

const fieldUpdateBody = t.Object({
  type: t.String({ minLength: 1, maxLength: 40 }),
  visible: t.Optional(t.Boolean()),
  extractionMethod: t.Optional(t.String({ minLength: 1, maxLength: 50 })),
  extractionSettings: t.Optional(t.Record(t.String(), t.Unknown())),
  fields: t.Optional(
    t.Array(
      t.Union([
        t.String({ minLength: 1, maxLength: 64 }),
        t.Object({ name: t.String({ minLength: 1, maxLength: 64 }), type: t.Optional(t.String()) }),
      ]),
      { maxItems: 100 },
    ),
  ),
});

function updateField(ctx: Ctx, caller: DocfloCaller, type: string, name: string, body: FieldUpdate) {
  return logged(ctx, caller, { area: 'configuration', subArea: 'fields' }, async () => {
    const config = await ctx.types.updateField(caller.projectId, type, name, body);
    await ctx.api.audit.log({
      projectId: caller.projectId,
      area: 'configuration',
      subArea: 'fields',
      message: `Field "${name}" of document type ${type} updated`,
      metadata: { documentType: type, name, ...body },
      keyId: caller.principal.keyId,
    });
    return config;
  });
}

/** `GET /docs/v1/types/enabled`, `GET /docs/v1/types/{type}`, `PATCH /docs/v1/fields?documentType&name`. */
export function typeRoutes(ctx: Ctx) {
  return dialectRouter<DocfloCaller>()
    .get(
      '/types/enabled',
      async ({ caller }) => (await ctx.types.list(caller.projectId)).filter((c) => c.enabled),
      {
        detail: { summary: 'Enabled document types with their field schemas' },
      },
    )
    .get('/types/:type', ({ caller, params }) => ctx.types.get(caller.projectId, params.type), {
      detail: { summary: 'Configuration of one document type' },
    })
    .patch(
      '/fields',
      ({ caller, query, body }) => {
        const name = query.name?.trim();
        if (!name) throw new AppError('validation_failed', 'Invalid query: name is required');
        return updateField(ctx, caller, query.documentType ?? '', name, body);
      },
      { body: fieldUpdateBody, detail: { summary: 'Create or update a field of a document type' } },
    );
}

/** `PATCH /docs/types/{type}/field/{name}` (the seed's example path). */
export function typeFieldRoute(ctx: Ctx) {
  return dialectRouter<DocfloCaller>().patch(
    '/:type/field/:name',
    ({ caller, params, body }) => updateField(ctx, caller, params.type, params.name, body),
    { body: fieldUpdateBody, detail: { summary: 'Create or update a field of a document type' } },
  );
}
