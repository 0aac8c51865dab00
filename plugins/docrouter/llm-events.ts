import type { DialectApi, DocserveEvent, LlmPrompt } from '../../src/plugin-api.ts';

/** The extraction key of the default prompt: docserve's generic extraction. */
export const GENERIC = 'generic';
/** DocRouter's id (and revid) of the default prompt. */
export const DEFAULT = 'default';

/** What a prompt run produced: its output, or DocRouter's error object. */
export type LlmOutcome = { llm_output: unknown } | { error: { stage: string; message: string } };

/** `llm.completed` for a prompt's result, or `llm.failed` (DocRouter's `llm.error`) for its error. */
export function emitLlmEvent(
  api: DialectApi,
  target: { projectId: string; documentId: string; document: unknown; keyId?: string },
  ref: LlmPrompt,
  outcome: LlmOutcome,
): Promise<void> {
  const { document, ...where } = target;
  const prompt = {
    prompt_revid: ref.prompt_revid,
    prompt_id: ref.prompt_id,
    prompt_version: ref.prompt_version,
  };
  return 'error' in outcome
    ? api.events.emit({ type: 'llm.failed', ...where, data: { document, prompt, error: outcome.error } })
    : api.events.emit({
        type: 'llm.completed',
        ...where,
        data: { document, prompt, llm_output: outcome.llm_output },
      });
}

/**
 * The default prompt also runs on its own after OCR (docserve's generic extraction, which moves the state
 * to `llm_completed`); DocRouter subscribers hear about it as `llm.completed` / `llm.error`, as they do
 * for a run through `/llm/run`. Only projects with a DocRouter webhook get these events.
 */
export function defaultPromptEvents(api: DialectApi) {
  return async (e: DocserveEvent<'extraction.completed' | 'extraction.failed'>): Promise<void> => {
    if (e.data.schemaKey !== GENERIC || !e.documentId) return;
    if (!(await api.webhooks.list(e.projectId)).some((h) => h.active)) return;
    const rec =
      e.type === 'extraction.failed'
        ? undefined
        : await api.extraction.get(e.projectId, e.documentId, GENERIC);
    await emitLlmEvent(
      api,
      { projectId: e.projectId, documentId: e.documentId, document: e.data.document },
      { prompt_revid: DEFAULT, prompt_id: DEFAULT, prompt_version: 0 },
      e.type === 'extraction.failed'
        ? { error: { stage: 'llm', message: String(e.data.error ?? 'extraction failed') } }
        : { llm_output: rec?.result?.data ?? {} },
    );
  };
}
