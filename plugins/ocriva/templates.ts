import { Elysia } from 'elysia';
import { AppError, type DialectServices, iso, type StoredRecord } from '../../src/plugin-api.ts';
import { type OcrivaCaller, projectOf } from './auth.ts';
import type { UploadInfo } from './history.ts';
import { bodyObject, Validator } from './validate.ts';
import { emitOcriva } from './webhooks.ts';

export const TEMPLATES = 'ocriva.templates';

/** Output formats of Ocriva templates; json, csv and image extract structured data with the schema. */
export const RESULT_FORMATS = ['json', 'csv', 'image', 'text', 'pdf', 'docx', 'xml', 'html'] as const;
const STRUCTURED = ['json', 'csv', 'image'];
export const EXTRACTION_MODES = ['structured', 'free-text'] as const;
const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'];
const MAX_SCHEMA_CHARS = 256 * 1024;

export interface TemplateData {
  [key: string]: unknown;
  name: string;
  description: string;
  templateSchema: Record<string, unknown>;
  isActive: boolean;
  resultFormat: string;
  extractionMode: string;
  instructions: string | null;
}

type Template = StoredRecord<TemplateData>;

/** The template shape of Ocriva's templates page (`templateId`, not `id`). */
export function templateJson(t: Template) {
  return {
    templateId: t.id,
    name: t.data.name,
    description: t.data.description,
    templateSchema: t.data.templateSchema,
    projectId: t.projectId,
    isActive: t.data.isActive,
    resultFormat: t.data.resultFormat,
    extractionMode: t.data.extractionMode,
    instructions: t.data.instructions,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
  };
}

export function requireTemplate(api: DialectServices, projectId: string, id: string): Template {
  return api.records.require<TemplateData>(TEMPLATES, projectId, id.toLowerCase(), 'Template');
}

/** What a processing record keeps of its template (a snapshot: later edits do not change past results). */
export function templateSnapshot(
  t: Template | undefined,
): Pick<
  UploadInfo,
  'templateId' | 'templateName' | 'resultFormat' | 'extractionMode' | 'schema' | 'instructions' | 'schemaKey'
> {
  if (!t)
    return {
      templateId: null,
      templateName: null,
      resultFormat: 'json',
      extractionMode: null,
      schema: null,
      instructions: null,
      schemaKey: 'generic',
    };
  return {
    templateId: t.id,
    templateName: t.data.name,
    resultFormat: t.data.resultFormat,
    extractionMode: t.data.extractionMode,
    schema: t.data.extractionMode === 'structured' ? t.data.templateSchema : null,
    instructions: t.data.instructions,
    schemaKey: `ocriva.template:${t.id}:${t.updatedAt}`,
  };
}

function checkSchema(v: Validator, schema: Record<string, unknown>): void {
  if (JSON.stringify(schema).length > MAX_SCHEMA_CHARS) v.fail('templateSchema must be at most 256 KB');
  if (schema.type !== undefined && schema.type !== 'object') v.fail('templateSchema.type must be object');
  const props = schema.properties;
  if (props === undefined) return;
  if (!props || typeof props !== 'object' || Array.isArray(props)) {
    v.fail('templateSchema.properties must be an object');
    return;
  }
  for (const [name, prop] of Object.entries(props)) {
    if (!prop || typeof prop !== 'object' || Array.isArray(prop)) {
      v.fail(`templateSchema.properties.${name} must be an object`);
      continue;
    }
    const type = (prop as { type?: unknown }).type;
    const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
    if (types.some((t) => !JSON_TYPES.includes(t as string)))
      v.fail(
        `templateSchema.properties.${name}.type must be one of the following values: ${JSON_TYPES.join(', ')}`,
      );
  }
}

/** Reads a template body; `partial` for updates (every field optional). */
function readTemplate(body: unknown, partial: boolean) {
  const v = new Validator(bodyObject(body));
  const name = v.string('name', { required: !partial, max: 200 })?.trim();
  const description = v.string('description', { required: !partial, max: 2000, allowEmpty: true });
  const templateSchema = v.object('templateSchema', { required: !partial });
  if (templateSchema) checkSchema(v, templateSchema);
  const instructions = v.string('instructions', { max: 10_000, allowEmpty: true });
  const resultFormat = v.string('resultFormat', { oneOf: RESULT_FORMATS });
  const extractionMode = v.string('extractionMode', { oneOf: EXTRACTION_MODES });
  const isActive = v.boolean('isActive');
  const projectId = v.string('projectId');
  if (name === '') v.fail('name should not be empty');
  v.done();
  return {
    name,
    description,
    templateSchema,
    instructions,
    resultFormat,
    extractionMode,
    isActive,
    projectId,
  };
}

function assertUniqueName(api: DialectServices, projectId: string, name: string, self?: string): void {
  const lower = name.toLowerCase();
  const clash = api.records
    .list<TemplateData>(TEMPLATES, projectId, { limit: 100_000 })
    .items.find((t) => t.id !== self && t.data.name.toLowerCase() === lower);
  if (clash) throw new AppError('conflict', `A template named "${name}" already exists in this project`);
}

const defaultMode = (format: string) => (STRUCTURED.includes(format) ? 'structured' : 'free-text');

/** `GET/POST /templates`, `GET/PATCH/PUT/DELETE /templates/:id`. */
export function templateRoutes(api: DialectServices) {
  const update = (ctx: { caller: OcrivaCaller; params: { id: string }; body: unknown }) => {
    const { caller, params, body } = ctx;
    const patch = readTemplate(body, true);
    const projectId = projectOf(api, caller, patch.projectId);
    const t = requireTemplate(api, projectId, params.id);
    if (patch.name !== undefined) assertUniqueName(api, projectId, patch.name, t.id);
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
    const json = templateJson(api.records.update(TEMPLATES, projectId, t.id, data));
    emitOcriva(api, 'template.updated', projectId, json, { keyId: caller.principal.keyId });
    return json;
  };

  return new Elysia()
    .get('/templates', (ctx) => {
      const { caller } = ctx as typeof ctx & { caller: OcrivaCaller };
      return api.records
        .list<TemplateData>(TEMPLATES, projectOf(api, caller), { limit: 100_000 })
        .items.map(templateJson);
    })
    .get('/templates/:id', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: OcrivaCaller };
      return templateJson(requireTemplate(api, projectOf(api, caller), params.id));
    })
    .post(
      '/templates',
      (ctx) => {
        const { caller, body, set } = ctx as typeof ctx & { caller: OcrivaCaller };
        const b = readTemplate(body, false);
        const projectId = projectOf(api, caller, b.projectId);
        const name = b.name as string;
        assertUniqueName(api, projectId, name);
        const resultFormat = b.resultFormat ?? 'json';
        const t = api.records.create<TemplateData>(TEMPLATES, projectId, {
          name,
          description: b.description ?? '',
          templateSchema: b.templateSchema ?? {},
          instructions: b.instructions ?? null,
          resultFormat,
          extractionMode: b.extractionMode ?? defaultMode(resultFormat),
          isActive: b.isActive ?? true,
        });
        const json = templateJson(t);
        emitOcriva(api, 'template.created', projectId, json, { keyId: caller.principal.keyId });
        set.status = 201;
        return json;
      },
      {
        detail: {
          summary: 'Create a template: {name, description, templateSchema, projectId, instructions?}',
        },
      },
    )
    .patch('/templates/:id', (ctx) => update(ctx as typeof ctx & { caller: OcrivaCaller }))
    .put('/templates/:id', (ctx) => update(ctx as typeof ctx & { caller: OcrivaCaller }))
    .delete('/templates/:id', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: OcrivaCaller };
      const projectId = projectOf(api, caller);
      const t = requireTemplate(api, projectId, params.id);
      api.records.delete(TEMPLATES, projectId, t.id);
      emitOcriva(api, 'template.deleted', projectId, templateJson(t), { keyId: caller.principal.keyId });
      return { templateId: t.id, deleted: true };
    });
}
