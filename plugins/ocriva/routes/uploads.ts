import {
  AppError,
  type DialectApi,
  type DocumentView,
  dialectRouter,
  jsonObjectParam,
  type StoredRecord,
  type Upload,
  type UploadForm,
} from '../../../src/plugin-api.ts';
import { type OcrivaCaller, projectOf } from '../auth.ts';
import { type BatchData, BATCHES, batchJson, MAX_BATCH_FILES, requireBatch } from '../batches.ts';
import { HISTORY, type History, originOf, type UploadInfo } from '../history.ts';
import { uploadJson } from '../mappers.ts';
import { requireTemplate, type TemplateData, templateSnapshot } from '../templates.ts';
import { Validator } from '../validate.ts';
import { emitOcriva } from '../webhooks.ts';

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

/** The form fields of an upload, validated together (`message` lists every problem). */
async function readForm(api: DialectApi, caller: OcrivaCaller, form: UploadForm) {
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
  const projectId = await projectOf(api, caller, requested);
  const template = templateId ? await requireTemplate(api, projectId, templateId) : undefined;
  if (template && !template.data.isActive) throw new AppError('bad_request', 'Template is not active');
  return { projectId, template, fileName, fileType, batchId, metadata, priority, uploadType, name };
}

/**
 * Ingests files as documents with their Ocriva upload records: every upload is a new record, as on
 * Ocriva, even when the project already holds the same bytes. Nothing is kept when one file fails:
 * documents created by this request are purged before the error is answered.
 */
async function ingestAll(
  api: DialectApi,
  history: History,
  files: { file: Upload; name: string; fileType: string | null }[],
  ctx: UploadContext,
): Promise<{ doc: DocumentView; info: UploadInfo }[]> {
  const ingested: { doc: DocumentView; fileType: string | null }[] = [];
  try {
    for (const f of files) {
      const document = await api.documents.upload({
        projectId: ctx.projectId,
        file: f.file,
        filename: f.name,
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
  const out: { doc: DocumentView; info: UploadInfo }[] = [];
  for (const { doc, fileType } of ingested) {
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
    await api.records.create(HISTORY, ctx.projectId, info, doc.id);
    await history.track(ctx.projectId, doc.id);
    await emitOcriva(api, 'document.uploaded', ctx.projectId, uploadJson(doc, info, ctx.baseUrl), {
      documentId: doc.id,
      keyId: ctx.caller.principal.keyId,
    });
    out.push({ doc, info });
  }
  return out;
}

/** Adds uploads to a batch; a batch that had finished becomes `processing` again. */
async function addToBatch(api: DialectApi, projectId: string, batchId: string, ids: string[]): Promise<void> {
  const b = await requireBatch(api, projectId, batchId);
  const uploadIds = [...new Set([...b.data.uploadIds, ...ids])];
  if (uploadIds.length !== b.data.uploadIds.length)
    await api.records.update(BATCHES, projectId, b.id, { ...b.data, uploadIds, final: null });
}

/** `POST /upload` (one file, 201) and `POST /batch/upload` (up to 50 `files`, 201 batch). */
export function uploadRoutes(api: DialectApi, history: History) {
  return dialectRouter<OcrivaCaller>()
    .post(
      '/upload',
      ({ caller, request, set }) =>
        api.uploads.receive(request, async (form) => {
          const file = form.file('file');
          if (!file) throw new AppError('bad_request', 'file is required (multipart field "file")');
          const f = await readForm(api, caller, form);
          const batchId = f.batchId ? (await requireBatch(api, f.projectId, f.batchId)).id : null;
          const baseUrl = originOf(request);
          const [one] = await ingestAll(
            api,
            history,
            [{ file, name: f.fileName ?? file.filename, fileType: f.fileType ?? null }],
            { ...f, batchId, caller, baseUrl, uploadType: f.uploadType ?? null },
          );
          const { doc, info } = one as NonNullable<typeof one>;
          if (batchId) await addToBatch(api, f.projectId, batchId, [doc.id]);
          set.status = 201;
          return uploadJson(doc, info, baseUrl);
        }),
      {
        detail: {
          summary:
            'Upload a document (multipart: file, fileName, fileType, fileSize, mimeType, projectId, templateId?, uploadType?, metadata?, batchId?)',
        },
      },
    )
    .post(
      '/batch/upload',
      ({ caller, request, set }) =>
        api.uploads
          .receive(
            request,
            async (form) => {
              const files = form.files.filter((f) => f.field === 'files' || f.field === 'files[]');
              if (!files.length)
                throw new AppError('bad_request', 'files should not be empty (multipart field "files")');
              const f = await readForm(api, caller, form);
              const baseUrl = originOf(request);
              const batchId = api.records.newId();
              const uploaded = await ingestAll(
                api,
                history,
                files.map((file) => ({ file, name: file.filename, fileType: null })),
                { ...f, batchId, caller, baseUrl, uploadType: f.uploadType ?? 'batch' },
              );
              const batch = await api.records.create<BatchData>(
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
              const json = await batchJson(api, history, batch);
              await emitOcriva(api, 'batch.uploaded', f.projectId, json, { keyId: caller.principal.keyId });
              set.status = 201;
              return json;
            },
            { maxFiles: MAX_BATCH_FILES },
          )
          .catch((err: AppError) => {
            // The parser stops at the file limit with 413; Ocriva answers 400 for too many files.
            if (err?.code === 'payload_too_large' && err.message.startsWith('Too many files'))
              throw new AppError('bad_request', `A batch takes at most ${MAX_BATCH_FILES} files`);
            throw err;
          }),
      {
        detail: {
          summary:
            'Upload up to 50 files as a batch (multipart: files[], projectId, templateId?, name?, metadata?)',
        },
      },
    );
}
