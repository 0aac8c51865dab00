import { boolParam, type DialectApi, dialectRouter, intParam } from '../../../src/plugin-api.ts';
import type { DocinthCaller } from '../auth.ts';
import { bare, show } from '../ids.ts';
import { documentDetail, documentItem } from '../mappers.ts';
import { uploadTags } from '../tags.ts';

/** `GET /v2/documents`, `POST /v2/documents/upload`, `GET` and `DELETE /v2/documents/:id`. */
export function documentRoutes(api: DialectApi) {
  return dialectRouter<DocinthCaller>()
    .get('/documents', async ({ caller, query }) => {
      const page = intParam(query.page, 'page', 1, 1, 1_000_000);
      const perPage = intParam(query.per_page, 'per_page', 20, 1, 100);
      const { items, total } = await api.documents.list(
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
      ({ request, caller, set }) =>
        api.uploads.receive(request, async (form) => {
          const file = form.requireFile('file');
          const folder = form.field('folder_id');
          const document = await api.documents.upload({
            projectId: caller.projectId,
            file,
            folderId: folder ? bare('folder', folder) : null,
            tags: uploadTags([...(form.fields.tags ?? []), ...(form.fields['tags[]'] ?? [])]),
            runOcr: boolParam(form.field('run_ocr'), 'run_ocr', true),
            actor: { keyId: caller.principal.keyId, label: caller.principal.label },
          });
          set.status = 201;
          return documentDetail(document);
        }),
      { detail: { summary: 'Upload a document (multipart: file, folder_id, run_ocr, tags)' } },
    )
    .get('/documents/:id', async ({ caller, params }) =>
      documentDetail(await api.documents.get(caller.projectId, bare('document', params.id))),
    )
    .delete('/documents/:id', async ({ caller, params }) => {
      const doc = await api.documents.trash(caller.projectId, bare('document', params.id), {
        keyId: caller.principal.keyId,
      });
      return { id: show('document', doc.id), deleted: true, status: 'trashed' };
    });
}
