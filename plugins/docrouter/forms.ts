import { Elysia, t } from 'elysia';
import { AppError, type DialectServices, iso, listParam, type StoredRecord } from '../../src/plugin-api.ts';
import { type DocRouterCaller, orgOf } from './auth.ts';
import { assertTagIds } from './documents.ts';
import { q } from './envelope.ts';
import { listRevisions, type VersionedStore } from './versioned.ts';

const SUBMISSIONS = 'docrouter.form_submissions';

type Submission = {
  document_id: string;
  form_revid: string;
  submission_data: Record<string, unknown>;
  submitted_by: string | null;
};

const formBody = t.Object({
  name: t.String(),
  response_format: t.Object({
    json_formio: t.Optional(t.Nullable(t.Array(t.Unknown()))),
    json_formio_mapping: t.Optional(t.Nullable(t.Record(t.String(), t.Unknown()))),
  }),
  tag_ids: t.Optional(t.Array(t.String())),
});

function submissionJson(r: StoredRecord<Submission>) {
  return {
    id: r.id,
    organization_id: r.projectId,
    form_revid: r.data.form_revid,
    submission_data: r.data.submission_data,
    submitted_by: r.data.submitted_by,
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
  };
}

/** Forms (versioned Form.io definitions) and per-document form submissions. */
export function formRoutes(api: DialectServices, forms: VersionedStore) {
  const config = (projectId: string, body: typeof formBody.static) => {
    const tagIds = body.tag_ids ?? [];
    assertTagIds(api, projectId, tagIds);
    return {
      response_format: {
        json_formio: body.response_format.json_formio ?? null,
        json_formio_mapping: body.response_format.json_formio_mapping ?? null,
      },
      tag_ids: tagIds,
    };
  };
  const findSubmission = (projectId: string, documentId: string, formRevid: string) =>
    api.records.list<Submission>(SUBMISSIONS, projectId, {
      where: { document_id: documentId, form_revid: formRevid },
      limit: 1,
    }).items[0];

  return new Elysia({ prefix: '/orgs/:organization_id/forms' })
    .post(
      '/submissions/:document_id',
      (ctx) => {
        const { caller, params, body } = ctx as typeof ctx & { caller: DocRouterCaller };
        const projectId = orgOf(caller);
        forms.revision(projectId, body.form_revid);
        const doc = api.documents.get(projectId, params.document_id);
        const data: Submission = {
          document_id: doc.id,
          form_revid: body.form_revid,
          submission_data: body.submission_data,
          submitted_by: body.submitted_by ?? caller.principal.label,
        };
        const existing = findSubmission(projectId, doc.id, body.form_revid);
        return submissionJson(
          existing
            ? api.records.update(SUBMISSIONS, projectId, existing.id, data)
            : api.records.create(SUBMISSIONS, projectId, data),
        );
      },
      {
        body: t.Object({
          form_revid: t.String(),
          submission_data: t.Record(t.String(), t.Unknown()),
          submitted_by: t.Optional(t.Nullable(t.String())),
        }),
      },
    )
    .get('/submissions/:document_id', (ctx) => {
      const { caller, params, query } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      const formRevid = q.required(query, 'form_revid');
      const doc = api.documents.get(projectId, params.document_id);
      const found = findSubmission(projectId, doc.id, formRevid);
      return new Response(JSON.stringify(found ? submissionJson(found) : null), {
        headers: { 'content-type': 'application/json' },
      });
    })
    .delete('/submissions/:document_id', (ctx) => {
      const { caller, params, query } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      const formRevid = q.required(query, 'form_revid');
      const doc = api.documents.get(projectId, params.document_id);
      const found = findSubmission(projectId, doc.id, formRevid);
      if (!found) throw new AppError('not_found', 'Form submission not found');
      api.records.delete(SUBMISSIONS, projectId, found.id);
      return { message: 'Form submission deleted successfully' };
    })
    .post(
      '',
      (ctx) => {
        const { caller, body } = ctx as typeof ctx & { caller: DocRouterCaller };
        const projectId = orgOf(caller);
        return forms.create(projectId, body.name, config(projectId, body), caller.principal.label);
      },
      { body: formBody },
    )
    .get('', (ctx) => {
      const { caller, query } = ctx as typeof ctx & { caller: DocRouterCaller };
      const projectId = orgOf(caller);
      const wanted = listParam(query.tag_ids);
      let rows = forms.latestAll(projectId);
      if (wanted.length) rows = rows.filter((r) => (r.tag_ids as string[]).some((id) => wanted.includes(id)));
      const names = new Map(api.tags.all(projectId).map((tag) => [tag.id, tag.name]));
      return listRevisions(rows, query, 'forms', (id) => names.get(id));
    })
    .get('/:id', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: DocRouterCaller };
      return forms.revision(orgOf(caller), params.id);
    })
    .get('/:id/versions', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: DocRouterCaller };
      const versions = forms.versions(orgOf(caller), params.id);
      return { forms: versions, total_count: versions.length, skip: 0 };
    })
    .put(
      '/:id',
      (ctx) => {
        const { caller, params, body } = ctx as typeof ctx & { caller: DocRouterCaller };
        const projectId = orgOf(caller);
        return forms.update(
          projectId,
          params.id,
          { name: body.name, config: config(projectId, body) },
          caller.principal.label,
        );
      },
      { body: formBody },
    )
    .delete('/:id', (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: DocRouterCaller };
      forms.delete(orgOf(caller), params.id);
      return { message: 'Form deleted successfully' };
    });
}
