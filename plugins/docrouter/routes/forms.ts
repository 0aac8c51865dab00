import { t } from 'elysia';
import { AppError, type DialectApi, dialectRouter, iso, type StoredRecord } from '../../../src/plugin-api.ts';
import { type DocRouterCaller, orgOf } from '../auth.ts';
import { assertTagIds } from './documents.ts';
import { q } from '../envelope.ts';
import { listTaggedRevisions, revisionRoutes, type VersionedStore } from '../versioned.ts';

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
export function formRoutes(api: DialectApi, forms: VersionedStore) {
  const config = async (projectId: string, body: typeof formBody.static) => {
    const tagIds = body.tag_ids ?? [];
    await assertTagIds(api, projectId, tagIds);
    return {
      response_format: {
        json_formio: body.response_format.json_formio ?? null,
        json_formio_mapping: body.response_format.json_formio_mapping ?? null,
      },
      tag_ids: tagIds,
    };
  };
  const findSubmission = async (projectId: string, documentId: string, formRevid: string) =>
    (
      await api.records.list<Submission>(SUBMISSIONS, projectId, {
        where: { document_id: documentId, form_revid: formRevid },
        limit: 1,
      })
    ).items[0];

  return dialectRouter<DocRouterCaller>({ prefix: '/orgs/:organization_id/forms' })
    .post(
      '/submissions/:document_id',
      async ({ caller, params, body }) => {
        const projectId = orgOf(caller);
        await forms.revision(projectId, body.form_revid);
        const doc = await api.documents.get(projectId, params.document_id);
        const data: Submission = {
          document_id: doc.id,
          form_revid: body.form_revid,
          submission_data: body.submission_data,
          submitted_by: body.submitted_by ?? caller.principal.label,
        };
        const existing = await findSubmission(projectId, doc.id, body.form_revid);
        return submissionJson(
          existing
            ? await api.records.update(SUBMISSIONS, projectId, existing.id, data)
            : await api.records.create(SUBMISSIONS, projectId, data),
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
    .get('/submissions/:document_id', async ({ caller, params, query }) => {
      const projectId = orgOf(caller);
      const formRevid = q.required(query, 'form_revid');
      const doc = await api.documents.get(projectId, params.document_id);
      const found = await findSubmission(projectId, doc.id, formRevid);
      return new Response(JSON.stringify(found ? submissionJson(found) : null), {
        headers: { 'content-type': 'application/json' },
      });
    })
    .delete('/submissions/:document_id', async ({ caller, params, query }) => {
      const projectId = orgOf(caller);
      const formRevid = q.required(query, 'form_revid');
      const doc = await api.documents.get(projectId, params.document_id);
      const found = await findSubmission(projectId, doc.id, formRevid);
      if (!found) throw new AppError('not_found', 'Form submission not found');
      await api.records.delete(SUBMISSIONS, projectId, found.id);
      return { message: 'Form submission deleted successfully' };
    })
    .post(
      '',
      async ({ caller, body }) => {
        const projectId = orgOf(caller);
        return forms.create(projectId, body.name, await config(projectId, body), caller.principal.label);
      },
      { body: formBody },
    )
    .get('', async ({ caller, query }) => {
      const projectId = orgOf(caller);
      return listTaggedRevisions(api, projectId, await forms.latestAll(projectId), query, 'forms');
    })
    .use(revisionRoutes(forms, 'forms', 'Form deleted successfully'))
    .put(
      '/:id',
      async ({ caller, params, body }) => {
        const projectId = orgOf(caller);
        return forms.update(
          projectId,
          params.id,
          { name: body.name, config: await config(projectId, body) },
          caller.principal.label,
        );
      },
      { body: formBody },
    );
}
