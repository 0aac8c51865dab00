import { t } from 'elysia';
import {
  AppError,
  bearerOf,
  boolParam,
  type DialectCaller,
  defineDialect,
  intParam,
  listParam,
} from '../../src/plugin-api.ts';
import { renderError } from './envelope.ts';
import { bare, show } from './ids.ts';
import { documentDetail, documentItem } from './mappers.ts';
import { extractRoute } from './ocr.ts';
import { searchRoute } from './search.ts';
import { DOCINTH_EVENTS, docinthWebhooks, webhookJson } from './webhooks.ts';

export type DocinthCaller = DialectCaller & { projectId: string };

const TOKEN_TTL = 3600;

/**
 * DOC.IN.TH REST API v2 at `/v2`. Bearer auth with the raw API key or a token from `/v2/auth/token`
 * (a token works for its workspace only); ids shown as `doc_…`, `ws_…`, `fld_…` and accepted bare;
 * per-key rate limits with `X-RateLimit-*` headers (plan M, 500/min, by default).
 */
export const docinth = defineDialect<DocinthCaller>({
  id: 'docinth',
  title: 'DOC.IN.TH v2',
  prefixes: ['/v2'],
  renderError,
  rateLimit: {
    windowMs: 60_000,
    defaultLimit: 500,
    headers: (d) => ({
      'X-RateLimit-Limit': String(d.limit),
      'X-RateLimit-Remaining': String(d.remaining),
      'X-RateLimit-Reset': String(Math.ceil(d.resetAt / 1000)),
    }),
  },

  authenticate({ headers }, api) {
    const bearer = bearerOf(headers.authorization);
    if (!bearer)
      throw new AppError('unauthorized', 'Missing credentials: send Authorization: Bearer YOUR_API_KEY');
    if (api.tokens.looksLikeToken(bearer)) {
      const { claims, principal } = api.tokens.verify(bearer, 'docinth');
      if (!claims.prj || !api.tenancy.canAccess(principal, claims.prj))
        throw new AppError('unauthorized', 'Token is not valid for this workspace');
      return { principal, projectId: claims.prj };
    }
    const principal = api.keys.require(bearer);
    const requested = headers['x-workspace-id'];
    return {
      principal,
      projectId: api.tenancy.resolveProject(principal, requested ? bare('workspace', requested) : null).id,
    };
  },

  publicRoutes: (app, api) =>
    app.post(
      '/auth/token',
      ({ body }) => {
        const principal = api.keys.require(body.api_key);
        const projectId = bare('workspace', body.workspace_id);
        if (!api.tenancy.canAccess(principal, projectId))
          throw new AppError('unauthorized', 'This API key has no access to that workspace');
        const { token } = api.tokens.issue(principal, { aud: 'docinth', ttlSeconds: TOKEN_TTL, projectId });
        return { access_token: token, expires_in: TOKEN_TTL, token_type: 'Bearer' };
      },
      {
        body: t.Object({ api_key: t.String({ minLength: 1 }), workspace_id: t.String({ minLength: 1 }) }),
        detail: { summary: 'Exchange an API key for a workspace access token' },
      },
    ),

  routes: (app, api) =>
    app
      .get('/documents', ({ caller, query }) => {
        const page = intParam(query.page, 'page', 1, 1, 1_000_000);
        const perPage = intParam(query.per_page, 'per_page', 20, 1, 100);
        const { items, total } = api.documents.list(
          {
            projectId: caller.projectId,
            folderId: query.folder_id ? bare('folder', query.folder_id) : undefined,
          },
          { offset: (page - 1) * perPage, limit: perPage },
        );
        return { data: items.map(documentItem), meta: { total, page, per_page: perPage } };
      })
      .post(
        '/documents/upload',
        async ({ request, caller, set }) => {
          const form = await api.parseUpload(request);
          try {
            const file = form.files.find((f) => f.field === 'file');
            if (!file)
              throw new AppError(
                'bad_request',
                'Missing file: send the document in the multipart field "file"',
              );
            const folder = form.field('folder_id');
            const { document } = await api.documents.ingest({
              projectId: caller.projectId,
              filename: file.filename,
              staged: file.staged,
              folderId: folder ? bare('folder', folder) : null,
              tags: listParam([...(form.fields.tags ?? []), ...(form.fields['tags[]'] ?? [])]),
              runOcr: boolParam(form.field('run_ocr'), 'run_ocr', true),
              actor: { keyId: caller.principal.keyId, label: caller.principal.label },
            });
            set.status = 201;
            return documentDetail(document);
          } catch (err) {
            await form.discard();
            throw err;
          }
        },
        { detail: { summary: 'Upload a document (multipart: file, folder_id, run_ocr, tags)' } },
      )
      .get('/documents/:id', ({ caller, params }) =>
        documentDetail(api.documents.get(caller.projectId, bare('document', params.id))),
      )
      .delete('/documents/:id', ({ caller, params }) => {
        const doc = api.documents.trash(caller.projectId, bare('document', params.id), {
          keyId: caller.principal.keyId,
        });
        return { id: show('document', doc.id), deleted: true, status: 'trashed' };
      })
      .use(searchRoute(api))
      .use(extractRoute(api))
      .post(
        '/webhooks',
        ({ caller, body, set }) => {
          const unknown = body.events.filter((e) => !DOCINTH_EVENTS.includes(e));
          if (unknown.length)
            throw new AppError(
              'bad_request',
              `Unknown events: ${unknown.join(', ')}. Available: ${DOCINTH_EVENTS.join(', ')}`,
            );
          const hook = api.webhooks.create({
            projectId: caller.projectId,
            dialect: 'docinth',
            url: body.url,
            events: [...new Set(body.events)],
            secret: body.secret,
          });
          set.status = 201;
          return { ...webhookJson(hook), secret: hook.secret };
        },
        {
          body: t.Object({
            url: t.String({ minLength: 1, maxLength: 2000 }),
            events: t.Array(t.String(), { minItems: 1, maxItems: 20 }),
            secret: t.Optional(t.String({ minLength: 8, maxLength: 200 })),
          }),
        },
      )
      .get('/webhooks', ({ caller }) => ({
        data: api.webhooks.list(caller.projectId, 'docinth').map(webhookJson),
      }))
      .delete('/webhooks/:id', ({ caller, params }) => {
        const id = bare('webhook', params.id);
        const hook = api.webhooks.list(caller.projectId, 'docinth').find((h) => h.id === id);
        if (!hook || !api.webhooks.delete(caller.projectId, id))
          throw new AppError('not_found', 'Webhook not found');
        return { id: show('webhook', id), deleted: true };
      }),

  webhooks: docinthWebhooks,
});
