import { t } from 'elysia';
import { EXPORT_TYPES, isExportFormat } from '../../core/export/formats.ts';
import type { ExtractionRecord } from '../../core/extract/types.ts';
import { AppError } from '../../errors.ts';
import { iso } from '../../plugin-api.ts';
import type { Services } from '../../services.ts';
import { contentDisposition } from '../../plugin-api.ts';
import type { NativeApp } from './types.ts';

const GENERIC = 'generic';
const SCHEMA_KEY = /^[\w.:-]{1,100}$/;

function schemaKeyOf(value: string | undefined): string {
  if (value === undefined || value === '') return GENERIC;
  if (!SCHEMA_KEY.test(value))
    throw new AppError('bad_request', 'schema_key must be 1-100 letters, digits, or . _ : -');
  return value;
}

/**
 * Native JSON shape of a stored extraction: `fields` as the engine found them (value, confidence,
 * text, page, bbox, source), `values` as they stand (the user's edit when there is one).
 */
export function fieldsJson(rec: ExtractionRecord) {
  const extracted = rec.result?.data ?? {};
  const edited = rec.isEdited && rec.editedResult && typeof rec.editedResult === 'object';
  return {
    document_id: rec.documentId,
    schema_key: rec.schemaKey,
    status: rec.status,
    error: rec.error,
    kind: rec.result?.kind ?? null,
    confidence: rec.result?.confidence ?? null,
    fields: rec.result?.fields ?? {},
    values: edited ? rec.editedResult : extracted,
    extracted_values: extracted,
    checks: rec.result?.checks ?? [],
    edited: rec.isEdited,
    verified: rec.isVerified,
    created_at: iso(rec.createdAt),
    updated_at: iso(rec.updatedAt),
  };
}

/** Extracted fields (read, correct, verify) and result exports of a document. */
export function fieldRoutes(app: NativeApp, api: Services): void {
  app
    .get(
      '/documents/:id/fields',
      async ({ caller, params, query }) => {
        const schemaKey = schemaKeyOf(query.schema_key);
        const rec = await api.extraction.get(caller.projectId, params.id, schemaKey);
        if (!rec)
          throw new AppError(
            'not_found',
            `No extracted fields "${schemaKey}" for this document yet (see its extraction_status)`,
          );
        return { data: fieldsJson(rec) };
      },
      {
        detail: {
          summary: 'Extracted fields: value, confidence, page and box of each; the values as edited',
        },
      },
    )
    .put(
      '/documents/:id/fields',
      async ({ caller, params, body }) => {
        await api.documents.get(caller.projectId, params.id);
        if (body.values === undefined && body.verified === undefined)
          throw new AppError('bad_request', 'Send values (the corrected values) and/or verified');
        const { values } = body;
        if (values !== undefined && (!values || typeof values !== 'object' || Array.isArray(values)))
          throw new AppError('validation_failed', 'values must be an object of field names to values');
        const rec = await api.extraction.update(caller.projectId, params.id, schemaKeyOf(body.schema_key), {
          editedResult: body.values,
          isVerified: body.verified,
        });
        return { data: fieldsJson(rec) };
      },
      {
        body: t.Object({
          // Checked in the handler: Elysia would coerce a string into an object of its characters.
          values: t.Optional(t.Unknown({ description: 'object: field name -> corrected value' })),
          verified: t.Optional(t.Boolean()),
          schema_key: t.Optional(t.String({ maxLength: 100 })),
        }),
        detail: {
          summary:
            'Save corrected field values (kept across re-extraction, used by exports) and/or mark them verified',
        },
      },
    )
    .get(
      '/documents/:id/export',
      async ({ caller, params, query }) => {
        await api.documents.get(caller.projectId, params.id);
        const format = query.format ?? '';
        if (!isExportFormat(format))
          throw new AppError('bad_request', `format must be one of ${Object.keys(EXPORT_TYPES).join(', ')}`);
        const out = await api.exports.render(caller.projectId, params.id, format, {
          schemaKey: schemaKeyOf(query.schema_key),
        });
        const charset = typeof out.body === 'string' ? '; charset=utf-8' : '';
        return new Response(out.body as BodyInit, {
          headers: {
            'content-type': out.mime + charset,
            'content-disposition': contentDisposition(out.filename),
          },
        });
      },
      {
        detail: {
          summary: `Export the extracted result: format = ${Object.keys(EXPORT_TYPES).join(', ')} (schema_key optional)`,
        },
      },
    );
}
