import Ajv, { type ErrorObject } from 'ajv';
import { t } from 'elysia';
import { AppError, dialectRouter, type JsonSchema } from '../../../src/plugin-api.ts';
import { type DocRouterCaller, orgOf } from '../auth.ts';
import { validationError } from '../envelope.ts';
import { listRevisions, revisionRoutes, type VersionedStore } from '../versioned.ts';

/** JSON Schema draft-7 checks as DocRouter makes them with Python's Draft7Validator (formats not checked). */
export class SchemaChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateFormats: false });

  /** Why a schema is not a usable draft-7 schema, or null when it is. */
  problem(schema: unknown): string | null {
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return 'schema must be an object';
    if (!this.ajv.validateSchema(schema as JsonSchema))
      return this.ajv.errorsText(this.ajv.errors, { dataVar: 'schema' });
    try {
      this.ajv.compile(schema as JsonSchema);
      return null;
    } catch (err) {
      return (err as Error).message;
    } finally {
      this.ajv.removeSchema(schema as JsonSchema);
    }
  }

  /** `[{path, message}]` for every way `data` breaks `schema` (empty when valid). */
  errors(schema: JsonSchema, data: unknown): { path: string; message: string }[] {
    try {
      const validate = this.ajv.compile(schema);
      return validate(data) ? [] : (validate.errors ?? []).map(describe);
    } finally {
      this.ajv.removeSchema(schema);
    }
  }
}

/** Ajv errors worded like Python jsonschema's for the common cases. */
function describe(e: ErrorObject): { path: string; message: string } {
  const path = e.instancePath.split('/').filter(Boolean).join('.');
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required')
    return { path, message: `'${params.missingProperty}' is a required property` };
  if (e.keyword === 'type')
    return { path, message: `${JSON.stringify(e.data)} is not of type '${params.type}'` };
  if (e.keyword === 'additionalProperties')
    return {
      path,
      message: `Additional properties are not allowed ('${params.additionalProperty}' was unexpected)`,
    };
  return { path, message: e.message ?? 'is invalid' };
}

const responseFormat = t.Object({
  type: t.Literal('json_schema'),
  json_schema: t.Record(t.String(), t.Unknown()),
});

/** 422 unless `json_schema` holds a `name` and a valid draft-7 `schema`. */
function checkResponseFormat(checker: SchemaChecker, rf: { json_schema: Record<string, unknown> }): void {
  const loc = ['body', 'response_format', 'json_schema'];
  for (const field of ['name', 'schema'])
    if (!(field in rf.json_schema))
      throw validationError([
        {
          type: 'value_error',
          loc,
          msg: `Value error, json_schema must contain '${field}' field`,
          input: rf.json_schema,
        },
      ]);
  const problem = checker.problem(rf.json_schema.schema);
  if (problem)
    throw validationError([
      {
        type: 'value_error',
        loc,
        msg: `Value error, Invalid JSON schema: ${problem}`,
        input: rf.json_schema,
      },
    ]);
}

/** The JSON Schema of a schema revision (for prompts and extraction). */
export function jsonSchemaOf(revision: Record<string, unknown>): JsonSchema | undefined {
  const rf = revision.response_format as { json_schema?: { schema?: JsonSchema } } | undefined;
  return rf?.json_schema?.schema;
}

/** Schemas: versioned response formats, draft-7 checked, with a validate endpoint. */
export function schemaRoutes(schemas: VersionedStore, prompts: VersionedStore) {
  const checker = new SchemaChecker();
  return dialectRouter<DocRouterCaller>({ prefix: '/orgs/:organization_id/schemas' })
    .post(
      '',
      async ({ caller, body }) => {
        checkResponseFormat(checker, body.response_format);
        return schemas.create(
          orgOf(caller),
          body.name,
          { response_format: body.response_format },
          caller.principal.label,
        );
      },
      { body: t.Object({ name: t.String(), response_format: responseFormat }) },
    )
    .get('', async ({ caller, query }) => {
      return listRevisions(await schemas.latestAll(orgOf(caller)), query, 'schemas', () => undefined);
    })
    .use(revisionRoutes(schemas, 'schemas'))
    .put(
      '/:id',
      async ({ caller, params, body }) => {
        if (body.name == null && body.response_format == null)
          throw validationError([
            {
              type: 'value_error',
              loc: ['body'],
              msg: 'Value error, At least one field (name or response_format) must be provided',
              input: body,
            },
          ]);
        if (body.response_format) checkResponseFormat(checker, body.response_format);
        return schemas.update(
          orgOf(caller),
          params.id,
          {
            name: body.name ?? undefined,
            config: body.response_format ? { response_format: body.response_format } : undefined,
          },
          caller.principal.label,
        );
      },
      {
        body: t.Object({
          name: t.Optional(t.Nullable(t.String())),
          response_format: t.Optional(t.Nullable(responseFormat)),
        }),
      },
    )
    .delete('/:id', async ({ caller, params }) => {
      const projectId = orgOf(caller);
      await schemas.latest(projectId, params.id, 'delete');
      const dependents = (await prompts.allRevisions(projectId)).filter((p) => p.schema_id === params.id);
      if (dependents.length) {
        const list: string[] = [];
        for (const p of dependents)
          list.push(
            `{"name": ${JSON.stringify((await prompts.latest(projectId, String(p.prompt_id))).name)}, "schema_version": ${p.schema_version}}`,
          );
        throw new AppError(
          'conflict',
          `Cannot delete schema because it has dependent prompts:[${list.join(', ')}]`,
        );
      }
      await schemas.delete(projectId, params.id);
      return { message: 'Schema deleted successfully' };
    })
    .post('/:id/validate', async ({ caller, params, body }) => {
      const schema = jsonSchemaOf(await schemas.revision(orgOf(caller), params.id));
      if (!schema) throw new AppError('not_found', 'Schema not found');
      // The Python SDK posts the data itself rather than {"data": ...}: accept both.
      const wrapped = body && typeof body === 'object' && !Array.isArray(body) && 'data' in body;
      const data = wrapped ? (body as { data: unknown }).data : body;
      const errors = checker.errors(schema, data);
      return errors.length ? { valid: false, errors } : { valid: true };
    });
}
