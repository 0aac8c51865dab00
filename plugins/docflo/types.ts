import type { DialectApi } from '../../src/plugin-api.ts';
import {
  DATA_TYPES,
  type DataType,
  defaultTypeConfig,
  type FieldDef,
  isDocType,
  TYPE_IDS,
  type TypeConfig,
} from './catalog.ts';
import { DocfloError } from './envelope.ts';

const COLLECTION = 'docflo.types';
const FIELD_NAME = /^[\p{L}_][\p{L}\p{N}_]{0,63}$/u;
const NESTED: DataType[] = ['object', 'array'];

/** Throws `INVALID_DOCUMENT_TYPE` (400) unless `type` is one of the 18 types. */
export function requireDocType(type: string | undefined, param = 'type'): string {
  if (type !== undefined && isDocType(type)) return type;
  throw new DocfloError(
    'bad_request',
    'INVALID_DOCUMENT_TYPE',
    type === undefined || type === ''
      ? `The ${param} parameter is required`
      : 'The specified document type is not supported',
    `Supported types: ${TYPE_IDS.join(', ')}`,
  );
}

/** Body of the model field update (`PATCH /docs/v1/fields`, `PATCH /docs/types/{type}/field/{name}`). */
export interface FieldUpdate {
  type: string;
  visible?: boolean;
  extractionMethod?: string;
  extractionSettings?: Record<string, unknown>;
  fields?: (string | { name: string; type?: string })[];
}

/** Finds a field by exact name, else case-insensitively (clients send `amount` for `Amount`). */
export function findField(fields: FieldDef[], name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return fields.find((f) => f.name === name) ?? fields.find((f) => f.name.toLowerCase() === lower);
}

function dataType(value: string | undefined, where: string, allowNested = true): DataType {
  const ok = DATA_TYPES.filter((d) => allowNested || !NESTED.includes(d));
  if (value && (ok as string[]).includes(value)) return value as DataType;
  throw new DocfloError(
    'bad_request',
    'INVALID_FIELD_TYPE',
    `${where}: unsupported data type "${String(value ?? '').slice(0, 40)}"`,
    `Supported data types: ${ok.join(', ')}`,
  );
}

function fieldName(name: string, where: string): string {
  if (FIELD_NAME.test(name)) return name;
  throw new DocfloError(
    'bad_request',
    'INVALID_FIELD_NAME',
    `${where}: invalid field name "${name.slice(0, 80)}"`,
    'Field names start with a letter or underscore and hold up to 64 letters, digits or underscores',
  );
}

function blankField(name: string, type: DataType): FieldDef {
  return { name, type, visible: true, extractionMethod: 'ai', extractionSettings: {} };
}

/**
 * Document type configurations of a project: the defaults of the catalog, with the field changes made
 * through the model field endpoints stored per project in the `docflo.types` records collection.
 */
export class TypeStore {
  constructor(private readonly api: DialectApi) {}

  async get(projectId: string, type: string): Promise<TypeConfig> {
    requireDocType(type);
    const stored = await this.api.records.get<{ config: TypeConfig }>(
      COLLECTION,
      projectId,
      recordId(projectId, type),
    );
    return stored?.data.config ?? (defaultTypeConfig(type) as TypeConfig);
  }

  async list(projectId: string): Promise<TypeConfig[]> {
    const out: TypeConfig[] = [];
    for (const t of TYPE_IDS) out.push(await this.get(projectId, t));
    return out;
  }

  /** Creates or changes one field of a type; returns the new configuration. */
  async updateField(projectId: string, type: string, name: string, body: FieldUpdate): Promise<TypeConfig> {
    const config = await this.get(projectId, type);
    const existing = findField(config.fields, name);
    const where = `Field "${name.slice(0, 80)}"`;
    const def = existing ?? blankField(fieldName(name, where), dataType(body.type, where));
    def.type = dataType(body.type, where);
    if (body.visible !== undefined) def.visible = body.visible;
    if (body.extractionMethod !== undefined) def.extractionMethod = body.extractionMethod;
    if (body.extractionSettings !== undefined) def.extractionSettings = body.extractionSettings;
    if (NESTED.includes(def.type)) def.fields = subFields(def, body.fields, where);
    else if (body.fields?.length)
      throw new DocfloError(
        'bad_request',
        'INVALID_FIELD_TYPE',
        `${where}: only object and array fields have sub-fields`,
      );
    else delete def.fields;
    if (!existing) config.fields.push(def);
    await this.api.records.put(COLLECTION, projectId, recordId(projectId, type), { config });
    return config;
  }
}

function subFields(def: FieldDef, given: FieldUpdate['fields'], where: string): FieldDef[] {
  const current = def.fields ?? [];
  if (!given) return current;
  const out: FieldDef[] = [];
  for (const item of given) {
    const name = fieldName(typeof item === 'string' ? item : item.name, where);
    const type = typeof item === 'string' ? undefined : item.type;
    if (out.some((f) => f.name.toLowerCase() === name.toLowerCase()))
      throw new DocfloError('bad_request', 'INVALID_FIELD_NAME', `${where}: sub-field "${name}" is repeated`);
    const known = findField(current, name);
    const sub = known ?? blankField(name, 'string');
    if (type !== undefined) sub.type = dataType(type, `${where}.${name}`, false);
    out.push(sub);
  }
  return out;
}

/** Record ids are unique per collection, so the project is part of the id. */
function recordId(projectId: string, type: string): string {
  return `${projectId}:${type}`;
}
