import { AppError, type DialectApi, type StoredRecord } from '../../src/plugin-api.ts';
import type { UploadInfo } from './history.ts';
import { bodyObject, Validator } from './validate.ts';

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

export function requireTemplate(api: DialectApi, projectId: string, id: string): Promise<Template> {
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
export function readTemplate(body: unknown, partial: boolean) {
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

/** 409 when another template of the project has the name (case-insensitive). */
export async function assertUniqueName(
  api: DialectApi,
  projectId: string,
  name: string,
  self?: string,
): Promise<void> {
  const lower = name.toLowerCase();
  const { items } = await api.records.list<TemplateData>(TEMPLATES, projectId, { limit: 100_000 });
  const clash = items.find((t) => t.id !== self && t.data.name.toLowerCase() === lower);
  if (clash) throw new AppError('conflict', `A template named "${name}" already exists in this project`);
}

/** The extraction mode a result format implies when none is given. */
export const defaultMode = (format: string) => (STRUCTURED.includes(format) ? 'structured' : 'free-text');
