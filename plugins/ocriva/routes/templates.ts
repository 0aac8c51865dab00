import { type DialectApi, dialectRouter } from '../../../src/plugin-api.ts';
import { type OcrivaCaller, projectOf } from '../auth.ts';
import { templateJson } from '../mappers.ts';
import {
  assertUniqueName,
  defaultMode,
  readTemplate,
  requireTemplate,
  TEMPLATES,
  type TemplateData,
} from '../templates.ts';
import { emitOcriva } from '../webhooks.ts';

/** `GET/POST /templates`, `GET/PATCH/PUT/DELETE /templates/:id`. */
export function templateRoutes(api: DialectApi) {
  const update = async (ctx: { caller: OcrivaCaller; params: { id: string }; body: unknown }) => {
    const { caller, params, body } = ctx;
    const patch = readTemplate(body, true);
    const projectId = await projectOf(api, caller, patch.projectId);
    const t = await requireTemplate(api, projectId, params.id);
    if (patch.name !== undefined) await assertUniqueName(api, projectId, patch.name, t.id);
    const resultFormat = patch.resultFormat ?? t.data.resultFormat;
    const data: TemplateData = {
      name: patch.name ?? t.data.name,
      description: patch.description ?? t.data.description,
      templateSchema: patch.templateSchema ?? t.data.templateSchema,
      instructions: patch.instructions ?? t.data.instructions,
      resultFormat,
      extractionMode:
        patch.extractionMode ?? (patch.resultFormat ? defaultMode(resultFormat) : t.data.extractionMode),
      isActive: patch.isActive ?? t.data.isActive,
    };
    const json = templateJson(await api.records.update(TEMPLATES, projectId, t.id, data));
    await emitOcriva(api, 'template.updated', projectId, json, { keyId: caller.principal.keyId });
    return json;
  };

  return dialectRouter<OcrivaCaller>()
    .get('/templates', async ({ caller }) => {
      const { items } = await api.records.list<TemplateData>(TEMPLATES, await projectOf(api, caller), {
        limit: 100_000,
      });
      return items.map(templateJson);
    })
    .get('/templates/:id', async ({ caller, params }) =>
      templateJson(await requireTemplate(api, await projectOf(api, caller), params.id)),
    )
    .post(
      '/templates',
      async ({ caller, body, set }) => {
        const b = readTemplate(body, false);
        const projectId = await projectOf(api, caller, b.projectId);
        const name = b.name as string;
        await assertUniqueName(api, projectId, name);
        const resultFormat = b.resultFormat ?? 'json';
        const t = await api.records.create<TemplateData>(TEMPLATES, projectId, {
          name,
          description: b.description ?? '',
          templateSchema: b.templateSchema ?? {},
          instructions: b.instructions ?? null,
          resultFormat,
          extractionMode: b.extractionMode ?? defaultMode(resultFormat),
          isActive: b.isActive ?? true,
        });
        const json = templateJson(t);
        await emitOcriva(api, 'template.created', projectId, json, { keyId: caller.principal.keyId });
        set.status = 201;
        return json;
      },
      {
        detail: {
          summary: 'Create a template: {name, description, templateSchema, projectId, instructions?}',
        },
      },
    )
    .patch('/templates/:id', (ctx) => update(ctx))
    .put('/templates/:id', (ctx) => update(ctx))
    .delete('/templates/:id', async ({ caller, params }) => {
      const projectId = await projectOf(api, caller);
      const t = await requireTemplate(api, projectId, params.id);
      await api.records.delete(TEMPLATES, projectId, t.id);
      await emitOcriva(api, 'template.deleted', projectId, templateJson(t), {
        keyId: caller.principal.keyId,
      });
      return { templateId: t.id, deleted: true };
    });
}
