import { Elysia, t } from 'elysia';
import {
  AppError,
  type DialectServices,
  type DocumentView,
  type DomainEvent,
  type ExtractionFacade,
  type ExtractionRecord,
  iso,
  type JsonSchema,
} from '../../../src/plugin-api.ts';
import { type DocRouterCaller, orgOf } from '../auth.ts';
import { q } from '../envelope.ts';
import { jsonSchemaOf } from './schemas.ts';
import type { VersionedStore } from '../versioned.ts';

/** The extraction key of the default prompt: docserve's generic extraction. */
const GENERIC = 'generic';
const DEFAULT = 'default';

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

/** `llm.completed` for a prompt's result, or `llm.failed` (DocRouter's `llm.error`) when `extra` has an error. */
function emitLlmEvent(
  api: DialectServices,
  target: { projectId: string; documentId: string; document: unknown; keyId?: string },
  ref: Pick<PromptRef, 'prompt_revid' | 'prompt_id' | 'prompt_version'>,
  extra: Record<string, unknown>,
): void {
  api.events.emit({
    type: extra.error ? 'llm.failed' : 'llm.completed',
    projectId: target.projectId,
    documentId: target.documentId,
    keyId: target.keyId,
    data: {
      document: target.document,
      prompt: {
        prompt_revid: ref.prompt_revid,
        prompt_id: ref.prompt_id,
        prompt_version: ref.prompt_version,
      },
      ...extra,
    },
  });
}

/**
 * The default prompt also runs on its own after OCR (docserve's generic extraction, which moves the state
 * to `llm_completed`); DocRouter subscribers hear about it as `llm.completed` / `llm.error`, as they do
 * for a run through `/llm/run`. Only projects with a DocRouter webhook get these events.
 */
export function defaultPromptEvents(api: DialectServices) {
  return (e: DomainEvent): void => {
    if (e.type !== 'extraction.completed' && e.type !== 'extraction.failed') return;
    if (e.data.schemaKey !== GENERIC || !e.documentId) return;
    try {
      if (!api.webhooks.list(e.projectId, 'docrouter').some((h) => h.active)) return;
      const failed = e.type === 'extraction.failed';
      const rec = failed ? undefined : api.extraction?.get(e.projectId, e.documentId, GENERIC);
      emitLlmEvent(
        api,
        { projectId: e.projectId, documentId: e.documentId, document: e.data.document },
        { prompt_revid: DEFAULT, prompt_id: DEFAULT, prompt_version: 0 },
        failed
          ? { error: { stage: 'llm', message: String(e.data.error ?? 'extraction failed') } }
          : { llm_output: rec?.result?.data ?? {} },
      );
    } catch {
      // A webhook must never break extraction.
    }
  };
}

/**
 * LLM extraction backed by docserve's extraction engine: a prompt revision is an extraction schema key
 * (its schema drives the fields), and `default` is the generic extraction.
 */
export function llmRoutes(api: DialectServices, prompts: VersionedStore, schemas: VersionedStore) {
  const engine = (): ExtractionFacade => {
    if (!api.extraction) throw new AppError('unavailable', 'Extraction is not available on this server');
    return api.extraction;
  };

  const promptRef = (projectId: string, revid: string): PromptRef => {
    if (revid === DEFAULT)
      return {
        schemaKey: GENERIC,
        prompt_revid: DEFAULT,
        prompt_id: DEFAULT,
        prompt_version: 0,
        name: 'Document Summary',
      };
    const rev = prompts.revision(projectId, revid);
    const schema = rev.schema_id
      ? schemas.atVersion(projectId, String(rev.schema_id), rev.schema_version as number | null)
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
  const refOfKey = (projectId: string, schemaKey: string): PromptRef | undefined => {
    if (schemaKey === GENERIC) return promptRef(projectId, DEFAULT);
    return prompts.findRevision(projectId, schemaKey) ? promptRef(projectId, schemaKey) : undefined;
  };

  const completed = (projectId: string, docId: string) =>
    engine()
      .list(projectId, docId)
      .filter((r) => r.status === 'completed' && refOfKey(projectId, r.schemaKey));

  /** The completed result of one prompt revision. */
  const exactResult = (projectId: string, docId: string, revid: string) => {
    const rec = engine().get(projectId, docId, revid === DEFAULT ? GENERIC : revid);
    return rec?.status === 'completed' ? rec : undefined;
  };

  /** The newest completed result among the revisions of a prompt. */
  const newestOfPrompt = (projectId: string, docId: string, promptId: string) => {
    if (promptId === DEFAULT) return exactResult(projectId, docId, DEFAULT);
    if (!prompts.exists(projectId, promptId)) return undefined;
    const revids = new Set(prompts.versions(projectId, promptId).map((r) => String(r.prompt_revid)));
    return completed(projectId, docId)
      .filter((r) => revids.has(r.schemaKey))
      .reduce<ExtractionRecord | undefined>((a, r) => (!a || r.updatedAt > a.updatedAt ? r : a), undefined);
  };

  /** A revid, or a prompt id where the TS SDK sends one, resolved to the stored result. */
  const resultFor = (projectId: string, docId: string, value: string) =>
    exactResult(projectId, docId, value) ??
    (prompts.findRevision(projectId, value) ? undefined : newestOfPrompt(projectId, docId, value));

  const resultJson = (projectId: string, rec: ExtractionRecord) => {
    const ref = refOfKey(projectId, rec.schemaKey);
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

  const emit = (caller: DocRouterCaller, doc: DocumentView, ref: PromptRef, extra: Record<string, unknown>) =>
    emitLlmEvent(
      api,
      { projectId: doc.projectId, documentId: doc.id, document: doc, keyId: caller.principal.keyId },
      ref,
      extra,
    );

  return new Elysia({ prefix: '/orgs/:organization_id/llm' })
    .post('/run/:document_id', async (ctx) => {
      const { caller, params, query } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      const force = q.bool(query, 'force', false);
      const doc = api.documents.get(projectId, params.document_id);
      const ref = promptRef(projectId, query.prompt_revid || DEFAULT);
      if (doc.ocrStatus !== 'completed')
        throw new AppError('not_found', 'OCR required but not run for this document');
      const existing = engine().get(projectId, doc.id, ref.schemaKey);
      let rec: ExtractionRecord;
      if (!force && existing?.status === 'completed' && existing.updatedAt >= (doc.ocrCompletedAt ?? 0))
        rec = existing;
      else {
        try {
          rec = await engine().run(projectId, doc.id, {
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
          emit(caller, doc, ref, { error: { stage: 'llm', message } });
          throw new AppError('internal', `Error processing document: ${message}`, {
            details: { expose: true },
          });
        }
        emit(caller, doc, ref, { llm_output: rec.result?.data ?? {} });
      }
      return { status: 'success', result: rec.result?.data ?? {} };
    })
    .get('/result/:document_id', (ctx) => {
      const { caller, params, query } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      const fallback = q.bool(query, 'prompt_revid_fallback', false) || q.bool(query, 'fallback', false);
      const doc = api.documents.get(projectId, params.document_id);
      const value = query.prompt_revid || query.prompt_id || DEFAULT;
      const promptOf = (revid: string) => String(prompts.findRevision(projectId, revid)?.prompt_id ?? '');
      const rec =
        query.prompt_revid || !query.prompt_id
          ? (resultFor(projectId, doc.id, value) ??
            (fallback ? newestOfPrompt(projectId, doc.id, promptOf(value)) : undefined))
          : newestOfPrompt(projectId, doc.id, value);
      if (!rec)
        throw new AppError(
          'not_found',
          `LLM result not found for document_id: ${doc.id} prompt_revid: ${value} fallback: ${py(fallback)}`,
        );
      return resultJson(projectId, rec);
    })
    .put(
      '/result/:document_id',
      (ctx) => {
        const { caller, params, query, body } = ctx as typeof ctx & { caller: DocRouterCaller };
        const projectId = orgOf(caller);
        const revid = q.required(query, 'prompt_revid');
        const doc = api.documents.get(projectId, params.document_id);
        const found = resultFor(projectId, doc.id, revid);
        if (!found)
          throw new AppError(
            'bad_request',
            `LLM result not found for document_id: ${doc.id} and prompt_revid: ${revid}`,
          );
        const rec = engine().update(projectId, doc.id, found.schemaKey, {
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
    .delete('/result/:document_id', (ctx) => {
      const { caller, params, query } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      const revid = q.required(query, 'prompt_revid');
      const doc = api.documents.get(projectId, params.document_id);
      const found = resultFor(projectId, doc.id, revid);
      if (!found || !engine().delete(projectId, doc.id, found.schemaKey))
        throw new AppError(
          'not_found',
          `LLM result not found for document_id: ${doc.id} and prompt_revid: ${revid}`,
        );
      return { status: 'success', message: 'LLM result deleted' };
    })
    .get('/results/:document_id/download', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      const doc = api.documents.get(projectId, params.document_id);
      const records = completed(projectId, doc.id);
      if (!records.length) throw new AppError('not_found', 'No LLM results found for this document');
      const now = new Date();
      const results = records.map((rec) => {
        const r = resultJson(projectId, rec);
        return {
          prompt_revid: r.prompt_revid,
          prompt_name:
            r.prompt_revid === DEFAULT ? 'Default Prompt' : refOfKey(projectId, rec.schemaKey)?.name,
          prompt_version: r.prompt_version,
          extraction_result: r.updated_llm_result,
          metadata: {
            created_at: r.created_at,
            updated_at: r.updated_at,
            is_edited: r.is_edited,
            is_verified: r.is_verified,
          },
        };
      });
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
