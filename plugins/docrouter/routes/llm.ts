import { t } from 'elysia';
import {
  AppError,
  type DialectApi,
  type DocumentView,
  dialectRouter,
  type ExtractionRecord,
  iso,
  type JsonSchema,
} from '../../../src/plugin-api.ts';
import { type DocRouterCaller, orgOf } from '../auth.ts';
import { q } from '../envelope.ts';
import { DEFAULT, emitLlmEvent, GENERIC, type LlmOutcome } from '../llm-events.ts';
import type { VersionedStore } from '../versioned.ts';
import { jsonSchemaOf } from './schemas.ts';

interface PromptRef {
  schemaKey: string;
  prompt_revid: string;
  prompt_id: string;
  prompt_version: number;
  name: string;
  schema?: JsonSchema;
  instructions?: string;
}

const py = (b: boolean) => (b ? 'True' : 'False');

/**
 * LLM extraction backed by docserve's extraction engine: a prompt revision is an extraction schema key
 * (its schema drives the fields), and `default` is the generic extraction.
 */
export function llmRoutes(api: DialectApi, prompts: VersionedStore, schemas: VersionedStore) {
  const engine = api.extraction;

  const promptRef = async (projectId: string, revid: string): Promise<PromptRef> => {
    if (revid === DEFAULT)
      return {
        schemaKey: GENERIC,
        prompt_revid: DEFAULT,
        prompt_id: DEFAULT,
        prompt_version: 0,
        name: 'Document Summary',
      };
    const rev = await prompts.revision(projectId, revid);
    const schema = rev.schema_id
      ? await schemas.atVersion(projectId, String(rev.schema_id), rev.schema_version as number | null)
      : undefined;
    return {
      schemaKey: revid,
      prompt_revid: revid,
      prompt_id: String(rev.prompt_id),
      prompt_version: Number(rev.prompt_version),
      name: rev.name,
      schema: schema ? jsonSchemaOf(schema) : undefined,
      instructions: String(rev.content ?? ''),
    };
  };

  /** The prompt behind an extraction key, if it is one of DocRouter's (default or a prompt revision). */
  const refOfKey = async (projectId: string, schemaKey: string): Promise<PromptRef | undefined> => {
    if (schemaKey === GENERIC) return promptRef(projectId, DEFAULT);
    return (await prompts.findRevision(projectId, schemaKey)) ? promptRef(projectId, schemaKey) : undefined;
  };

  const completed = async (projectId: string, docId: string) => {
    const out: ExtractionRecord[] = [];
    for (const r of await engine.list(projectId, docId))
      if (r.status === 'completed' && (await refOfKey(projectId, r.schemaKey))) out.push(r);
    return out;
  };

  /** The completed result of one prompt revision. */
  const exactResult = async (projectId: string, docId: string, revid: string) => {
    const rec = await engine.get(projectId, docId, revid === DEFAULT ? GENERIC : revid);
    return rec?.status === 'completed' ? rec : undefined;
  };

  /** The newest completed result among the revisions of a prompt. */
  const newestOfPrompt = async (projectId: string, docId: string, promptId: string) => {
    if (promptId === DEFAULT) return exactResult(projectId, docId, DEFAULT);
    if (!(await prompts.exists(projectId, promptId))) return undefined;
    const revids = new Set((await prompts.versions(projectId, promptId)).map((r) => String(r.prompt_revid)));
    return (await completed(projectId, docId))
      .filter((r) => revids.has(r.schemaKey))
      .reduce<ExtractionRecord | undefined>((a, r) => (!a || r.updatedAt > a.updatedAt ? r : a), undefined);
  };

  /** A revid, or a prompt id where the TS SDK sends one, resolved to the stored result. */
  const resultFor = async (projectId: string, docId: string, value: string) =>
    (await exactResult(projectId, docId, value)) ??
    ((await prompts.findRevision(projectId, value))
      ? undefined
      : await newestOfPrompt(projectId, docId, value));

  const resultJson = async (projectId: string, rec: ExtractionRecord) => {
    const ref = await refOfKey(projectId, rec.schemaKey);
    const data = rec.result?.data ?? {};
    return {
      prompt_revid: ref?.prompt_revid ?? rec.schemaKey,
      prompt_id: ref?.prompt_id ?? '',
      prompt_version: ref?.prompt_version ?? 0,
      document_id: rec.documentId,
      llm_result: data,
      updated_llm_result: rec.isEdited ? rec.editedResult : data,
      is_edited: rec.isEdited,
      is_verified: rec.isVerified,
      created_at: iso(rec.createdAt),
      updated_at: iso(rec.updatedAt),
      ...(ref?.prompt_revid === DEFAULT ? { prompt_display_name: ref.name } : {}),
    };
  };

  const emit = (caller: DocRouterCaller, doc: DocumentView, ref: PromptRef, outcome: LlmOutcome) =>
    emitLlmEvent(
      api,
      { projectId: doc.projectId, documentId: doc.id, document: doc, keyId: caller.principal.keyId },
      ref,
      outcome,
    );

  return dialectRouter<DocRouterCaller>({ prefix: '/orgs/:organization_id/llm' })
    .post('/run/:document_id', async ({ caller, params, query }) => {
      const projectId = orgOf(caller);
      const force = q.bool(query, 'force', false);
      const doc = await api.documents.get(projectId, params.document_id);
      const ref = await promptRef(projectId, query.prompt_revid || DEFAULT);
      if (doc.ocrStatus !== 'completed')
        throw new AppError('not_found', 'OCR required but not run for this document');
      const existing = await engine.get(projectId, doc.id, ref.schemaKey);
      let rec: ExtractionRecord;
      if (!force && existing?.status === 'completed' && existing.updatedAt >= (doc.ocrCompletedAt ?? 0))
        rec = existing;
      else {
        try {
          rec = await engine.run(projectId, doc.id, {
            schemaKey: ref.schemaKey,
            schema: ref.schema,
            instructions: ref.instructions,
          });
        } catch (err) {
          if (err instanceof AppError && err.code !== 'internal') throw err;
          rec = { status: 'failed', error: (err as Error).message } as ExtractionRecord;
        }
        if (rec.status === 'failed') {
          const message = rec.error ?? 'extraction failed';
          await emit(caller, doc, ref, { error: { stage: 'llm', message } });
          throw new AppError('internal', `Error processing document: ${message}`, {
            details: { expose: true },
          });
        }
        await emit(caller, doc, ref, { llm_output: rec.result?.data ?? {} });
      }
      return { status: 'success', result: rec.result?.data ?? {} };
    })
    .get('/result/:document_id', async ({ caller, params, query }) => {
      const projectId = orgOf(caller);
      const fallback = q.bool(query, 'prompt_revid_fallback', false) || q.bool(query, 'fallback', false);
      const doc = await api.documents.get(projectId, params.document_id);
      const value = query.prompt_revid || query.prompt_id || DEFAULT;
      const promptOf = async (revid: string) =>
        String((await prompts.findRevision(projectId, revid))?.prompt_id ?? '');
      const rec =
        query.prompt_revid || !query.prompt_id
          ? ((await resultFor(projectId, doc.id, value)) ??
            (fallback ? await newestOfPrompt(projectId, doc.id, await promptOf(value)) : undefined))
          : await newestOfPrompt(projectId, doc.id, value);
      if (!rec)
        throw new AppError(
          'not_found',
          `LLM result not found for document_id: ${doc.id} prompt_revid: ${value} fallback: ${py(fallback)}`,
        );
      return resultJson(projectId, rec);
    })
    .put(
      '/result/:document_id',
      async ({ caller, params, query, body }) => {
        const projectId = orgOf(caller);
        const revid = q.required(query, 'prompt_revid');
        const doc = await api.documents.get(projectId, params.document_id);
        const found = await resultFor(projectId, doc.id, revid);
        if (!found)
          throw new AppError(
            'bad_request',
            `LLM result not found for document_id: ${doc.id} and prompt_revid: ${revid}`,
          );
        const rec = await engine.update(projectId, doc.id, found.schemaKey, {
          editedResult: body.updated_llm_result,
          isVerified: body.is_verified ?? false,
        });
        return resultJson(projectId, rec);
      },
      {
        body: t.Object({
          updated_llm_result: t.Record(t.String(), t.Unknown()),
          is_verified: t.Optional(t.Boolean()),
        }),
      },
    )
    .delete('/result/:document_id', async ({ caller, params, query }) => {
      const projectId = orgOf(caller);
      const revid = q.required(query, 'prompt_revid');
      const doc = await api.documents.get(projectId, params.document_id);
      const found = await resultFor(projectId, doc.id, revid);
      if (!found || !(await engine.delete(projectId, doc.id, found.schemaKey)))
        throw new AppError(
          'not_found',
          `LLM result not found for document_id: ${doc.id} and prompt_revid: ${revid}`,
        );
      return { status: 'success', message: 'LLM result deleted' };
    })
    .get('/results/:document_id/download', async ({ caller, params }) => {
      const projectId = orgOf(caller);
      const doc = await api.documents.get(projectId, params.document_id);
      const records = await completed(projectId, doc.id);
      if (!records.length) throw new AppError('not_found', 'No LLM results found for this document');
      const now = new Date();
      const results = [];
      for (const rec of records) {
        const r = await resultJson(projectId, rec);
        results.push({
          prompt_revid: r.prompt_revid,
          prompt_name:
            r.prompt_revid === DEFAULT ? 'Default Prompt' : (await refOfKey(projectId, rec.schemaKey))?.name,
          prompt_version: r.prompt_version,
          extraction_result: r.updated_llm_result,
          metadata: {
            created_at: r.created_at,
            updated_at: r.updated_at,
            is_edited: r.is_edited,
            is_verified: r.is_verified,
          },
        });
      }
      const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
      return new Response(
        JSON.stringify(
          {
            document_id: doc.id,
            organization_id: projectId,
            document_name: doc.name,
            extraction_date: now.toISOString(),
            results,
          },
          null,
          2,
        ),
        {
          headers: {
            'content-type': 'application/json',
            'content-disposition': `attachment; filename=extractions_${doc.id}_${stamp}.json`,
          },
        },
      );
    });
}
