import { t } from 'elysia';
import { DOCUMENT_SORT_FIELDS, type DocumentSortField } from '../db/port/index.ts';
import { AppError } from '../errors.ts';
import { iso, parseDateParam } from '../plugin-api.ts';
import type { Services } from '../services.ts';
import { defineHttpDialect } from './dialect.ts';
import { nativeRouteModules } from './native/routes.ts';
import { documentJson, jobJson, queryAll } from './native/shapes.ts';
import { nativeWebhooks } from './native/webhooks.ts';
import type { NativeCaller } from './native/types.ts';
import { boolParam, intParam, jsonObjectParam, listParam } from '../plugin-api.ts';
import { json } from '../plugin-api.ts';
import { fileResponse } from './respond.ts';

function parseSort(
  value: string | undefined,
): { field: DocumentSortField; dir: 'asc' | 'desc' }[] | undefined {
  if (!value) return undefined;
  return listParam(value).map((s) => {
    const dir = s.startsWith('-') ? ('desc' as const) : ('asc' as const);
    const field = s.replace(/^[-+]/, '') as DocumentSortField;
    if (!DOCUMENT_SORT_FIELDS.includes(field))
      throw new AppError(
        'bad_request',
        `Cannot sort by "${field}"; use one of ${DOCUMENT_SORT_FIELDS.join(', ')}`,
      );
    return { field, dir };
  });
}

const OCR_MODES = ['auto', 'force', 'skip'] as const;
/** Values of the search `type` filter (document kinds). */
const SEARCH_TYPES = ['pdf', 'image', 'docx', 'xlsx', 'text', 'email'];
const LANG = /^[a-z_]{3,8}(\+[a-z_]{3,8})*$/;

function ocrOptions(lang: string | undefined, mode: string | undefined) {
  if (lang !== undefined && !LANG.test(lang))
    throw new AppError('bad_request', 'lang must look like tha+eng');
  if (mode !== undefined && !OCR_MODES.includes(mode as never))
    throw new AppError('bad_request', `mode must be one of ${OCR_MODES.join(', ')}`);
  return { lang, mode: mode as (typeof OCR_MODES)[number] | undefined };
}

/**
 * docserve's own API under /api/v1, built on the same dialect contract as the vendor plugins.
 * Auth: `Authorization: Bearer <key>` (or `X-Api-Key`); organization keys pick a project with
 * `X-Project-Id` or `?project_id=`, else the organization's default project.
 */
export const nativeApi = defineHttpDialect<NativeCaller, Services>({
  id: 'native',
  title: 'docserve native API',
  prefixes: ['/api/v1'],

  async authenticate({ headers, query }, api) {
    const raw = headers.authorization?.match(/^\s*Bearer\s+(\S+)\s*$/i)?.[1] ?? headers['x-api-key'];
    if (!raw) throw new AppError('unauthorized', 'Missing API key: send Authorization: Bearer <key>');
    const principal = await api.keys.require(raw);
    const project = await api.tenancy.resolveProject(principal, headers['x-project-id'] ?? query.project_id);
    return { principal, projectId: project.id };
  },

  webhooks: nativeWebhooks,

  renderError(err) {
    const body: { error: { code: string; message: string; details?: unknown } } = {
      error: { code: err.code, message: err.message },
    };
    if (err.details !== undefined) body.error.details = err.details;
    return { status: err.status, body };
  },

  routes: (app, api) =>
    nativeRouteModules(app, api)
      .get('/me', async ({ caller }) => {
        const key = await api.keys.get(caller.principal.keyId);
        return {
          key: {
            id: caller.principal.keyId,
            label: caller.principal.label,
            preview: key?.preview,
            read_only: caller.principal.readOnly,
          },
          organization_id: caller.principal.orgId,
          project_id: caller.projectId,
          scope: caller.principal.projectId ? 'project' : 'organization',
        };
      })
      .get('/projects', async ({ caller }) => ({
        data: (await api.tenancy.projectsOf(caller.principal)).map((p) => ({
          id: p.id,
          organization_id: p.orgId,
          name: p.name,
          description: p.description,
          created_at: iso(p.createdAt),
        })),
      }))
      .post(
        '/documents',
        async ({ request, caller }) => {
          const form = await api.parseUpload(request);
          try {
            const file = form.files.find((f) => f.field === 'file') ?? form.files[0];
            if (!file)
              throw new AppError(
                'bad_request',
                'No file: send the document in a multipart field named "file"',
              );
            const { lang, mode } = ocrOptions(form.field('lang'), form.field('mode'));
            const result = await api.documents.ingest({
              projectId: caller.projectId,
              filename: form.field('name') || file.filename,
              staged: file.staged,
              folderId: form.field('folder_id') || null,
              tags: listParam(form.fields.tags ?? form.fields['tags[]']),
              metadata: jsonObjectParam(form.field('metadata'), 'metadata'),
              runOcr: boolParam(form.field('run_ocr'), 'run_ocr', true),
              ocr: { lang, mode },
              actor: { keyId: caller.principal.keyId, label: caller.principal.label },
              dedupe: true,
            });
            return json(
              { data: documentJson(result.document), duplicate: result.duplicate },
              result.duplicate ? 200 : 201,
            );
          } catch (err) {
            await form.discard();
            throw err;
          }
        },
        { detail: { summary: 'Upload a document (multipart field "file")' } },
      )
      .get(
        '/documents',
        async ({ caller, query, request }) => {
          const search = request.url.slice(request.url.indexOf('?') + 1 || request.url.length);
          const body = await api.cache.memoAsync(
            `native:documents:${caller.projectId}:${search}`,
            async () => {
              const page = intParam(query.page, 'page', 1, 1, 1_000_000);
              const perPage = intParam(query.per_page, 'per_page', 20, 1, 100);
              const trashed = boolParam(query.trashed, 'trashed', false);
              const tagIds = await api.documents.findTagIds(caller.projectId, queryAll(request, 'tags'));
              const { items, total } =
                tagIds === null
                  ? { items: [], total: 0 }
                  : await api.documents.list(
                      {
                        projectId: caller.projectId,
                        state: trashed ? 'trash' : 'live',
                        folderId: query.folder_id || undefined,
                        tagIds,
                        kinds: queryAll(request, 'type'),
                        ocrStatuses: queryAll(request, 'status'),
                        reviewStatuses: queryAll(request, 'review_status').map((r) =>
                          r === 'none' ? null : r,
                        ),
                        docTypes: queryAll(request, 'doc_type'),
                        nameContains: query.q || undefined,
                        createdFrom: parseDateParam(query.created_from, 'created_from'),
                        createdBefore: parseDateParam(query.created_to, 'created_to', true),
                      },
                      { offset: (page - 1) * perPage, limit: perPage, sort: parseSort(query.sort) },
                    );
              return JSON.stringify({
                data: items.map(documentJson),
                meta: { total, page, per_page: perPage, pages: Math.ceil(total / perPage) },
              });
            },
          );
          return new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8' } });
        },
        {
          detail: {
            summary:
              'List documents (filters: folder_id, tags, type, status, review_status (none = not reviewed), doc_type, q, created_from/to, trashed, sort)',
          },
        },
      )
      .get(
        '/search',
        async ({ caller, query, request }) => {
          const q = (query.q ?? '').trim();
          if (!q) throw new AppError('bad_request', 'q is required: the text to search for');
          if (q.length > 1000) throw new AppError('bad_request', 'q must be at most 1000 characters');
          const page = intParam(query.page, 'page', 1, 1, 10_000);
          const perPage = intParam(query.per_page, 'per_page', 20, 1, 100);
          const kinds = queryAll(request, 'type');
          const unknown = kinds.filter((k) => !SEARCH_TYPES.includes(k));
          if (unknown.length)
            throw new AppError('bad_request', `type must be one of ${SEARCH_TYPES.join(', ')}`, {
              details: { unknown },
            });
          const result = await api.search.search({
            projectId: caller.projectId,
            q,
            kinds,
            tags: queryAll(request, 'tags').map((t) => t.normalize('NFC')),
            folderId: query.folder_id || undefined,
            docTypes: queryAll(request, 'doc_type'),
            createdFrom: parseDateParam(query.from, 'from'),
            createdBefore: parseDateParam(query.to, 'to', true),
            offset: (page - 1) * perPage,
            limit: perPage,
          });
          const ids = result.hits.map((h) => h.documentId);
          const { items } = await api.documents.list(
            { projectId: caller.projectId, ids },
            { limit: Math.max(1, ids.length) },
          );
          const views = new Map(items.map((d) => [d.id, d]));
          return {
            data: result.hits.flatMap((h) => {
              const doc = views.get(h.documentId);
              return doc
                ? [
                    {
                      document: documentJson(doc),
                      score: h.score,
                      snippet: h.snippet,
                      matched: { fields: h.fields, terms: h.terms },
                    },
                  ]
                : [];
            }),
            meta: {
              total: result.total,
              page,
              per_page: perPage,
              pages: Math.ceil(result.total / perPage),
              partial: result.partial,
            },
          };
        },
        {
          detail: {
            summary:
              'Full-text search (Thai and English) over names and content: q, type, tags, folder_id, doc_type, from, to, page, per_page. "quoted text" must match as a phrase.',
          },
        },
      )
      .get('/documents/:id', async ({ caller, params }) => ({
        data: documentJson(await api.documents.get(caller.projectId, params.id)),
      }))
      .patch(
        '/documents/:id',
        async ({ caller, params, body }) => {
          const doc = await api.documents.update(
            caller.projectId,
            params.id,
            {
              name: body.name,
              tags: body.tags,
              folderId: body.folder_id,
              metadata: body.metadata as Record<string, unknown> | undefined,
              docType: body.doc_type,
              favorite: body.favorite,
              reviewStatus: body.review_status,
            },
            { keyId: caller.principal.keyId, label: caller.principal.label },
          );
          return { data: documentJson(doc) };
        },
        {
          body: t.Object({
            name: t.Optional(t.String({ minLength: 1, maxLength: 255 })),
            tags: t.Optional(t.Array(t.String({ maxLength: 100 }), { maxItems: 100 })),
            folder_id: t.Optional(t.Nullable(t.String({ maxLength: 200 }))),
            metadata: t.Optional(t.Record(t.String(), t.Unknown())),
            doc_type: t.Optional(t.Nullable(t.String({ maxLength: 100 }))),
            favorite: t.Optional(t.Boolean()),
            review_status: t.Optional(t.Nullable(t.String({ maxLength: 50 }))),
          }),
        },
      )
      .delete('/documents/:id', async ({ caller, params, query }) => {
        if (boolParam(query.permanent, 'permanent', false)) {
          await api.documents.purge(caller.projectId, params.id);
          return { data: { id: params.id, purged: true } };
        }
        return {
          data: documentJson(
            await api.documents.trash(caller.projectId, params.id, { keyId: caller.principal.keyId }),
          ),
        };
      })
      .post('/documents/:id/restore', async ({ caller, params }) => ({
        data: documentJson(
          await api.documents.restore(caller.projectId, params.id, { keyId: caller.principal.keyId }),
        ),
      }))
      .get('/documents/:id/file', async ({ caller, params, query, request }) => {
        const variant =
          query.variant === 'pdf' ? 'pdf' : query.variant && query.variant !== 'original' ? null : 'original';
        if (!variant) throw new AppError('bad_request', 'variant must be original or pdf');
        const f = await api.documents.file(caller.projectId, params.id, variant);
        return fileResponse(request, f);
      })
      .get('/documents/:id/text', async ({ caller, params, query }) => {
        const page = query.page ? intParam(query.page, 'page', 1, 1, 100_000) : undefined;
        return new Response(await api.documents.text(caller.projectId, params.id, page), {
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        });
      })
      .get('/documents/:id/pages', async ({ caller, params }) => ({
        data: (await api.documents.pages(caller.projectId, params.id)).map((p) => ({
          page: p.pageNo,
          source: p.source,
          text: p.text,
          raw_text: p.rawText,
          confidence: p.confidence,
          width: p.width,
          height: p.height,
          error: p.error,
          blocks: p.blocks,
        })),
      }))
      .post(
        '/documents/:id/ocr',
        async ({ caller, params, body }) => {
          const opts = ocrOptions(body?.lang, body?.mode);
          const job = await api.documents.reprocess(caller.projectId, params.id, opts, {
            keyId: caller.principal.keyId,
          });
          return json({ data: jobJson(job) }, 202);
        },
        {
          body: t.Optional(
            t.Object({
              lang: t.Optional(t.String({ maxLength: 40 })),
              mode: t.Optional(t.String({ maxLength: 10 })),
            }),
          ),
        },
      )
      .get('/documents/:id/jobs', async ({ caller, params }) => ({
        data: (await api.documents.jobsOf(caller.projectId, params.id)).map(jobJson),
      }))
      .get('/jobs/:id', async ({ caller, params }) => {
        const job = await api.jobs.get(params.id);
        if (!job || job.projectId !== caller.projectId) throw new AppError('not_found', 'Job not found');
        return { data: jobJson(job) };
      }),
});
