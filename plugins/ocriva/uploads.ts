import { Elysia } from 'elysia';
import {
  AppError,
  type DialectServices,
  type DocumentView,
  iso,
  jsonObjectParam,
  type MultipartBody,
  type StoredRecord,
  type UploadedFile,
} from '../../src/plugin-api.ts';
import { type OcrivaCaller, projectOf } from './auth.ts';
import { type BatchData, BATCHES, batchJson, MAX_BATCH_FILES, requireBatch } from './batches.ts';
import { fileUrl, HISTORY, type History, originOf, type UploadInfo } from './history.ts';
import { requireTemplate, type TemplateData, templateSnapshot } from './templates.ts';
import { Validator } from './validate.ts';
import { emitOcriva } from './webhooks.ts';

const FILE_TYPES = ['pdf', 'image', 'document'] as const;
const PRIORITIES = ['low', 'medium', 'high'] as const;

/** What every file of one upload request shares. */
interface UploadContext {
  projectId: string;
  template: StoredRecord<TemplateData> | undefined;
  batchId: string | null;
  metadata: Record<string, unknown> | undefined;
  priority: string;
  uploadType: string | null;
  caller: OcrivaCaller;
  baseUrl: string;
}

/** The upload shape Ocriva answers with (`id` is also the processing-history record id). */
export function uploadJson(doc: DocumentView, info: UploadInfo, baseUrl: string) {
  const url = fileUrl(baseUrl, doc);
  return {
    id: doc.id,
    fileName: doc.name,
    fileUrl: url,
    publicUrl: url,
    fileSize: doc.size,
    mimeType: doc.mime,
    fileType: info.fileType ?? (doc.kind === 'pdf' || doc.kind === 'image' ? doc.kind : 'document'),
    projectId: doc.projectId,
    templateId: info.templateId,
    batchId: info.batchId,
    uploadType: info.uploadType,
    status: 'uploaded',
    processingHistoryId: doc.id,
    metadata: doc.metadata,
    createdAt: iso(doc.createdAt),
  };
}

/** The form fields of an upload, validated together (`message` lists every problem). */
function readForm(api: DialectServices, caller: OcrivaCaller, form: MultipartBody) {
  const fields = Object.fromEntries(Object.keys(form.fields).map((k) => [k, form.field(k)]));
  const v = new Validator(fields);
  const fileName = v.string('fileName', { max: 255 });
  const fileType = v.string('fileType', { oneOf: FILE_TYPES });
  const fileSize = v.string('fileSize');
  if (fileSize !== undefined && !/^\d+$/.test(fileSize)) v.fail('fileSize must be a number string');
  v.string('mimeType', { max: 200 });
  const templateId = v.string('templateId', { max: 200 });
  const uploadType = v.string('uploadType', { max: 50 });
  const batchId = v.string('batchId', { max: 200 });
  const priority = v.string('priority', { oneOf: PRIORITIES }) ?? 'medium';
  const name = v.string('name', { max: 200 });
  const requested = v.string('projectId');
  let metadata: Record<string, unknown> | undefined;
  try {
    metadata = jsonObjectParam(fields.metadata, 'metadata');
  } catch {
    v.fail('metadata must be a JSON object string');
  }
  v.done();
  const projectId = projectOf(api, caller, requested);
  const template = templateId ? requireTemplate(api, projectId, templateId) : undefined;
  if (template && !template.data.isActive) throw new AppError('bad_request', 'Template is not active');
  return { projectId, template, fileName, fileType, batchId, metadata, priority, uploadType, name };
}

/**
 * Ingests files as documents with their Ocriva upload records: every upload is a new record, as on
 * Ocriva, even when the project already holds the same bytes. Nothing is kept when one file fails:
 * documents created by this request are purged before the error is answered.
 */
async function ingestAll(
  api: DialectServices,
  history: History,
  files: { file: UploadedFile; name: string; fileType: string | null }[],
  ctx: UploadContext,
): Promise<{ doc: DocumentView; info: UploadInfo }[]> {
  const ingested: { doc: DocumentView; fileType: string | null }[] = [];
  try {
    for (const f of files) {
      const { document } = await api.documents.ingest({
        projectId: ctx.projectId,
        filename: f.name,
        staged: f.file.staged,
        metadata: ctx.metadata,
        source: 'api',
        actor: { keyId: ctx.caller.principal.keyId, label: ctx.caller.principal.label },
      });
      ingested.push({ doc: document, fileType: f.fileType });
    }
  } catch (err) {
    for (const { doc } of ingested) await api.documents.purge(ctx.projectId, doc.id);
    throw err;
  }
  return ingested.map(({ doc, fileType }) => {
    const info: UploadInfo = {
      ...templateSnapshot(ctx.template),
      batchId: ctx.batchId,
      userId: ctx.caller.principal.keyId,
      priority: ctx.priority,
      uploadType: ctx.uploadType,
      fileType,
      baseUrl: ctx.baseUrl,
      settled: null,
    };
    api.records.create(HISTORY, ctx.projectId, info, doc.id);
    history.track(ctx.projectId, doc.id);
    emitOcriva(api, 'document.uploaded', ctx.projectId, uploadJson(doc, info, ctx.baseUrl), {
      documentId: doc.id,
      keyId: ctx.caller.principal.keyId,
    });
    return { doc, info };
  });
}

/** Adds uploads to a batch; a batch that had finished becomes `processing` again. */
function addToBatch(api: DialectServices, projectId: string, batchId: string, ids: string[]): void {
  const b = requireBatch(api, projectId, batchId);
  const uploadIds = [...new Set([...b.data.uploadIds, ...ids])];
  if (uploadIds.length !== b.data.uploadIds.length)
    api.records.update(BATCHES, projectId, b.id, { ...b.data, uploadIds, final: null });
}

/** Runs `fn` with the parsed form, discarding the staged files when it fails. */
async function withForm<T>(form: MultipartBody, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    await form.discard();
    throw err;
  }
}

/** `POST /upload` (one file, 201) and `POST /batch/upload` (up to 50 `files`, 201 batch). */
export function uploadRoutes(api: DialectServices, history: History) {
  return new Elysia()
    .post(
      '/upload',
      async (ctx) => {
        const { caller, request, set } = ctx as typeof ctx & { caller: OcrivaCaller };
        const form = await api.parseUpload(request);
        return withForm(form, async () => {
          const file = form.files.find((f) => f.field === 'file');
          if (!file) throw new AppError('bad_request', 'file is required (multipart field "file")');
          const f = readForm(api, caller, form);
          const batchId = f.batchId ? requireBatch(api, f.projectId, f.batchId).id : null;
          const baseUrl = originOf(request);
          const [one] = await ingestAll(
            api,
            history,
            [{ file, name: f.fileName ?? file.filename, fileType: f.fileType ?? null }],
            { ...f, batchId, caller, baseUrl, uploadType: f.uploadType ?? null },
          );
          const { doc, info } = one as NonNullable<typeof one>;
          if (batchId) addToBatch(api, f.projectId, batchId, [doc.id]);
          set.status = 201;
          return uploadJson(doc, info, baseUrl);
        });
      },
      {
        detail: {
          summary:
            'Upload a document (multipart: file, fileName, fileType, fileSize, mimeType, projectId, templateId?, uploadType?, metadata?, batchId?)',
        },
      },
    )
    .post(
      '/batch/upload',
      async (ctx) => {
        const { caller, request, set } = ctx as typeof ctx & { caller: OcrivaCaller };
        const form = await api.parseUpload(request, { maxFiles: MAX_BATCH_FILES }).catch((err: AppError) => {
          // The parser stops at the file limit with 413; Ocriva answers 400 for too many files.
          if (err?.code === 'payload_too_large' && err.message.startsWith('Too many files'))
            throw new AppError('bad_request', `A batch takes at most ${MAX_BATCH_FILES} files`);
          throw err;
        });
        return withForm(form, async () => {
          const files = form.files.filter((f) => f.field === 'files' || f.field === 'files[]');
          if (!files.length)
            throw new AppError('bad_request', 'files should not be empty (multipart field "files")');
          const f = readForm(api, caller, form);
          const baseUrl = originOf(request);
          const batchId = api.records.newId();
          const uploaded = await ingestAll(
            api,
            history,
            files.map((file) => ({ file, name: file.filename, fileType: null })),
            { ...f, batchId, caller, baseUrl, uploadType: f.uploadType ?? 'batch' },
          );
          const batch = api.records.create<BatchData>(
            BATCHES,
            f.projectId,
            {
              name: f.name?.trim() || `Batch ${new Date().toISOString().slice(0, 10)}`,
              templateId: f.template?.id ?? null,
              templateName: f.template?.data.name ?? null,
              userId: caller.principal.keyId,
              uploadIds: uploaded.map((u) => u.doc.id),
              metadata: f.metadata ?? null,
              final: null,
            },
            batchId,
          );
          const json = batchJson(api, history, batch);
          emitOcriva(api, 'batch.uploaded', f.projectId, json, { keyId: caller.principal.keyId });
          set.status = 201;
          return json;
        });
      },
      {
        detail: {
          summary:
            'Upload up to 50 files as a batch (multipart: files[], projectId, templateId?, name?, metadata?)',
        },
      },
    );
}
