import type { Repos } from '../../db/index.ts';
import type { DocumentRow, ExtractionRow, JobRow, PageRow } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { type DocumentService, INDEX_JOB } from '../documents.ts';
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
    private readonly repos: Repos,
    private readonly documents: DocumentService,
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
    pipeline.onProcessed((doc) => {
      this.repos.documents.update(doc.id, { extractStatus: 'queued' });
      this.jobs.enqueue(EXTRACT_JOB, { projectId: doc.projectId, documentId: doc.id, dedupe: true });
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
  pages(projectId: string, documentId: string): PageResult[] {
    const doc = this.documents.get(projectId, documentId);
    return this.repos.pages.list(doc.id).map(pageResult);
  }

  /** Runs extraction now and stores the result under `schemaKey` (default `generic`). */
  async run(
    projectId: string,
    documentId: string,
    opts: { schemaKey?: string; schema?: JsonSchema; instructions?: string } = {},
  ): Promise<ExtractionRecord> {
    const doc = this.documents.get(projectId, documentId);
    if (doc.ocrStatus !== 'completed')
      throw new AppError('conflict', `The document has not been processed yet (status: ${doc.ocrStatus})`, {
        details: { status: doc.ocrStatus },
      });
    const schemaKey = opts.schemaKey ?? GENERIC_KEY;
    const result = await this.extractPages(this.pages(projectId, doc.id), {
      schema: opts.schema,
      instructions: opts.instructions,
      name: doc.name,
    });
    this.store(doc, schemaKey, result);
    return this.get(projectId, doc.id, schemaKey) as ExtractionRecord;
  }

  get(projectId: string, documentId: string, schemaKey = GENERIC_KEY): ExtractionRecord | undefined {
    const doc = this.documents.get(projectId, documentId);
    const row = this.repos.extractions.get(doc.id, schemaKey);
    return row ? record(row) : undefined;
  }

  list(projectId: string, documentId: string): ExtractionRecord[] {
    const doc = this.documents.get(projectId, documentId);
    return this.repos.extractions.list(doc.id).map(record);
  }

  /** Stores a user's corrected result and/or the verified flag. 404 when nothing was extracted yet. */
  update(
    projectId: string,
    documentId: string,
    schemaKey: string,
    patch: { editedResult?: unknown; isVerified?: boolean },
  ): ExtractionRecord {
    const doc = this.documents.get(projectId, documentId);
    const row = this.repos.extractions.get(doc.id, schemaKey);
    if (!row) throw new AppError('not_found', `No extraction "${schemaKey}" for this document`);
    const next: ExtractionRow = { ...row, updatedAt: this.now() };
    if (patch.editedResult !== undefined)
      Object.assign(next, { editedResult: patch.editedResult, isEdited: true });
    if (patch.isVerified !== undefined) next.isVerified = patch.isVerified;
    this.repos.db.$client.transaction(() => {
      this.repos.extractions.upsert(next);
      this.events.emit({
        type: 'fields.updated',
        projectId,
        documentId: doc.id,
        data: { schemaKey, isEdited: next.isEdited, isVerified: next.isVerified },
      });
    })();
    return record(next);
  }

  delete(projectId: string, documentId: string, schemaKey: string): boolean {
    const doc = this.documents.get(projectId, documentId);
    return this.repos.extractions.delete(doc.id, schemaKey);
  }

  private store(doc: DocumentRow, schemaKey: string, result: ExtractionResult): void {
    const prev = this.repos.extractions.get(doc.id, schemaKey);
    const now = this.now();
    this.repos.extractions.upsert({
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
    const doc = job.documentId ? this.repos.documents.getUnscoped(job.documentId) : undefined;
    if (!doc || doc.deletedAt) return { skipped: 'document is gone or in the trash' };
    this.repos.documents.update(doc.id, { extractStatus: 'processing' });
    const result = await this.extractPages(this.repos.pages.list(doc.id).map(pageResult), { name: doc.name });
    this.repos.db.$client.transaction(() => {
      this.store(doc, GENERIC_KEY, result);
      this.repos.documents.update(doc.id, {
        extractStatus: 'completed',
        docType: doc.docType ?? result.kind,
      });
      const view = this.documents.view(this.repos.documents.getUnscoped(doc.id) as DocumentRow);
      this.events.emit({
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
      });
      if (view.docType !== doc.docType)
        this.jobs.enqueue(INDEX_JOB, { projectId: doc.projectId, documentId: doc.id, dedupe: true });
    })();
    return { kind: result.kind, fields: Object.keys(result.fields).length };
  }

  private markFailed(documentId: string | null, error: string): void {
    const doc = documentId ? this.repos.documents.getUnscoped(documentId) : undefined;
    if (!doc) return;
    this.repos.db.$client.transaction(() => {
      this.repos.documents.update(doc.id, { extractStatus: 'failed' });
      const prev = this.repos.extractions.get(doc.id, GENERIC_KEY);
      const now = this.now();
      this.repos.extractions.upsert({
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
      const view = this.documents.view(this.repos.documents.getUnscoped(doc.id) as DocumentRow);
      this.events.emit({
        type: 'extraction.failed',
        projectId: doc.projectId,
        documentId: doc.id,
        data: { document: view, schemaKey: GENERIC_KEY, error },
      });
    })();
  }
}
