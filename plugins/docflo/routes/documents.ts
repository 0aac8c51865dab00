import { t } from 'elysia';
import {
  AppError,
  boolParam,
  type DocumentListOptions,
  type DocumentQuery,
  type DocumentView,
  dialectRouter,
  fileResponse,
  intParam,
  iso,
  json,
  listParam,
  parseDateParam,
} from '../../../src/plugin-api.ts';
import { coreTypesOf, docfloType } from '../catalog.ts';
import { actorOf, type Ctx, type DocfloCaller, logged } from '../context.ts';
import { DocfloError } from '../envelope.ts';
import { applyFieldPatch, extractionSchema, fromExtraction } from '../fields.ts';
import { type DocfloStatus, documentJson, REVIEW_VALUE, STATUSES, statusOf } from '../mappers.ts';
import { requireDocType } from '../types.ts';

type Query = Record<string, string | string[] | undefined>;

const SORT: Record<string, NonNullable<DocumentListOptions['sort']>[number]['field'][]> = {
  createdAt: ['created_at'],
  updatedAt: ['updated_at'],
  fileName: ['name'],
  name: ['name'],
  size: ['size'],
  mimeType: ['mime'],
  status: ['review_status', 'ocr_status'],
};
const MAX_SCAN = 100_000;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function requireStatus(value: string): DocfloStatus {
  const s = value.trim().toUpperCase() as DocfloStatus;
  if (STATUSES.includes(s)) return s;
  throw new DocfloError(
    'bad_request',
    'INVALID_STATUS',
    `Unknown document status "${value.slice(0, 40)}"`,
    `Supported statuses: ${STATUSES.join(', ')}`,
  );
}

function sortOf(query: Query): DocumentListOptions['sort'] {
  const by = one(query.sortBy);
  const order = (one(query.sortOrder) ?? 'desc').toLowerCase();
  if (order !== 'asc' && order !== 'desc')
    throw new DocfloError('bad_request', 'INVALID_SORT', 'sortOrder must be asc or desc');
  if (!by) return order === 'asc' ? [{ field: 'created_at', dir: 'asc' }] : undefined;
  const fields = SORT[by];
  if (!fields)
    throw new DocfloError(
      'bad_request',
      'INVALID_SORT',
      `Cannot sort by "${by.slice(0, 40)}"`,
      `Supported sortBy values: ${Object.keys(SORT).join(', ')}`,
    );
  return fields.map((field) => ({ field, dir: order }));
}

const intersect = (a: string[] | undefined, b: string[]) => (a ? a.filter((x) => b.includes(x)) : b);

/** Lists documents with every filter of the seed; filters SQL cannot express run over the matches. */
async function listDocuments(ctx: Ctx, caller: DocfloCaller, query: Query) {
  const { api } = ctx;
  const skip = intParam(one(query.skip), 'skip', 0, 0, 10_000_000);
  const top = intParam(one(query.top), 'top', 50, 1, 1000);
  const filter: DocumentQuery = { projectId: caller.projectId };
  const checks: ((d: DocumentView) => boolean)[] = [];
  const type = one(query.type);
  if (type) {
    requireDocType(type);
    if (type === 'unclassified') checks.push((d) => docfloType(d.docType) === 'unclassified');
    else filter.docTypes = coreTypesOf(type);
  }
  const sources = listParam(query.source);
  if (sources.length) filter.sources = sources;
  const statuses = listParam(query.status).map(requireStatus);
  if (statuses.length) checks.push((d) => statuses.includes(statusOf(d)));
  filter.createdFrom = parseDateParam(one(query.createdFrom), 'createdFrom', false, { dateTime: true });
  filter.createdBefore = parseDateParam(one(query.createdTo), 'createdTo', true, { dateTime: true });
  const favorite = one(query.favorite);
  if (favorite !== undefined && favorite !== '') filter.favorite = boolParam(favorite, 'favorite', false);
  let ids: string[] | undefined;
  if (boolParam(one(query.myApprovals), 'myApprovals', false))
    ids = await ctx.approvals.documentIds(caller.projectId, caller.principal.keyId, true);
  const approverId = one(query.approverId)?.trim().toLowerCase();
  if (approverId) ids = intersect(ids, await ctx.approvals.documentIds(caller.projectId, approverId, false));
  const search = one(query.search)?.trim();
  if (search) {
    const { hits } = await api.search.search({ projectId: caller.projectId, q: search, limit: 1000 });
    ids = intersect(
      ids,
      hits.map((h) => h.documentId),
    );
  }
  const sort = sortOf(query);
  let items: DocumentView[] = [];
  let total = 0;
  if (ids && !ids.length) items = [];
  else {
    if (ids) filter.ids = ids;
    if (checks.length) {
      const all = (await api.documents.list(filter, { offset: 0, limit: MAX_SCAN, sort })).items.filter((d) =>
        checks.every((c) => c(d)),
      );
      total = all.length;
      items = all.slice(skip, skip + top);
    } else ({ items, total } = await api.documents.list(filter, { offset: skip, limit: top, sort }));
  }
  const withResults = boolParam(one(query.includeResults), 'includeResults', false);
  const approvers = await ctx.approvals.ofMany(
    caller.projectId,
    items.map((d) => d.id),
  );
  const out = [];
  for (const d of items)
    out.push(
      documentJson(
        d,
        approvers.get(d.id) ?? [],
        withResults ? await ctx.results.ensure(caller.projectId, d) : undefined,
      ),
    );
  if (one(query.envelope) === 'false') return json(out, 200, { 'X-Total-Count': String(total) });
  return { items: out, total, skip, top };
}

/** A document with approvers and results, as the single-document endpoints return it. */
export async function fullDocument(ctx: Ctx, projectId: string, doc: DocumentView) {
  const results = await ctx.results.ensure(projectId, doc);
  return documentJson(doc, await ctx.approvals.of(projectId, doc.id), results);
}

async function analyze(ctx: Ctx, caller: DocfloCaller, request: Request) {
  const { api } = ctx;
  return api.uploads.receive(request, async (form) => {
    const type = requireDocType(form.field('type'));
    const file = form.requireFile('file');
    const read = await api.ocr.readUpload(file);
    if (!read)
      throw new AppError(
        'unsupported_media_type',
        'Analyze accepts PDF, image (PNG, JPEG, TIFF, WebP, GIF, BMP) or text files',
      );
    const config = await ctx.types.get(caller.projectId, type);
    const result = await api.extraction.extractPages(read.pages, {
      schema: extractionSchema(config),
      name: file.filename,
    });
    return {
      type,
      status: 'ANALYZED',
      fileName: file.filename,
      mimeType: read.mime,
      pages: read.pages.length,
      content: read.pages.map((p) => p.text).join('\n'),
      results: { fields: fromExtraction(config, result, () => api.records.newId()) },
    };
  });
}

/** Review states set by `PATCH /document/info/{id}` and what each one changes. */
async function updateInfo(
  ctx: Ctx,
  caller: DocfloCaller,
  id: string,
  body: { status?: string; approvers?: string[]; favorite?: boolean },
) {
  const { api, approvals } = ctx;
  const projectId = caller.projectId;
  if (body.status === undefined && body.approvers === undefined && body.favorite === undefined)
    throw new AppError('validation_failed', 'Invalid body: status is required', {
      details: [{ location: 'body', path: 'status', message: 'Required' }],
    });
  const doc = await api.documents.get(projectId, id);
  const status = body.status === undefined ? undefined : requireStatus(body.status);
  const newApprovers =
    body.approvers === undefined ? undefined : await approvals.validate(projectId, body.approvers);
  const current = await approvals.of(projectId, doc.id);
  const me = caller.principal.keyId;
  const listed = newApprovers ?? current.map((a) => a.approverId);

  let review: string | null | undefined;
  let decision: 'APPROVED' | 'REJECTED' | undefined;
  let reprocess = false;
  if (status === 'APPROVED' || status === 'FAILED') {
    const hasApprovers = listed.length > 0;
    if (hasApprovers && !listed.includes(me) && status === 'APPROVED')
      throw new DocfloError(
        'forbidden',
        'NOT_AN_APPROVER',
        'Only an approver of this document can approve it',
        { approvers: listed },
      );
    if (hasApprovers && listed.includes(me)) decision = status === 'APPROVED' ? 'APPROVED' : 'REJECTED';
    const othersPending = current.some(
      (a) => a.approverId !== me && listed.includes(a.approverId) && a.status === 'PENDING',
    );
    const newcomers = listed.some((a) => a !== me && !current.some((c) => c.approverId === a));
    review =
      status === 'FAILED'
        ? REVIEW_VALUE.FAILED
        : othersPending || newcomers
          ? REVIEW_VALUE.REQUIRES_VALIDATION
          : REVIEW_VALUE.APPROVED;
  } else if (status === 'CONFIRMED' || status === 'REQUIRES_VALIDATION') review = REVIEW_VALUE[status];
  else if (status === 'ANALYZED') {
    if (doc.ocrStatus !== 'completed')
      throw new DocfloError('conflict', 'DOCUMENT_NOT_ANALYZED', 'The document has not been analyzed yet');
    review = null;
  } else if (status === 'PROCESSING' || status === 'ANALYZING') {
    reprocess = true;
    review = null;
  } else if (newApprovers?.length && !doc.reviewStatus) review = REVIEW_VALUE.REQUIRES_VALIDATION;

  if (reprocess) await api.documents.reprocess(projectId, doc.id, {}, actorOf(caller));
  if (newApprovers) {
    await approvals.set(projectId, doc.id, newApprovers);
    await api.events.emit({
      type: 'review.approvers',
      projectId,
      documentId: doc.id,
      keyId: me,
      data: { document: doc, approvers: newApprovers },
    });
  }
  if (decision) {
    const entry = (await approvals.of(projectId, doc.id)).find((a) => a.approverId === me);
    if (entry) await approvals.decide(projectId, entry, decision);
    await api.events.emit({
      type: 'review.decision',
      projectId,
      documentId: doc.id,
      keyId: me,
      data: { document: doc, approverId: me, decision },
    });
  }
  const patch: { reviewStatus?: string | null; favorite?: boolean } = {};
  if (review !== undefined && review !== doc.reviewStatus) patch.reviewStatus = review;
  if (body.favorite !== undefined) patch.favorite = body.favorite;
  const updated = Object.keys(patch).length
    ? await api.documents.update(projectId, doc.id, patch, actorOf(caller))
    : await api.documents.get(projectId, doc.id);
  return fullDocument(ctx, projectId, updated);
}

/** The `/docs/v1/document...` routes. */
export function documentRoutes(ctx: Ctx) {
  const { api } = ctx;
  return dialectRouter<DocfloCaller>()
    .get('/document', ({ caller, query }) => listDocuments(ctx, caller, query as Query), {
      detail: { summary: 'List documents (type, skip, top, source, search, status, sortBy, ...)' },
    })
    .post(
      '/document',
      async ({ caller, request, set }) =>
        logged(ctx, caller, { area: 'document', subArea: 'upload' }, () =>
          api.uploads.receive(request, async (form) => {
            const file = form.requireFile('file');
            const type = form.field('type') || undefined;
            if (type) requireDocType(type);
            const approverIds = await approvalsOf(ctx, caller, listParam(form.fields.approvers));
            const document = await api.documents.upload({
              projectId: caller.projectId,
              file,
              source: 'api',
              docType: type ?? null,
              reviewStatus: approverIds.length ? REVIEW_VALUE.REQUIRES_VALIDATION : null,
              actor: actorOf(caller),
            });
            if (approverIds.length) await ctx.approvals.set(caller.projectId, document.id, approverIds);
            set.status = 201;
            return documentJson(document, await ctx.approvals.of(caller.projectId, document.id));
          }),
        ),
      { detail: { summary: 'Upload a document (multipart: file, type)' } },
    )
    .get(
      '/document/byId/:id',
      async ({ caller, params }) =>
        fullDocument(ctx, caller.projectId, await api.documents.get(caller.projectId, params.id)),
      { detail: { summary: 'A document with its results' } },
    )
    .post(
      '/document/analyze',
      ({ caller, request }) =>
        logged(ctx, caller, { area: 'document-processing', subArea: 'analyze' }, () =>
          analyze(ctx, caller, request),
        ),
      { detail: { summary: 'Analyze a file without storing it (multipart: type, file)' } },
    )
    .get('/document/download/:id/original', async ({ caller, params, request }) =>
      fileResponse(await api.documents.file(caller.projectId, params.id), { request }),
    )
    .get('/document/download/:id/email', async ({ caller, params, request }) => {
      const doc = await api.documents.get(caller.projectId, params.id);
      const emailId = doc.kind === 'email' ? doc.id : doc.emailId;
      if (!emailId)
        throw new DocfloError('not_found', 'EMAIL_NOT_FOUND', 'This document did not come from an e-mail');
      return fileResponse(await api.documents.file(caller.projectId, emailId), {
        request,
        mime: 'message/rfc822',
      });
    })
    .patch(
      '/document/fields/:id',
      ({ caller, params, body }) =>
        logged(ctx, caller, { area: 'document', subArea: 'fields', documentId: params.id }, async () => {
          const doc = await api.documents.get(caller.projectId, params.id);
          if (doc.ocrStatus === 'queued' || doc.ocrStatus === 'processing')
            throw new DocfloError('conflict', 'DOCUMENT_NOT_READY', 'The document is still being processed');
          const config = await ctx.types.get(caller.projectId, docfloType(doc.docType));
          const newId = () => api.records.newId();
          const current =
            (await ctx.results.ensure(caller.projectId, doc)) ?? fromExtraction(config, null, newId);
          const editor = {
            name: caller.principal.label || caller.principal.keyId,
            at: iso(Date.now()) as string,
          };
          const { fields, changed } = applyFieldPatch(config, current, body.fields, editor, newId);
          await ctx.results.saveEdited(caller.projectId, doc, fields);
          await api.events.emit({
            type: 'fields.updated',
            projectId: caller.projectId,
            documentId: doc.id,
            keyId: caller.principal.keyId,
            data: { document: { ...doc, results: { fields } }, fields: changed },
          });
          return documentJson(doc, await ctx.approvals.of(caller.projectId, doc.id), fields);
        }),
      {
        body: t.Object({ fields: t.Record(t.String(), t.Unknown()) }),
        detail: { summary: 'Update result fields (array items: operation create|update|delete, _id)' },
      },
    )
    .patch(
      '/document/info/:id',
      ({ caller, params, body }) =>
        logged(ctx, caller, { area: 'document', subArea: 'review', documentId: params.id }, () =>
          updateInfo(ctx, caller, params.id, body),
        ),
      {
        body: t.Object({
          status: t.Optional(t.String({ maxLength: 40 })),
          approvers: t.Optional(t.Array(t.String({ maxLength: 100 }), { maxItems: 50 })),
          favorite: t.Optional(t.Boolean()),
        }),
        detail: { summary: 'Update the status (and approvers, favorite) of a document' },
      },
    )
    .get('/document/info/:id', async ({ caller, params }) => {
      const doc = await api.documents.get(caller.projectId, params.id);
      const history = (await api.audit.list({ projectId: caller.projectId, documentId: doc.id, limit: 100 }))
        .rows;
      return {
        ...(await fullDocument(ctx, caller.projectId, doc)),
        processing: {
          ocrStatus: doc.ocrStatus,
          language: doc.ocrLang,
          pages: doc.pageCount,
          confidence: doc.confidence,
          startedAt: iso(doc.ocrStartedAt),
          completedAt: iso(doc.ocrCompletedAt),
          error: doc.ocrError,
          extractionStatus: doc.extractStatus,
        },
        history: history.map((h) => ({
          type: h.type,
          area: h.area,
          subArea: h.subArea,
          message: h.message,
          userId: h.keyId,
          createdAt: iso(h.createdAt),
        })),
      };
    });
}

async function approvalsOf(ctx: Ctx, caller: DocfloCaller, ids: string[]): Promise<string[]> {
  return ids.length ? ctx.approvals.validate(caller.projectId, ids) : [];
}
