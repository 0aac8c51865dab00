import type { DocumentRow, ExtractionRow, JobRow, PageRow, Storage } from '../../db/port/index.ts';
import { AppError } from '../../errors.ts';
import type { DocumentStates } from '../document-state.ts';
import type { DocumentService } from '../documents.ts';
import type { EventBus } from '../events.ts';
import type { JobQueue, JobRunner } from '../jobs.ts';
import type { OcrBlock, PageResult } from '../ocr/types.ts';
import type { DocumentPipeline } from '../pipeline.ts';
import { type LlmConfig, llmFill } from './llm.ts';
import { extractGeneric } from './rules.ts';
import { fillSchema, missingProperties, validate } from './schema.ts';
import type { ExtractionRecord, ExtractionResult, JsonSchema } from './types.ts';

export const EXTRACT_JOB = 'document.extract';
/** Schema key of the generic field set (what the background job stores). */
export const GENERIC_KEY = 'generic';

export interface ExtractOptions {
  schema?: JsonSchema;
  /** Extra guidance for the LLM (Ocriva template instructions, DocRouter prompt text). */
  instructions?: string;
  /** Document name (used in LLM prompts). */
  name?: string;
}

/** A stored page as the engine's PageResult. */
export function pageResult(p: PageRow): PageResult {
  let blocks: OcrBlock[] = [];
  if (p.layout)
    try {
      blocks = JSON.parse(p.layout);
    } catch {
      blocks = [];
    }
  return {
    page: p.pageNo,
    source: p.source as PageResult['source'],
    width: p.width ?? 0,
    height: p.height ?? 0,
    text: p.text,
    rawText: p.rawText,
    confidence: p.confidence,
    blocks,
    ...(p.error ? { error: p.error } : {}),
  };
}

function record(row: ExtractionRow): ExtractionRecord {
  return {
    documentId: row.documentId,
    schemaKey: row.schemaKey,
    status: row.status as ExtractionRecord['status'],
    result: (row.result as ExtractionResult | null) ?? null,
    editedResult: row.editedResult ?? null,
    isEdited: row.isEdited,
    isVerified: row.isVerified,
    error: row.error,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Structured field extraction of documents: the rules engine (optionally helped by an LLM) over a
 * document's stored pages, results stored per schema key, the background `document.extract` job that
 * runs after OCR, and edits/verification of results. Every method is scoped by project.
 */
export class ExtractionService {
  constructor(
    private readonly storage: Storage,
    private readonly documents: DocumentService,
    private readonly states: DocumentStates,
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly llm: LlmConfig | undefined,
    private readonly now: () => number = Date.now,
    private readonly log: (msg: string) => void = () => {},
    /** Runs the rules engine (the server runs it in a processing worker, off the event loop). */
    private readonly rules: (pages: PageResult[]) => Promise<ExtractionResult> = async (pages) =>
      extractGeneric(pages),
  ) {}

  /** Registers the job and queues it whenever a document's processing completes. */
  register(runner: JobRunner, pipeline: DocumentPipeline): void {
    runner.register(EXTRACT_JOB, (job) => this.runJob(job), {
      concurrency: 1,
      onDead: (job, error) => this.markFailed(job.documentId, error),
    });
    pipeline.onProcessed(async (doc) => {
      await this.storage.documents.update(doc.id, { extractStatus: 'queued' });
      await this.jobs.enqueue(EXTRACT_JOB, { projectId: doc.projectId, documentId: doc.id, dedupe: true });
    });
  }

  /** Extraction of pages without storage ("analyze" endpoints, CLI). */
  async extractPages(pages: PageResult[], opts: ExtractOptions = {}): Promise<ExtractionResult> {
    const generic = await this.rules(pages);
    if (!opts.schema) return generic;
    const filled = fillSchema(generic, opts.schema);
    if (!this.llm) return filled;
    const missing = missingProperties(opts.schema, filled.data);
    if (!missing.length) return filled;
    try {
      const answer = await llmFill(this.llm, {
        schema: opts.schema,
        text: pages.map((p) => p.text).join('\n'),
        missing,
        known: filled.data,
        instructions: opts.instructions,
      });
      for (const [k, value] of Object.entries(answer)) {
        filled.data[k] = value;
        filled.fields[k] = { value, confidence: 0.5, source: 'llm' };
      }
      filled.validation = validate(opts.schema, filled.data);
    } catch (err) {
      this.log(`extraction: LLM fill skipped: ${(err as Error).message}`);
    }
    return filled;
  }

  /** The stored pages of a document of the project, as PageResults. */
  async pages(projectId: string, documentId: string): Promise<PageResult[]> {
    const doc = await this.documents.get(projectId, documentId);
    return (await this.storage.pages.list(doc.id)).map(pageResult);
  }

  /** Runs extraction now and stores the result under `schemaKey` (default `generic`). */
  async run(
    projectId: string,
    documentId: string,
    opts: { schemaKey?: string; schema?: JsonSchema; instructions?: string } = {},
  ): Promise<ExtractionRecord> {
    const doc = await this.documents.get(projectId, documentId);
    if (doc.ocrStatus !== 'completed')
      throw new AppError('conflict', `The document has not been processed yet (status: ${doc.ocrStatus})`, {
        details: { status: doc.ocrStatus },
      });
    const schemaKey = opts.schemaKey ?? GENERIC_KEY;
    const result = await this.extractPages(await this.pages(projectId, doc.id), {
      schema: opts.schema,
      instructions: opts.instructions,
      name: doc.name,
    });
    await this.store(doc, schemaKey, result);
    return (await this.get(projectId, doc.id, schemaKey)) as ExtractionRecord;
  }

  async get(
    projectId: string,
    documentId: string,
    schemaKey = GENERIC_KEY,
  ): Promise<ExtractionRecord | undefined> {
    const doc = await this.documents.get(projectId, documentId);
    const row = await this.storage.extractions.get(doc.id, schemaKey);
    return row ? record(row) : undefined;
  }

  async list(projectId: string, documentId: string): Promise<ExtractionRecord[]> {
    const doc = await this.documents.get(projectId, documentId);
    return (await this.storage.extractions.list(doc.id)).map(record);
  }

  /** Stores a user's corrected result and/or the verified flag. 404 when nothing was extracted yet. */
  async update(
    projectId: string,
    documentId: string,
    schemaKey: string,
    patch: { editedResult?: unknown; isVerified?: boolean },
  ): Promise<ExtractionRecord> {
    const doc = await this.documents.get(projectId, documentId);
    const row = await this.storage.extractions.get(doc.id, schemaKey);
    if (!row) throw new AppError('not_found', `No extraction "${schemaKey}" for this document`);
    const next: ExtractionRow = { ...row, updatedAt: this.now() };
    if (patch.editedResult !== undefined)
      Object.assign(next, { editedResult: patch.editedResult, isEdited: true });
    if (patch.isVerified !== undefined) next.isVerified = patch.isVerified;
    await this.storage.transaction(async () => {
      await this.storage.extractions.upsert(next);
      await this.events.emit({
        type: 'fields.updated',
        projectId,
        documentId: doc.id,
        data: { schemaKey, isEdited: next.isEdited, isVerified: next.isVerified },
      });
    });
    return record(next);
  }

  async delete(projectId: string, documentId: string, schemaKey: string): Promise<boolean> {
    const doc = await this.documents.get(projectId, documentId);
    return this.storage.extractions.delete(doc.id, schemaKey);
  }

  private async store(doc: DocumentRow, schemaKey: string, result: ExtractionResult): Promise<void> {
    const prev = await this.storage.extractions.get(doc.id, schemaKey);
    const now = this.now();
    await this.storage.extractions.upsert({
      documentId: doc.id,
      schemaKey,
      status: 'completed',
      result,
      editedResult: prev?.editedResult ?? null,
      isEdited: prev?.isEdited ?? false,
      isVerified: prev?.isVerified ?? false,
      error: null,
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
    });
  }

  private async runJob(job: JobRow): Promise<unknown> {
    const doc = job.documentId ? await this.storage.documents.getUnscoped(job.documentId) : undefined;
    if (!doc || doc.deletedAt) return { skipped: 'document is gone or in the trash' };
    await this.storage.documents.update(doc.id, { extractStatus: 'processing' });
    const pages = (await this.storage.pages.list(doc.id)).map(pageResult);
    const result = await this.extractPages(pages, { name: doc.name });
    await this.states.change(doc.id, {
      write: () => this.store(doc, GENERIC_KEY, result),
      set: { extractStatus: 'completed', docType: doc.docType ?? result.kind },
      events: (view) => [
        {
          type: 'extraction.completed',
          projectId: doc.projectId,
          documentId: doc.id,
          data: {
            document: view,
            schemaKey: GENERIC_KEY,
            kind: result.kind,
            confidence: result.confidence,
            fields: Object.keys(result.fields).length,
          },
        },
      ],
      reindex: (view) => view.docType !== doc.docType,
    });
    return { kind: result.kind, fields: Object.keys(result.fields).length };
  }

  private async markFailed(documentId: string | null, error: string): Promise<void> {
    const doc = documentId ? await this.storage.documents.getUnscoped(documentId) : undefined;
    if (!doc) return;
    await this.states.change(doc.id, {
      write: async () => {
        const prev = await this.storage.extractions.get(doc.id, GENERIC_KEY);
        const now = this.now();
        await this.storage.extractions.upsert({
          documentId: doc.id,
          schemaKey: GENERIC_KEY,
          status: 'failed',
          result: prev?.result ?? null,
          editedResult: prev?.editedResult ?? null,
          isEdited: prev?.isEdited ?? false,
          isVerified: prev?.isVerified ?? false,
          error,
          createdAt: prev?.createdAt ?? now,
          updatedAt: now,
        });
      },
      set: { extractStatus: 'failed' },
      events: (view) => [
        {
          type: 'extraction.failed',
          projectId: doc.projectId,
          documentId: doc.id,
          data: { document: view, schemaKey: GENERIC_KEY, error },
        },
      ],
    });
  }
}
